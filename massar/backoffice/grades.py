"""The grade rule tables in the back office: the ministry edits them, officers read them (national data)."""

from django.contrib import admin

from massar.backoffice.columns import OfficialStatusColumn, coefficient_column
from massar.backoffice.rule_changes import RuleTableAdmin
from massar.backoffice.scoped import READ, ScopedAdmin
from massar.grades.models import AssessmentRule, MarkScale, RuleChange, YearGradeRules
from massar.grades.report_stamps import year_reports_changed


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(OfficialStatusColumn, RuleTableAdmin):
    list_display = ("school_year", "subject", "level", "tests_count",
                    coefficient_column(AssessmentRule, "tests_weight"),
                    coefficient_column(AssessmentRule, "activities_weight"), "plain_mean_of_tests", "official_status")
    list_filter = ("officially_confirmed", "school_year", "plain_mean_of_tests")
    list_select_related = ("school_year", "subject", "level")
    search_fields = ("subject__code", "subject__name_fr", "subject__name_ar")


@admin.register(YearGradeRules)
class YearGradeRulesAdmin(RuleTableAdmin):
    list_display = ("school_year", coefficient_column(YearGradeRules, "first_semester_weight"),
                    coefficient_column(YearGradeRules, "second_semester_weight"), "rounding", "parents_delay_days")


@admin.register(MarkScale)
class MarkScaleAdmin(OfficialStatusColumn, ScopedAdmin):
    """What each level's marks are out of (10 in primary school). A sheet keeps the scale it was opened with,
    so a change here reaches only the sheets opened after it."""

    list_display = ("school_year", "level", "out_of", "official_status")
    list_filter = ("officially_confirmed", "school_year", "out_of")
    list_select_related = ("school_year", "level")

    # The general and annual averages are shown on the level's scale: every report of the year changes.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        year_reports_changed(school_year_id=obj.school_year_id)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        year_reports_changed(school_year_id=obj.school_year_id)

    def delete_queryset(self, request, queryset) -> None:
        years = set(queryset.values_list("school_year_id", flat=True))
        super().delete_queryset(request, queryset)
        for year in years:
            year_reports_changed(school_year_id=year)


@admin.register(RuleChange)
class RuleChangeAdmin(ScopedAdmin):
    """The record of the rule changes made after a publication: read by everyone here, written by nobody (the
    rule tables' pages write it, with the change)."""

    ministry_actions = READ
    list_display = ("at", "school_year", "table", "row_label", "field", "old_value", "new_value", "actor", "reason")
    list_filter = ("school_year", "table")
    list_select_related = ("school_year", "actor")
    search_fields = ("row_label", "field", "reason")
