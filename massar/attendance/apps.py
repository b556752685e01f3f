from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "massar.attendance"
    label = "attendance"
    verbose_name = _("Attendance and behaviour")

    def ready(self) -> None:
        from massar.access import registry

        from .models import Absence, AttendancePolicy, BehaviourEntry, MarkReceipt, RollCall
        from .scopes import (
            absences_visible_to,
            behaviour_visible_to,
            policies_visible_to,
            receipts_visible_to,
            roll_calls_visible_to,
        )

        registry.register(Absence, absences_visible_to)
        registry.register(BehaviourEntry, behaviour_visible_to)
        registry.register(RollCall, roll_calls_visible_to)
        registry.register(MarkReceipt, receipts_visible_to)
        registry.register(AttendancePolicy, policies_visible_to)
