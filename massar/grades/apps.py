from django.apps import AppConfig


class GradesConfig(AppConfig):
    name = "massar.grades"
    label = "grades"

    def ready(self) -> None:
        from massar.access import registry

        from .models import AssessmentRule, MarkScale, YearGradeRules

        # The grade rule tables of a year (how subjects are assessed, marks' scales, semester weights, rounding)
        # are national.
        registry.register_reference(AssessmentRule, MarkScale, YearGradeRules)
