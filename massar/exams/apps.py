from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "massar.exams"
    label = "exams"
    verbose_name = _("Exams and results")

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import (
            Candidate,
            Copy,
            ExamPaper,
            ExamResult,
            ExamSession,
            PromotionRules,
            ResultRules,
            YearDecision,
            YearDecisionChange,
        )

        # The exam calendar (sessions and their papers) and the result rules of a year are national data that
        # every signed-in account reads; the owning body edits them (scopes.sessions_owned_by).
        registry.register_reference(ExamSession, ExamPaper, ResultRules, PromotionRules)
        registry.register(Candidate, scopes.candidates_visible_to)
        registry.register(Copy, scopes.copies_visible_to)
        registry.register(ExamResult, scopes.results_visible_to)
        registry.register(YearDecision, scopes.year_decisions_visible_to)
        registry.register(YearDecisionChange, scopes.year_decision_changes_visible_to)
