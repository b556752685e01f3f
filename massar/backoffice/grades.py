"""The grade rule tables in the back office: the ministry edits them, officers read them (national data)."""

from django.contrib import admin
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massar.backoffice.scoped import ScopedAdmin
from massar.grades.models import AssessmentRule, YearGradeRules


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(ScopedAdmin):
    list_display = ("school_year", "subject", "level", "tests_count", "tests_weight", "activities_weight",
                    "plain_mean_of_tests", "official_status")
    list_filter = ("officially_confirmed", "school_year", "plain_mean_of_tests")
    list_select_related = ("school_year", "subject", "level")
    search_fields = ("subject__code", "subject__name_fr", "subject__name_ar")

    @admin.display(description=_("official status"), ordering="officially_confirmed")
    def official_status(self, rule: AssessmentRule) -> str:
        if rule.officially_confirmed:
            return gettext("confirmed by an official text")
        return format_html('<img src="{}" alt=""> <strong>{}</strong>', static("admin/img/icon-alert.svg"),
                           gettext("seeded, not confirmed by an official text"))


@admin.register(YearGradeRules)
class YearGradeRulesAdmin(ScopedAdmin):
    list_display = ("school_year", "first_semester_weight", "second_semester_weight", "rounding",
                    "parents_delay_days")
