from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradesConfig(AppConfig):
    name = "massar.grades"
    label = "grades"
    verbose_name = _("Grades")

    def ready(self) -> None:
        from massar.access import registry

        from .models import AssessmentRule, MarkScale, RuleChange, YearGradeRules

        # The grade rule tables of a year (how subjects are assessed, marks' scales, semester weights, rounding)
        # are national.
        # So is the record of their changes after a publication.
        registry.register_reference(AssessmentRule, MarkScale, RuleChange, YearGradeRules)
