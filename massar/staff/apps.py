from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "massar.staff"
    label = "staff"

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import StaffMember, TeachingAssignment

        registry.register(StaffMember, scopes.staff_visible_to)
        registry.register(TeachingAssignment, scopes.assignments_visible_to)
