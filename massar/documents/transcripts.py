"""The exam transcript (relevé de notes): what a published exam result states, as a verifiable document.

Its facts are the stored result (massar.exams: ExamResult, computed once at publication) copied as stored —
the shown mark, the decision, the mention, and its explanation: each component with its weight and value, each
exam's subjects with their coefficients and marks, in the stored order — never recomputed or re-rounded here.
Subject names are added in both scripts, so the facts stay language-neutral (one digest whoever reads them).

Who may have one is the exams scope's answer (massar.exams.scopes.results_visible_to), further restricted to
published sessions for everyone: the student and their linked parents once the result is published (never
before), and the administration of the school the candidate sat from. A result outside the caller's scope,
or not published, is not found."""

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid, NotFound
from massar.exams.calculations import Component
from massar.exams.labels import COMPONENT_LABELS, decision_label, kind_label, mention_label
from massar.exams.models import ExamResult, SessionState
from massar.exams.scopes import results_visible_to
from massar.schools.models import Subject
from massar.students.models import Enrolment, Student

from .error_codes import DocumentsErrorCode
from .models import Document, DocumentKind
from .selectors import class_facts, school_facts, student_facts
from .services import document_issue


def _named(row: Any) -> dict[str, str]:
    return {"ar": row.name_ar, "fr": row.name_fr}


def transcript_result(*, viewer: User, student: Student, session_id: int) -> ExamResult:
    """`student`'s result of the published session `session_id`, as `viewer` may read it, or NotFound."""
    result = (results_visible_to(viewer)
              .filter(student=student, session_id=session_id, session__state=SessionState.PUBLISHED)
              .select_related("session__school_year", "session__level", "candidate__stream",
                              "candidate__school__directorate__academy").first())
    if result is None:
        raise NotFound(DocumentsErrorCode.NOT_FOUND, _("There is no published exam result here."))
    return result


def student_transcript_results(*, viewer: User, student: Student) -> list[ExamResult]:
    """The published results of `student` that `viewer` may have a transcript of, newest first (the staff
    student documents page lists them)."""
    return list(results_visible_to(viewer).filter(student=student, session__state=SessionState.PUBLISHED)
                .select_related("session__school_year", "session__level")
                .order_by("-session__school_year__starts_on", "-session__level__order", "-session__number"))


def _class_of(result: ExamResult) -> dict[str, Any]:
    """The class the candidate was in that year at the school they sat from; else the exam's level."""
    enrolment = (Enrolment.objects.filter(student_id=result.student_id, school_year=result.session.school_year,
                                          school_class__school=result.candidate.school)
                 .select_related("school_class__level", "school_class__stream").order_by("-enrolled_on", "-pk")
                 .first())
    if enrolment is not None:
        return class_facts(enrolment.school_class)
    stream = result.candidate.stream
    return {"code": "", "level": _named(result.session.level), "stream": _named(stream) if stream else None}


def _subjects(part: dict[str, Any], names: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    return [{"subject": row["subject"], "name": names.get(row["subject"], {"ar": row["subject"], "fr": row["subject"]}),
             "coefficient": row["coefficient"], "mark": row.get("mark"), "absent": row.get("absent", False),
             "replaced": row.get("replaced", False), "first_session_mark": row.get("first_session_mark")}
            for row in part.get("subjects", [])]


def transcript_facts(result: ExamResult) -> dict[str, Any]:
    """What the transcript of `result` states: the stored result and its explanation, in the stored order."""
    session, candidate, explanation = result.session, result.candidate, result.explanation or {}
    if candidate.school is None:
        raise Invalid(DocumentsErrorCode.NOT_ENROLLED,
                      _("A free candidate's transcript is issued by the academy, not by a school."))
    parts = explanation.get("components", [])
    codes = {row["subject"] for part in parts for row in part.get("subjects", [])}
    names = {subject.code: _named(subject) for subject in Subject.objects.filter(code__in=codes)}
    components = [{"component": part["component"], "weight": part.get("weight"), "value": part.get("value"),
                   "missing": bool(part.get("missing")), "source": part.get("source"),
                   "subjects": _subjects(part, names), "missing_subjects": part.get("missing_subjects", [])}
                  for part in parts]
    return {"kind": DocumentKind.EXAM_TRANSCRIPT.value, "student": student_facts(result.student),
            "school": school_facts(candidate.school), "class": _class_of(result), "year": session.school_year.label,
            "exam": {"kind": session.kind, "session": session.number, "level": session.level.code,
                     "published_on": session.published_at.date().isoformat() if session.published_at else None},
            "exam_number": candidate.exam_number, "candidate_kind": candidate.kind,
            "final": bool(explanation.get("final")), "out_of": explanation.get("out_of", session.out_of),
            "mark": None if result.mark is None else str(result.mark), "decision": result.decision or None,
            "mention": result.mention or None, "components": components, "missing": explanation.get("missing", [])}


def exam_transcript_issue(*, viewer: User, student: Student, session_id: int) -> Document:
    """The transcript of `student`'s result in the published session `session_id`, as `viewer` may have it."""
    result = transcript_result(viewer=viewer, student=student, session_id=session_id)
    facts = transcript_facts(result)  # Invalid for a free candidate, who has no school
    school = result.candidate.school
    assert school is not None
    return document_issue(kind=DocumentKind.EXAM_TRANSCRIPT, student=student, school=school,
                          school_year=result.session.school_year, semester=None, facts=facts, actor=viewer,
                          exam_session=result.session)


def transcript_context(facts: dict[str, Any], language: str, number: Any) -> dict[str, Any]:
    """What the transcript's template reads beside the common context, labelled and formatted in `language`
    (`number` formats a decimal text: printing.render's)."""
    side = "ar" if language == "ar" else "fr"
    out_of = facts["out_of"]
    with translation.override(language):
        components = []
        for part in facts["components"]:
            source = part.get("source")
            components.append({
                "label": str(COMPONENT_LABELS[Component(part["component"])]),
                "weight": number(part.get("weight"), coefficient=True),
                "value": number(part.get("value")), "missing": part["missing"],
                "source": None if not source else {
                    "label": (str(COMPONENT_LABELS[Component.CONTINUOUS]) if source["kind"] == "continuous"
                              else kind_label(source["kind"])),
                    "year": source.get("school_year", ""), "exam_number": source.get("exam_number", "")},
                "subjects": [{"name": row["name"][side], "coefficient": number(row["coefficient"], coefficient=True),
                              "mark": number(row.get("mark")), "absent": row["absent"], "replaced": row["replaced"],
                              "first_session_mark": number(row.get("first_session_mark"))}
                             for row in part["subjects"]]})
        exam = facts["exam"]
        return {"exam": kind_label(exam["kind"]), "second_session": exam["session"] == 2,
                "exam_number": facts["exam_number"], "final": facts["final"], "out_of": out_of,
                "mark": number(facts.get("mark")), "decision": decision_label(facts.get("decision")) or "",
                "mention": mention_label(facts.get("mention")) or "", "components": components,
                "school_candidate": facts["candidate_kind"] == "school"}
