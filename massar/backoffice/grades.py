"""The grade rule tables in the back office: the ministry edits them, officers read them (national data)."""

from django.contrib import admin

from massar.backoffice.columns import OfficialStatusColumn, coefficient_column
from massar.backoffice.scoped import ScopedAdmin
from massar.grades.models import AssessmentRule, YearGradeRules


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(OfficialStatusColumn, ScopedAdmin):
    list_display = ("school_year", "subject", "level", "tests_count",
                    coefficient_column(AssessmentRule, "tests_weight"),
                    coefficient_column(AssessmentRule, "activities_weight"), "plain_mean_of_tests", "official_status")
    list_filter = ("officially_confirmed", "school_year", "plain_mean_of_tests")
    list_select_related = ("school_year", "subject", "level")
    search_fields = ("subject__code", "subject__name_fr", "subject__name_ar")


@admin.register(YearGradeRules)
class YearGradeRulesAdmin(ScopedAdmin):
    list_display = ("school_year", coefficient_column(YearGradeRules, "first_semester_weight"),
                    coefficient_column(YearGradeRules, "second_semester_weight"), "rounding", "parents_delay_days")
