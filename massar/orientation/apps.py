from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "massar.orientation"
    label = "orientation"
    verbose_name = _("Orientation")

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes_runs
        from .models import Assignment, AssignmentOverride, AssignmentRun, OfferResult
        from .scopes import register_wish_side

        register_wish_side()

        registry.register(AssignmentRun, scopes_runs.runs_visible_to)
        registry.register(Assignment, scopes_runs.assignments_visible_to)
        registry.register(OfferResult, scopes_runs.offer_results_visible_to)
        registry.register(AssignmentOverride, scopes_runs.overrides_visible_to)
