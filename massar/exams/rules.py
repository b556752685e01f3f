"""The seeded result rules and exam papers of a school year (DOMAIN §6). Every seeded row says it is not
confirmed by an official text; the owning body corrects and confirms it in the back office.

The papers of an exam are seeded from the exam coefficients the curriculum already keeps beside the
continuous-assessment ones (schools.SubjectCoefficient.exam_coefficient), per stream; the 6th primary
provincial exam, whose curriculum has no exam coefficients, from PRIMARY_EXAM_SUBJECTS."""

from decimal import Decimal as D

from django.db import transaction

from massar.core.models import SchoolYear
from massar.schools.models import Level, Subject, SubjectCoefficient

from .models import LEVEL_OF, CandidateKind, ExamKind, ExamPaper, ExamSession, ResultRules

MENTION_BOUNDS = {"passable_from": D(10), "fairly_good_from": D(12), "good_from": D(14), "very_good_from": D(16)}
# (level, candidates): the fields of the rule (weights, scale, thresholds, mentions).
SEEDED_RULES: dict[tuple[str, str], dict] = {
    ("2BAC", CandidateKind.SCHOOL): {"continuous_weight": D("0.25"), "regional_weight": D("0.25"),
                                     "national_weight": D("0.50"), "second_session_threshold": D(7), **MENTION_BOUNDS},
    ("2BAC", CandidateKind.FREE): {"regional_weight": D("0.50"), "national_weight": D("0.50"),
                                   "second_session_threshold": D(7), **MENTION_BOUNDS},
    ("3AC", CandidateKind.SCHOOL): {"continuous_weight": D("0.30"), "local_weight": D("0.30"),
                                    "regional_weight": D("0.40")},
    ("6AP", CandidateKind.SCHOOL): {"continuous_weight": D("0.50"), "provincial_weight": D("0.50"), "out_of": 10,
                                    "admission_threshold": D(5)},
}
PRIMARY_EXAM_SUBJECTS = ("AR", "FR", "MATH", "SCI", "EI", "HG")


@transaction.atomic
def result_rules_seed_year(*, school_year: SchoolYear) -> int:
    """The year's result rules with the seeded defaults, keeping the rows that exist. Returns how many were
    added."""
    added = 0
    for (level_code, kind), fields in SEEDED_RULES.items():
        _, created = ResultRules.objects.get_or_create(
            school_year=school_year, level=Level.objects.get(code=level_code), candidate_kind=kind,
            defaults={**fields, "officially_confirmed": False})
        added += created
    return added


def exam_papers_seed(*, session: ExamSession) -> int:
    """The session's papers from the curriculum's exam coefficients of its level (per stream), keeping what
    exists. Returns how many were added."""
    existing = {(paper.stream_id, paper.subject_id) for paper in session.papers.all()}
    papers = []
    if session.kind == ExamKind.PRIMARY_PROVINCIAL:
        for subject in Subject.objects.filter(code__in=PRIMARY_EXAM_SUBJECTS):
            if (None, subject.pk) not in existing:
                papers.append(ExamPaper(session=session, subject=subject, coefficient=D(1)))
    else:
        rows = SubjectCoefficient.objects.filter(school_year=session.school_year, level__code=LEVEL_OF[ExamKind(session.kind)],
                                                 exam_coefficient__isnull=False)
        for row in rows:
            if (row.stream_id, row.subject_id) not in existing and row.exam_coefficient:
                papers.append(ExamPaper(session=session, stream_id=row.stream_id, subject_id=row.subject_id,
                                        coefficient=row.exam_coefficient))
    ExamPaper.objects.bulk_create(papers)
    return len(papers)


# The 1BAC stream whose regional exam a 2BAC stream's candidates sat (for the simulator's per-subject marks).
REGIONAL_STREAM_OF = {"SP": "SE", "SVT": "SE", "SAGRO": "SE", "SMA": "SM", "SMB": "SM", "SECO": "SEG", "SGC": "SEG",
                      "L": "L", "SH": "SH", "STE": "STE", "STM": "STM", "AA": "AA"}
