"""What people read of a decision or a mention, in Arabic, French and English; and the mentions' official
(French) names, which the API writes as they appear on the certificate."""

from django.utils.translation import gettext_lazy as _

from .calculations import Component, Decision, Mention

MENTION_LABELS = {Mention.PASSABLE: _("Pass"), Mention.FAIRLY_GOOD: _("Fairly good"), Mention.GOOD: _("Good"),
                  Mention.VERY_GOOD: _("Very good")}
MENTION_OFFICIAL = {Mention.PASSABLE: "Passable", Mention.FAIRLY_GOOD: "Assez bien", Mention.GOOD: "Bien",
                    Mention.VERY_GOOD: "Très bien"}
DECISION_LABELS = {Decision.ADMITTED: _("Admitted"), Decision.SECOND_SESSION: _("Second session"),
                   Decision.FAILED: _("Not admitted")}
COMPONENT_LABELS = {Component.CONTINUOUS: _("Continuous assessment"), Component.LOCAL: _("Local exam"),
                    Component.PROVINCIAL: _("Provincial exam"), Component.REGIONAL: _("Regional exam"),
                    Component.NATIONAL: _("National exam")}


def mention_label(code: str | None) -> str | None:
    return str(MENTION_LABELS[Mention(code)]) if code else None


def decision_label(code: str | None) -> str | None:
    return str(DECISION_LABELS[Decision(code)]) if code else None


def component_label(code: str) -> str:
    return str(COMPONENT_LABELS[Component(code)])


def kind_label(kind: str) -> str:
    from .models import ExamKind

    return str(ExamKind(kind).label)


def result_explained(result: dict) -> dict:
    """A stored result (selectors.student_results) with what people read beside its codes, in the active
    language: the exam, the decision, the mention and each component's name and source."""
    explanation = result.get("explanation") or {}
    components = []
    for part in explanation.get("components", []):
        source = part.get("source")
        if source is not None:
            source = {**source, "label": (str(COMPONENT_LABELS[Component.CONTINUOUS]) if source["kind"] == "continuous"
                                          else kind_label(source["kind"]))}
        components.append({**part, "label": component_label(part["component"]), "source": source})
    return {**result, "kind_label": kind_label(result["kind"]), "decision_label": decision_label(result["decision"]),
            "mention_label": mention_label(result["mention"]),
            "mention_official": MENTION_OFFICIAL[Mention(result["mention"])] if result["mention"] else None,
            "components": components, "missing": explanation.get("missing", []),
            "final": explanation.get("final", False), "second_session": explanation.get("second_session", False)}
