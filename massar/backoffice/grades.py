"""The grade rule tables in the back office: the ministry edits them, officers read them (national data)."""

from django.contrib import admin

from massar.backoffice.columns import OfficialStatusColumn
from massar.backoffice.scoped import ScopedAdmin
from massar.grades.models import AssessmentRule, MarkScale, YearGradeRules


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(OfficialStatusColumn, ScopedAdmin):
    list_display = ("school_year", "subject", "level", "tests_count", "tests_weight", "activities_weight",
                    "plain_mean_of_tests", "official_status")
    list_filter = ("officially_confirmed", "school_year", "plain_mean_of_tests")
    list_select_related = ("school_year", "subject", "level")
    search_fields = ("subject__code", "subject__name_fr", "subject__name_ar")


@admin.register(YearGradeRules)
class YearGradeRulesAdmin(ScopedAdmin):
    list_display = ("school_year", "first_semester_weight", "second_semester_weight", "rounding",
                    "parents_delay_days")


@admin.register(MarkScale)
class MarkScaleAdmin(OfficialStatusColumn, ScopedAdmin):
    """What each level's marks are out of (10 in primary school). A sheet keeps the scale it was opened with,
    so a change here reaches only the sheets opened after it."""

    list_display = ("school_year", "level", "out_of", "official_status")
    list_filter = ("officially_confirmed", "school_year", "out_of")
    list_select_related = ("school_year", "level")
