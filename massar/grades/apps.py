from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradesConfig(AppConfig):
    name = "massar.grades"
    label = "grades"
    verbose_name = _("Grades")

    def ready(self) -> None:
        from massar.access import registry

        from .models import AssessmentRule, YearGradeRules

        # The grade rule tables of a year (how subjects are assessed, semester weights, rounding) are national.
        registry.register_reference(AssessmentRule, YearGradeRules)
