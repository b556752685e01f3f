"""The grade simulator: the bac's general mark, decision and mention from marks people type, with the very
functions of the official computation (calculations.exam_mark and final_result, the year's ResultRules and
the year's exam coefficients), and the national-exam average needed for 10, 12, 14 and 16.

Throttled per network address, like the other public operations (accounts.throttles)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from massar.accounts.throttles import throttle_count, throttle_hit
from massar.core.errors import Invalid, Throttled
from massar.core.models import SchoolYear
from massar.schools.curricula import CURRICULA
from massar.schools.models import Stream, SubjectCoefficient

from . import calculations as calc
from .error_codes import ExamsErrorCode
from .models import CandidateKind, ExamKind, ExamPaper
from .rules import REGIONAL_STREAM_OF
from .selectors import result_rules_for
from .services import mark_parse

TARGETS = (Decimal(10), Decimal(12), Decimal(14), Decimal(16))
C = calc.Component


@dataclass
class Simulation:
    result: calc.Result
    components: dict[calc.Component, Decimal | None]  # each component as shown (two decimals)
    needed: dict[Decimal, Decimal | None] = field(default_factory=dict)  # target → national average needed


def _current_year() -> SchoolYear | None:
    return SchoolYear.objects.filter(is_current=True).first()


def stream_coefficients(*, stream_code: str, kind: str, school_year: SchoolYear | None) -> dict[str, Decimal]:
    """The exam's subjects and coefficients for a 2BAC stream: the papers of the year's session when it exists
    (the official computation's), else the curriculum's exam coefficients. The regional exam is the 1BAC one
    of the stream's 1BAC stream (rules.REGIONAL_STREAM_OF)."""
    level, code = ("2BAC", stream_code) if kind == ExamKind.BAC_NATIONAL else ("1BAC", REGIONAL_STREAM_OF.get(
        stream_code, ""))
    stream = Stream.objects.filter(level__code=level, code=code).first()
    if stream is None:
        raise Invalid(ExamsErrorCode.UNKNOWN_STREAM, _("stream: there is no such 2BAC stream."), field="stream")
    papers = ExamPaper.objects.filter(session__kind=kind, session__number=1, stream=stream)
    if school_year is not None:
        papers = papers.filter(session__school_year=school_year)
    found = {code: coefficient for code, coefficient in papers.values_list("subject__code", "coefficient")}
    if found:
        return found
    rows = SubjectCoefficient.objects.filter(level__code=level, stream=stream, exam_coefficient__isnull=False)
    if school_year is not None:
        rows = rows.filter(school_year__starts_on__lte=school_year.starts_on)
    latest = rows.order_by("-school_year__starts_on").values_list("school_year_id", flat=True).first()
    if latest is not None:
        return {code: coefficient for code, coefficient in
                rows.filter(school_year_id=latest).values_list("subject__code", "exam_coefficient") if coefficient}
    # No year has its coefficients yet: the curriculum's seeded defaults (what coefficients_seed_year writes).
    return {subject: Decimal(exam) for subject, _continuous, exam in CURRICULA.get((level, code), []) if exam}


def _subjects_mark(field_name: str, typed: Mapping[str, object], coefficients: dict[str, Decimal]) -> Fraction:
    unknown = sorted(set(typed) - set(coefficients))
    if unknown:
        raise Invalid(ExamsErrorCode.UNKNOWN_SUBJECT, _("%(field)s: %(subjects)s is not a subject of this exam.")
                      % {"field": field_name, "subjects": ", ".join(unknown)}, field=f"{field_name}.{unknown[0]}")
    marks = {code: mark_parse(value, out_of=20, field=f"{field_name}.{code}") for code, value in typed.items()}
    missing = calc.exam_missing(marks, coefficients)
    if missing:
        raise Invalid(ExamsErrorCode.MISSING_COMPONENT, _("%(field)s: a mark is missing for %(subjects)s.")
                      % {"field": field_name, "subjects": ", ".join(missing)}, field=f"{field_name}.{missing[0]}")
    mark = calc.exam_mark(marks, coefficients)
    assert mark is not None
    return mark


def simulator_throttle(*, ip_address: str | None) -> None:
    if not ip_address:
        return
    key = f"massar:simulator:ip:{ip_address}"
    if throttle_count(key) >= settings.MASSAR_SIMULATOR_REQUESTS_PER_IP:
        raise Throttled(ExamsErrorCode.TOO_MANY_REQUESTS, _("Too many simulations from this network; try again "
                                                            "in a few minutes."),
                        retry_after_seconds=settings.MASSAR_SIMULATOR_WINDOW_SECONDS)
    throttle_hit(key, window_seconds=settings.MASSAR_SIMULATOR_WINDOW_SECONDS)


def bac_simulate(*, candidate: str = CandidateKind.SCHOOL, continuous_assessment: object = None,
                 regional: object = None, national: object = None, stream: str | None = None,
                 regional_subjects: Mapping[str, object] | None = None,
                 national_subjects: Mapping[str, object] | None = None,
                 national_unknown: bool = False, ip_address: str | None = None) -> Simulation:
    """The bac result for the marks given (text, "14,50" too). Exam averages, or per-subject marks with a
    `stream` code. `national_unknown`: no national mark yet, only what is needed is asked. Invalid (naming
    the field) for a mark outside 0–20, text, a missing component, an unknown stream or subject."""
    simulator_throttle(ip_address=ip_address)
    if candidate not in CandidateKind.values:
        raise Invalid(ExamsErrorCode.INVALID_MARK, _("candidate: school or free."), field="candidate")
    year = _current_year()
    rules = result_rules_for(school_year=year, level_code="2BAC", candidate_kind=candidate)
    values: dict[calc.Component, Fraction | None] = {}
    typed = {C.CONTINUOUS: ("continuous_assessment", continuous_assessment, None),
             C.REGIONAL: ("regional", regional, regional_subjects),
             C.NATIONAL: ("national", national, national_subjects)}
    for component in rules.components:
        name, average, subjects = typed[component]
        if component == C.NATIONAL and national_unknown and average in (None, "") and not subjects:
            continue
        if subjects:
            if not stream:
                raise Invalid(ExamsErrorCode.UNKNOWN_STREAM, _("stream: give the stream with marks per subject."),
                              field="stream")
            kind = ExamKind.BAC_NATIONAL if component == C.NATIONAL else ExamKind.BAC_REGIONAL
            values[component] = _subjects_mark(name, subjects, stream_coefficients(
                stream_code=stream, kind=kind, school_year=year))
        elif average is None or str(average).strip() == "":
            raise Invalid(ExamsErrorCode.MISSING_COMPONENT, _("%(field)s: this mark is needed.") % {"field": name},
                          field=name)
        else:
            values[component] = Fraction(mark_parse(average, out_of=rules.out_of, field=name))
    shown = {c: None if v is None else calc.shown(v, rules) for c, v in values.items()}
    known: dict[calc.Component, calc.Number | None] = {c: v for c, v in values.items() if c != C.NATIONAL}
    needed = {target: calc.needed_for(target, known, rules) for target in TARGETS}
    return Simulation(calc.final_result(values, rules), shown, needed)
