from django.apps import AppConfig


class GradesConfig(AppConfig):
    name = "massar.grades"
    label = "grades"

    def ready(self) -> None:
        from massar.access import registry

        from .models import AssessmentRule, YearGradeRules

        # The grade rule tables of a year (how subjects are assessed, semester weights, rounding) are national.
        registry.register_reference(AssessmentRule, YearGradeRules)
