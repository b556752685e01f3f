"""The student file with its guardians and enrolments, guardians, enrolments, and the Massar code ledger.

A student file is opened through `student_file_open`, which issues the Massar code; the code is shown, never
edited. Enrolment history is kept: nobody deletes an enrolment, and a row of another territory's class (a
transferred student's past) is shown but not editable.
"""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from massar.backoffice.columns import ClassSchoolColumn
from massar.backoffice.scoped import CHANGE, EDIT, READ, ScopedAdmin, ScopedChangeList, ScopedInline
from massar.core.roles import Role
from massar.schools.models import SchoolClass
from massar.schools.scopes import classes_visible_to
from massar.students.codes import massar_code_normalize
from massar.students.models import (
    Enrolment,
    EnrolmentStatus,
    Guardian,
    IssuedMassarCode,
    MassarCodeCounter,
    Student,
    StudentGuardian,
    TransferRequest,
)
from massar.students.scopes import enrolments_registered_in
from massar.students.selectors import enrolments_matching, students_matching
from massar.students.services import student_file_open

NAMES = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")
TERRITORY_EDITS: dict[str, frozenset[str]] = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ}


class GuardianLinkInline(ScopedInline, admin.TabularInline):
    """On a student's page: their guardians."""

    model = StudentGuardian
    fk_name = "student"
    role_actions = TERRITORY_EDITS
    fields = ("guardian", "relation", "linked_at")
    readonly_fields = ("linked_at",)
    autocomplete_fields = ("guardian",)
    extra = 0


class ChildLinkInline(GuardianLinkInline):
    """On a guardian's page: their children in the caller's territory (others stay hidden)."""

    fk_name = "guardian"
    fields = ("student", "relation", "linked_at")
    autocomplete_fields = ("student",)


class EnrolmentFormSet(BaseInlineFormSet):
    actor = None  # the signed-in user, set per request by EnrolmentInline.get_formset

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk and "school_class" in form.fields:
            # An enrolment never moves to another class: a new class is a new enrolment.
            school_class = form.fields["school_class"]
            school_class.queryset = SchoolClass.objects.filter(pk=form.instance.school_class_id)
            school_class.disabled = True
            in_territory = classes_visible_to(self.actor).filter(pk=form.instance.school_class_id)
            if not in_territory.exists():
                # A class of another territory (a transferred student's past): readable, edited by its school.
                # The row's id and student are still sent: the browser omits disabled inputs.
                for name, field in form.fields.items():
                    field.disabled = field.disabled or name not in (self._pk_field.name, self.fk.name)
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # The database allows one active enrolment per student and year; the form cannot see that constraint
        # (the year is copied from the class on save), so check the state the whole formset would leave.
        # Every row counts here, whoever may see it: this is the constraint, not a listing.
        state = {}
        if self.instance.pk:
            state = {e.pk: (e.school_year_id, e.status) for e in Enrolment.objects.filter(student=self.instance)}
        new_rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("school_class") is None:
                continue
            row = (data["school_class"].school_year_id, data.get("status"))
            if form.instance.pk:
                state[form.instance.pk] = row
            else:
                new_rows.append(row)
        active_years = [year for year, status in [*state.values(), *new_rows] if status == EnrolmentStatus.ACTIVE]
        if len(active_years) != len(set(active_years)):
            raise forms.ValidationError(_("A student has at most one active enrolment per school year."),
                                        code="two_active_enrolments")


class EnrolmentInline(ScopedInline, admin.TabularInline):
    model = Enrolment
    formset = EnrolmentFormSet
    ministry_actions = EDIT  # history is kept: an enrolment ends through its status, it is never deleted
    role_actions = TERRITORY_EDITS
    fields = ("school_class", "school_year", "status", "enrolled_on", "left_on")
    readonly_fields = ("school_year",)
    autocomplete_fields = ("school_class",)
    can_delete = False
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"actor": request.user})


@admin.register(Student)
class StudentAdmin(ScopedAdmin):
    role_actions = TERRITORY_EDITS
    inlines = [GuardianLinkInline, EnrolmentInline]
    list_display = ("massar_code", "name_latin", "name_ar", "birth_date", "gender", "opened_by")
    list_filter = ("enrolments__school_year", "enrolments__school_class__level", "gender")
    list_select_related = ("opened_by",)
    search_fields = ("=massar_code", *NAMES)
    autocomplete_fields = ("opened_by",)
    person_fields = (*NAMES, "birth_date", "birth_place_ar", "birth_place_latin", "gender", "cnie")

    def search_rows(self, rows: QuerySet, term: str) -> QuerySet:
        """The staff list's search (students_matching): a Massar code through its unique index in any case,
        names through the trigram indexes. Django's own compares UPPER(code) too, which no index serves, and
        so reads every student of the nation."""
        return students_matching(rows, term)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The code does not exist yet: student_file_open issues it when the file is saved.
            return [(None, {"fields": (*self.person_fields, "opened_by")})]
        return [(None, {"fields": ("massar_code", *self.person_fields, "opened_by", "opened_at")})]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        # Issued for life; and which school opened the file is a fact of its history.
        return [*readonly, "massar_code", "opened_by", "opened_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        opened = student_file_open(
            school=obj.opened_by, first_name_ar=obj.first_name_ar, last_name_ar=obj.last_name_ar,
            first_name_latin=obj.first_name_latin, last_name_latin=obj.last_name_latin, birth_date=obj.birth_date,
            birth_place_ar=obj.birth_place_ar, birth_place_latin=obj.birth_place_latin, gender=obj.gender,
            cnie=obj.cnie,
        )
        # The admin goes on with `obj` (inlines, log, redirect): make it the saved file, code included.
        for field in Student._meta.concrete_fields:
            setattr(obj, field.attname, getattr(opened, field.attname))
        obj._state.adding = False
        obj._state.db = opened._state.db
        return None

    @admin.display(description=_("name (Latin letters)"), ordering="last_name_latin")
    def name_latin(self, student: Student) -> str:
        return student.full_name_latin

    @admin.display(description=_("name (Arabic)"), ordering="last_name_ar")
    def name_ar(self, student: Student) -> str:
        return student.full_name_ar


@admin.register(Guardian)
class GuardianAdmin(ScopedAdmin):
    # An academy officer does not create a guardian: linked to no student yet, it would leave their territory.
    role_actions: dict[str, frozenset[str]] = {Role.ACADEMY_OFFICER: READ | {CHANGE},
                                               Role.DIRECTORATE_OFFICER: READ}
    inlines = [ChildLinkInline]
    list_display = ("last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar", "phone", "email")
    search_fields = (*NAMES, "phone", "email")


class EnrolmentRegister(ScopedChangeList):
    """The list of enrolments: those of the caller's own classes (enrolments_registered_in). A student's
    earlier enrolments in another territory are read on their page, and by their address, as the scope allows."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: list[str | None] | None = None) -> QuerySet:
        self.root_queryset = enrolments_registered_in(request.user)
        return super().get_queryset(request, exclude_parameters)


@admin.register(Enrolment)
class EnrolmentAdmin(ClassSchoolColumn, ScopedAdmin):
    """The register of enrolments, read-only: they are added and changed on the student's page."""

    ministry_actions = READ
    # Newest classes first (this year's), each class's enrolments newest first: the classes' index gives a page
    # at once, the territory's classes read one after the other, where the model's order (year, then name)
    # sorts the whole scope and the primary key's walks past every other territory's newer rows (enrolments
    # are made a school at a time: 510,000 rows for a directorate of a million students, 0.5 s).
    ordering = ("-school_class_id", "-pk")
    list_display = ("student_code", "student", "school_class", "school", "school_year", "status", "enrolled_on",
                    "left_on")
    list_filter = ("school_year", "status", "school_class__level")
    list_select_related = ("student", "school_class__school", "school_year")
    search_fields = ("=student__massar_code", "student__last_name_latin", "student__last_name_ar",
                     "school_class__code")

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ScopedChangeList]:
        return EnrolmentRegister

    def search_rows(self, rows: QuerySet, term: str) -> QuerySet:
        """A student (code or names) or a class code: enrolments_matching."""
        return enrolments_matching(rows, term)

    @admin.display(description=_("Massar code"), ordering="student__massar_code")
    def student_code(self, enrolment: Enrolment) -> str:
        return enrolment.student.massar_code


@admin.register(IssuedMassarCode)
class IssuedMassarCodeAdmin(ScopedAdmin):
    """The national ledger of issued codes: read by the ministry, written only by the issuing service."""

    ministry_actions = READ
    role_actions = {}
    list_display = ("code", "issued_at")
    search_fields = ("=code",)

    def search_rows(self, rows: QuerySet, term: str) -> QuerySet:
        """A code typed in any case, with stray spaces, read from its unique index (Django's compares
        UPPER(code), which no index serves: the ledger's million codes read for one)."""
        return rows.filter(code=massar_code_normalize(term))


@admin.register(MassarCodeCounter)
class MassarCodeCounterAdmin(ScopedAdmin):
    ministry_actions = READ
    role_actions = {}
    list_display = ("letter", "issued")


@admin.register(TransferRequest)
class TransferRequestAdmin(ScopedAdmin):
    """The register of transfers, read-only: officers follow the requests leaving or entering their territory's
    schools; the steps are the schools' and the parents', on their pages (massar/portals/*/transfers.py)."""

    ministry_actions = READ
    list_display = ("student", "from_school", "to_school", "school_year", "state", "asked_by", "requested_at",
                    "certificate_issued_at", "closed_at")
    list_filter = ("state", "asked_by", "school_year")
    list_select_related = ("student", "from_school", "to_school", "school_year")
    search_fields = ("=student__massar_code", "from_school__code", "to_school__code")
    fields = ("student", "from_school", "to_school", "school_year", "state", "asked_by", "reason", "requested_by",
              "requested_at", "from_enrolment", "certificate", "certificate_issued_by", "certificate_issued_at",
              "to_enrolment", "closed_by", "closed_at", "refused_by_school", "refusal_reason")
    readonly_fields = fields
