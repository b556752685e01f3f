from functools import partial

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "massar.students"
    label = "students"
    verbose_name = _("Students")

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import (
            Enrolment,
            Guardian,
            IssuedMassarCode,
            MassarCodeCounter,
            Student,
            StudentGuardian,
            TransferRequest,
        )

        registry.register(Student, scopes.students_visible_to)
        registry.register(Enrolment, scopes.enrolments_visible_to)
        registry.register(Guardian, scopes.guardians_visible_to)
        registry.register(StudentGuardian, scopes.guardian_links_visible_to)
        registry.register(TransferRequest, scopes.transfers_visible_to)
        for ledger in (IssuedMassarCode, MassarCodeCounter):
            registry.register(ledger, partial(scopes.massar_code_ledger_visible_to, model=ledger))
