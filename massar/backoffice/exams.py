"""Exams in the back office: the sessions of each year with their papers (subjects, coefficients per stream,
dates), the year's result rules, candidates and the stored results.

| resource                         | ministry, superuser | academy officer             | directorate officer          |
|----------------------------------|---------------------|-----------------------------|------------------------------|
| exam sessions and their papers   | VACD                | VAC: the academy's sessions | VAC: the directorate's       |
| result rules                     | VACD                | V                           | V                            |
| candidates                       | VAC                 | VAC (free candidates)       | V                            |
| results                          | V                   | V                           | V                            |
| promotion rules (end of year)    | VACD                | V                           | V                            |

An officer sees every session (the calendar is national data) but changes only those their body owns
(exams.scopes.sessions_owned_by). Copies (the anonymous marks) are not in the back office: they are entered
on the marking grid, by anonymous number only. Results are written by the publication alone.
"""

from django.contrib import admin
from django.http import HttpRequest

from massar.backoffice.columns import OfficialStatusColumn, coefficient_column
from massar.backoffice.scoped import EDIT, READ, ScopedAdmin, ScopedInline
from massar.core.roles import Role
from massar.exams.models import Candidate, ExamPaper, ExamResult, ExamSession, PromotionRules, ResultRules
from massar.exams.scopes import sessions_owned_by

OWNERS: dict[str, frozenset[str]] = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: EDIT}


class ExamPaperInline(ScopedInline, admin.TabularInline):
    model = ExamPaper
    role_actions = OWNERS
    fields = ("stream", "subject", "coefficient", "sits_on", "duration_minutes", "officially_confirmed")
    extra = 0

    def _owns(self, request: HttpRequest, obj) -> bool:
        return obj is None or sessions_owned_by(request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._owns(request, obj)


@admin.register(ExamSession)
class ExamSessionAdmin(ScopedAdmin):
    role_actions = OWNERS
    inlines = (ExamPaperInline,)
    list_display = ("school_year", "kind", "number", "level", "academy", "directorate", "state", "starts_on",
                    "results_on")
    list_filter = ("school_year", "kind", "number", "state")
    list_select_related = ("school_year", "level", "academy", "directorate")
    # The state moves through the marking pages and the publication, never by hand.
    readonly_fields = ("state", "published_at")

    def can_change_object(self, request: HttpRequest, obj) -> bool:
        return sessions_owned_by(request.user).filter(pk=obj.pk).exists()


@admin.register(ResultRules)
class ResultRulesAdmin(OfficialStatusColumn, ScopedAdmin):
    list_display = ("school_year", "level", "candidate_kind", coefficient_column(ResultRules, "continuous_weight"),
                    coefficient_column(ResultRules, "local_weight"), coefficient_column(ResultRules, "regional_weight"),
                    coefficient_column(ResultRules, "national_weight"), "admission_threshold",
                    "second_session_threshold", "rounding", "official_status")
    list_filter = ("school_year", "level", "candidate_kind", "officially_confirmed")
    list_select_related = ("school_year", "level")


@admin.register(Candidate)
class CandidateAdmin(ScopedAdmin):
    ministry_actions = EDIT
    role_actions: dict[str, frozenset[str]] = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ}
    list_display = ("exam_number", "student", "kind", "session", "stream", "school", "academy")
    list_filter = ("kind", "session__school_year", "session__kind")
    list_select_related = ("student", "session__school_year", "session__level", "stream__level", "school", "academy")
    search_fields = ("exam_number", "student__massar_code")
    raw_id_fields = ("student",)


@admin.register(ExamResult)
class ExamResultAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("candidate", "mark", "decision", "mention", "computed_at")
    list_filter = ("session__school_year", "session__kind", "decision")
    list_select_related = ("candidate__session__school_year", "candidate__session__level")
    search_fields = ("candidate__exam_number", "student__massar_code")
    exclude = ("explanation",)


@admin.register(PromotionRules)
class PromotionRulesAdmin(OfficialStatusColumn, ScopedAdmin):
    """The thresholds of the end-of-year decisions of the levels without a certifying exam."""

    list_display = ("school_year", "level", "promoted_from", "dismissed_below", "official_status")
    list_filter = ("school_year", "level", "officially_confirmed")
    list_select_related = ("school_year", "level")
