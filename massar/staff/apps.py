from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "massar.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import StaffMember, TeachingAssignment

        registry.register(StaffMember, scopes.staff_visible_to)
        registry.register(TeachingAssignment, scopes.assignments_visible_to)
