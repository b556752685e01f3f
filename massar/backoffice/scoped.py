"""The back office's base admin (`ScopedAdmin`) and its role matrix, for ministry, academy and directorate officers.

Every model admin of Massar derives from `ScopedAdmin` (inlines from `ScopedInline`):

- rows come only from the scope layer (`rows_visible_to`): a row outside the caller's territory is
  neither listed nor reachable by URL (its change page answers "doesn't exist");
- foreign-key and many-to-many choices come from the same layer: an academy officer cannot pick another
  academy's directorate for a school, nor another territory's class for an enrolment, even by forging a POST;
- permissions come from the role matrix below, never from Django's per-model permission table.

Role matrix (V view, A add, C change, D delete), always inside the caller's territory:

| resource                                               | ministry, superuser | academy officer   | directorate officer        |
|--------------------------------------------------------|---------------------|-------------------|----------------------------|
| national reference: school years, semesters, cycles,   | VACD                | V                 | V                          |
| levels, streams, subjects, subject coefficients        |                     |                   |                            |
| academies                                              | VACD                | V (their own)     | V (their own)              |
| directorates                                           | VACD                | VAC (their academy) | V (their own)            |
| schools                                                | VACD                | VAC               | VC: names and cycles only  |
| classes, teaching assignments                          | VACD                | VAC               | V                          |
| staff members                                          | VACD                | VAC, positions up to academy officer | VC: teachers and school administrators |
| students, their guardian links                         | VACD                | VAC               | V                          |
| guardians                                              | VACD                | VC                | V                          |
| enrolments (added and changed on the student's page)   | VAC                 | VAC               | V                          |
| accounts                                               | VACD                | V                 | V                          |
| issued Massar codes and their counters                 | V                   | -                 | -                          |

Why the exceptions:
- only the ministry deletes anything; a territory corrects, it does not erase;
- nobody deletes an enrolment: history is kept, an enrolment ends through its status;
- nobody edits the code ledger, and the Massar code itself is never editable: a code is issued once, by
  `student_file_open`, and never reused (the admin's "add student" goes through that service);
- an academy officer links guardians already in their territory but does not create one: a new guardian is
  linked to no student yet, so it would fall outside their territory the moment it was saved;
- only a superuser grants superuser status.

Students, parents, teachers and school administrators never enter the back office: they have no back-office
flag (`is_staff`), and even with one set by mistake every admin here refuses them.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters, InlineModelAdmin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, Field, Model, QuerySet, Window
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext

from massar.access.registry import rows_visible_to
from massar.core.roles import BACK_OFFICE_ROLES, Role
from massar.core.search import rows_matching

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
READ = frozenset({VIEW})
EDIT = frozenset({VIEW, ADD, CHANGE})
EVERYTHING = frozenset({VIEW, ADD, CHANGE, DELETE})


def is_ministry(user) -> bool:
    return user.is_superuser or user.role == Role.MINISTRY_OFFICER


class ScopedMixin:
    """Rows, choices and permissions from the scope layer and the role matrix; shared by admins and inlines.

    A subclass states what the ministry may do (`ministry_actions`, everything by default) and what each
    officer may do (`role_actions`, view by default), and which fields an officer may not change
    (`readonly_fields_by_role`).
    """

    ministry_actions: frozenset[str] = EVERYTHING
    role_actions: Mapping[str, frozenset[str]] = {Role.ACADEMY_OFFICER: READ, Role.DIRECTORATE_OFFICER: READ}
    readonly_fields_by_role: Mapping[str, tuple[str, ...]] = {}

    model: type[Model]

    def allowed_actions(self, request: HttpRequest) -> frozenset[str]:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return frozenset()
        if is_ministry(user):
            return self.ministry_actions
        if user.role not in BACK_OFFICE_ROLES:
            return frozenset()
        return self.role_actions.get(user.role, frozenset())

    def can_change_object(self, request: HttpRequest, obj: Model) -> bool:
        """Hook for a rule on the row itself, beyond its being in scope."""
        return True

    # --- rows and choices -------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = rows_visible_to(request.user, self.model)
        ordering = self.get_ordering(request)  # type: ignore[attr-defined]
        return rows.order_by(*ordering) if ordering else rows

    def _scoped_choices(self, db_field, request: HttpRequest) -> QuerySet:
        try:
            return rows_visible_to(request.user, db_field.related_model)
        except LookupError as missing:
            raise ImproperlyConfigured(
                f"{type(self).__name__}.{db_field.name}: choices must come from the scope layer.") from missing

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        for name in self.readonly_fields_by_role.get(getattr(request.user, "role", ""), ()):
            if name not in readonly and not is_ministry(request.user):
                readonly.append(name)
        return readonly

    # --- permissions ------------------------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(self.allowed_actions(request))

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(self.allowed_actions(request) & {VIEW, CHANGE})

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # One signature for both: a ModelAdmin passes no object, an inline passes the parent object.
        return ADD in self.allowed_actions(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if CHANGE not in self.allowed_actions(request):
            return False
        return obj is None or isinstance(self, InlineModelAdmin) or self.can_change_object(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return DELETE in self.allowed_actions(request)


def yes_no_icon(value: bool | None) -> str:
    """Django admin's yes/no icon, with its text in the reader's language (Django writes `True`/`False`)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def yes_no_column(model: type[Model], name: str) -> Callable[[Any], str]:
    """A list column for a boolean field, shown with `yes_no_icon`, sorted and titled as the field."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the row's own, never a relation's reverse side

    @admin.display(description=field.verbose_name, ordering=name)
    def column(row: Any) -> str:
        return yes_no_icon(getattr(row, name))

    column.__name__ = name  # the column's CSS class stays `column-<field>`
    return column


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: a list over an academy or the nation (a million students) is paged
    without counting all of it on every page; past the cap it says "more than 10,000" and people search."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self) -> int:
        # The rows' order does not change how many there are; sorting a scope to count it would.
        rows = (self.object_list.order_by() if isinstance(self.object_list, QuerySet)
                else self.object_list)[: self.COUNT_CAP + 1]
        return rows.count() if isinstance(rows, QuerySet) else len(rows)


class ScopedChangeList(ChangeList):
    """A list whose search reads its page's keys and the number of its matches in one query: a search's matches
    are all read to be sorted anyway (names have no index in the list's order), so `COUNT(*) OVER ()` costs
    nothing more, where a second query would find them all again (an academy's "alao": 2,523 of 12,535
    namesakes, 0.1 s each time). Only the page's rows are then read with their columns and related rows: joined
    for every match, the ministry's 51,027 enrolments of "2BAC" spilled to disk to be counted. Lists that are
    not searched keep the capped count; a search whose rows could repeat (a filter across enrolments, DISTINCT)
    or "show all" takes Django's way."""

    def get_results(self, request: HttpRequest) -> None:
        if not self.query or self.show_all or self.queryset.query.distinct:
            return super().get_results(request)
        per_page = self.list_per_page
        bottom = (self.page_num - 1) * per_page
        # Sorted by the count first (the same for every row: the list's order is unchanged), so that the page is
        # sorted after every match was counted. Told to stop at a page of 100 rows in the list's order, PostgreSQL
        # otherwise believes it may stop early (it costs `COUNT(*) OVER ()` as if it did not read every match
        # first) and walks a whole territory in that order, checking each row: an academy's 199,222 enrolments
        # for 2,424 namesakes (0.35 s), or every enrolment of the nation.
        matches = self.queryset.annotate(massar_matches=Window(Count("pk")))
        keys = list(matches.order_by("massar_matches", *matches.query.order_by)
                    .values_list("pk", "massar_matches")[bottom:bottom + per_page])
        # The page's rows by the keys the scoped search just gave (its conditions, and the scope's, are not
        # evaluated a second time: a territory's scope costs 5-10 ms to check again).
        page = self.apply_select_related(self.model._default_manager.order_by())
        found = page.filter(pk__in=[pk for pk, _ in keys]).in_bulk() if keys else {}
        # A row gone between the two reads is left out, as if the page had been read a moment later.
        rows = [found[pk] for pk, _ in keys if pk in found]
        paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        if keys or self.page_num == 1:
            paginator.count = keys[0][1] if keys else 0
        if not rows and self.page_num > 1 and paginator.count:
            raise IncorrectLookupParameters  # a page past the end, as Django answers it
        self.result_count = paginator.count
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.full_result_count = None
        self.result_list = rows
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > per_page
        self.paginator = paginator
        return None


class ScopedAdmin(ScopedMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows, choices and permissions follow the caller's scope and role. Its lists count
    what they show at most up to CappedPaginator.COUNT_CAP, and never count the whole scope a second time.

    `search_halves`, when set, is how a list over a large table is searched: (the row's column, a selector
    giving the keys it may hold for the query), each half read through that column's index and written only
    if it finds something (core.search.rows_matching). `search_fields` then only says what is searched (and
    shows the search box): Django's own search joins every related table to every row with LIKE."""

    paginator = CappedPaginator
    show_full_result_count = False
    search_halves: tuple[tuple[str, Callable[[str], QuerySet]], ...] = ()

    def search_rows(self, rows: QuerySet, term: str) -> QuerySet | None:
        """The rows a (stripped, non-empty) search term finds, by the list's own selector (`students_matching`,
        …); None: by `search_halves`, or Django's search when there are none."""
        return None

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        term = search_term.strip()
        found = self.search_rows(queryset, term) if term else None
        if found is not None:
            return found, False
        if not self.search_halves:
            return super().get_search_results(request, queryset, search_term)
        if not term:
            return queryset, False
        return rows_matching(queryset, [(column, keys(term)) for column, keys in self.search_halves]), False

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return ScopedChangeList

    def get_list_display(self, request: HttpRequest):
        return [self._translated_boolean(name) for name in super().get_list_display(request)]

    def _translated_boolean(self, name):
        if not isinstance(name, str):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        return yes_no_column(self.model, name) if isinstance(field, BooleanField) else name


class ScopedInline(ScopedMixin, InlineModelAdmin):
    """An inline with the same rules; combine with a layout: `class X(ScopedInline, admin.TabularInline)`."""
