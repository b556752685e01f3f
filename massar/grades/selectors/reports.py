"""The student's semester report and annual average: one read for every place a student's figures are shown
(the student's and parent's pages, their chart, the API; later the report card), so they can never disagree.

Every figure is decided here, once, with the year's rounding mode (YearGradeRules.rounding): the exact subject
average computed from the marks as the close computes it, and the close's stored class statistics and general
average (kept to 12 decimals) rounded to 2. Only what `viewer` may see is read: published sheets, from the
moment of publication (parents: from `parents_see_from`). A stored figure computed with a rule that changed
since (marked out of date by rule_changes.py) is withheld until the next close, so a figure computed with
the new rule never sits beside one computed with the old rule. Marks and averages are on each sheet's scale
(`out_of`: 20, or 10 in primary school)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from django.db.models import BooleanField, Case, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.schools.models import SchoolClass, Subject
from massar.schools.selectors import class_curriculum
from massar.students.models import Enrolment, EnrolmentStatus, Student

from .. import calculations as calc
from ..models import (
    ACTIVITIES_SLOT,
    DEFAULT_OUT_OF,
    GradeSheet,
    Mark,
    MarkScale,
    RoundingMode,
    SemesterResult,
    SheetResult,
    SheetStatus,
    YearGradeRules,
)
from .marks import (
    assessment_rules_for,
    marks_visible_to,
    published_sheets_q,
    rule_weighting,
    sheet_row_average,
    sheet_visible_from,
    year_rounding,
)
from .report_cache import enrolment_reading, keep_year, kept_year, reader_cached, report_key


class MarkCell(NamedTuple):
    """A cell as stored: `value` None is "not entered"; an absence is not a zero."""

    slot: int
    value: Decimal | None
    absent: bool


class ClassFigures(NamedTuple):
    """The class minimum, mean and maximum of a subject, decided (iterable in that order)."""

    minimum: Decimal
    mean: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class SubjectLine:
    subject: Subject
    tests: list[MarkCell]
    activities: MarkCell | None
    average: Decimal | None
    coefficient: Decimal | None
    statistics: ClassFigures | None
    out_of: int = DEFAULT_OUT_OF  # the sheet's scale: 20, or 10 in primary school
    # The class statistics were computed with a rule that has changed since (rule_changes.py): withheld
    # until the next close, never shown beside an average computed with the new rule.
    statistics_out_of_date: bool = False


@dataclass
class SemesterReport:
    """What `viewer` may see of a student's semester. `general_average`, `rank` and `class_size` are set only
    once every subject of the curriculum is visible with an average (a parent may still be waiting for sheets
    the student already sees); until then `missing` names the subjects that keep it away."""

    student: Student
    semester: Semester
    school_class: SchoolClass | None
    rounding: str
    lines: list[SubjectLine] = field(default_factory=list)
    missing: list[Subject] = field(default_factory=list)
    general_average: Decimal | None = None
    rank: int | None = None
    class_size: int | None = None
    out_of: int = DEFAULT_OUT_OF  # the scale of the class's level (the general and annual averages are on it)
    # A rule changed after these results were computed: what depends on it waits for the next close.
    general_out_of_date: bool = False

    @property
    def out_of_date(self) -> bool:
        return self.general_out_of_date or any(line.statistics_out_of_date for line in self.lines)

    @property
    def general_available(self) -> bool:
        return self.general_average is not None


def _cell(slot: int, mark: Mark | None) -> MarkCell:
    return MarkCell(slot, None if mark is None else mark.value, bool(mark and mark.absent))


@dataclass
class StudentYear:
    """What `viewer` may see of a student's school year: the class they were in (None: not enrolled that
    year), the reports of the semesters asked for, and the annual average (None until both semesters' general
    averages are stored and visible to them)."""

    enrolment: Enrolment | None
    reports: list[SemesterReport]
    annual_average: Decimal | None
    # When a sheet of the class published to others becomes visible to this viewer too (a parent's
    # `parents_see_from`): the read is the same until then (report_cache.py keeps it no longer).
    holds_until: datetime | None = None


def student_semester_report(*, viewer: User, student: Student, semester: Semester) -> SemesterReport:
    """`student`'s report for `semester` in the class of that year, as `viewer` may see it."""
    return student_year_reports(viewer=viewer, student=student, semesters=[semester]).reports[0]


def _enrolments(student: Student) -> QuerySet[Enrolment]:
    """The student's enrolments with what a report needs of their class in the same query: the class, its
    school year's grade rules (rounding, semester weights) and the mark scale of its level that year."""
    scale = MarkScale.objects.filter(school_year_id=OuterRef("school_class__school_year_id"),
                                     level_id=OuterRef("school_class__level_id")).values("out_of")[:1]
    return (Enrolment.objects.filter(student=student)
            .select_related("school_class__school", "school_class__level", "school_class__stream",
                            "school_class__school_year__grade_rules")
            .annotate(mark_scale=Subquery(scale)))


# The class of a year: the active enrolment, else the last one (as student_enrolment_of_year).
ENROLMENT_ORDER = (Case(When(status=EnrolmentStatus.ACTIVE, then=0), default=1), "-enrolled_on")


def student_year_reports(*, viewer: User, student: Student, semesters: Sequence[Semester]) -> StudentYear:
    """`student`'s reports for `semesters` (of one school year) in the class of that year, and the annual
    average, as `viewer` may see them: a number of queries that does not grow with the subjects (a student's or
    a parent's from the cache when it holds them: report_cache.py)."""
    school_year_id = semesters[0].school_year_id

    def compute(enrolment: Enrolment | None) -> StudentYear:
        return _year(viewer=viewer, student=student, school_year_id=school_year_id, semesters=semesters,
                     enrolment=enrolment)

    year = _read(viewer=viewer, student=student, chosen=("year_id", school_year_id),
                 terms="-".join(str(term.pk) for term in semesters), compute=compute)
    assert year is not None  # compute() always answers
    return year


def student_term_year(*, viewer: User, student: Student, school_year: str, number: int) -> StudentYear | None:
    """`student_year_reports` for semester `number` of the school year labelled `school_year` ("2025/2026"),
    read by label so that a kept report costs no lookup of the semester; None when there is no such semester."""
    return _term(viewer=viewer, student=student, school_year=school_year, number=number)


def student_term_rendered(*, viewer: User, student: Student, school_year: str, number: int, variant: str,
                          render: Callable[[StudentYear], bytes]) -> bytes | None:
    """`render` of `student_term_year(...)`, kept in the cache beside the report (the same key, stamps and
    lifetime, and `variant`): the API keeps its answer so that a reread renders nothing either. None when there
    is no such semester."""
    return _term(viewer=viewer, student=student, school_year=school_year, number=number, render=render,
                 variant=variant)


def _term(*, viewer: User, student: Student, school_year: str, number: int, **rendering: Any) -> Any:
    def compute(enrolment: Enrolment | None) -> StudentYear | None:
        semester = (Semester.objects.filter(school_year__label=school_year, number=number)
                    .select_related("school_year").first())
        if semester is None:
            return None
        return _year(viewer=viewer, student=student, school_year_id=semester.school_year_id, semesters=[semester],
                     enrolment=enrolment)

    return _read(viewer=viewer, student=student, chosen=("year_label", school_year),
                 terms=f"{school_year}#{number}", compute=compute, **rendering)


def student_current_year(*, viewer: User, student: Student) -> StudentYear | None:
    """`student`'s reports for every semester of their current class, and the annual average, as `viewer` may
    see them; None when the student is not enrolled this year."""
    def compute(enrolment: Enrolment | None) -> StudentYear | None:
        if enrolment is None:
            return None
        school_year_id = enrolment.school_class.school_year_id
        semesters = list(Semester.objects.filter(school_year_id=school_year_id).order_by("number"))
        return _year(viewer=viewer, student=student, school_year_id=school_year_id, enrolment=enrolment,
                     semesters=semesters)

    return _read(viewer=viewer, student=student, terms="all", compute=compute, chosen=("current", None))


# How `_read` chooses the enrolment, in the ORM (staff, or a kept report's enrolment computed afresh).
CHOSEN = {
    "current": lambda _value: Q(status=EnrolmentStatus.ACTIVE, school_year__is_current=True),
    "year_id": lambda value: Q(school_year_id=value),
    "year_label": lambda value: Q(school_year__label=value),
}


def _read(*, viewer: User, student: Student, chosen: tuple[str, int | str | None], terms: str,
          compute: Callable[[Enrolment | None], StudentYear | None],
          render: Callable[[StudentYear], Any] = lambda year: year, variant: str = "") -> Any:
    """`render(compute(enrolment))` for the student's `chosen` enrolment (None: none; a None year is never
    rendered), kept in the cache for a student or a parent under the enrolment's stamps, read first
    (report_cache.py); `variant` names a rendering kept beside the report (the API's answer in a language)."""
    how, value = chosen
    if not reader_cached(viewer):
        year = compute(_enrolments(student).filter(CHOSEN[how](value)).order_by(*ENROLMENT_ORDER).first())
        return None if year is None else render(year)
    reading = enrolment_reading(student_id=student.pk, chosen=how, value=value)
    if reading is None:
        year = compute(None)
        return None if year is None else render(year)
    key = report_key(viewer=viewer, reading=reading, terms=terms) + (f":{variant}" if variant else "")
    kept = kept_year(key)
    if kept is not None:
        return kept
    year = compute(_enrolments(student).filter(pk=reading.enrolment_id).first())
    if year is None:
        return None
    rendered = render(year)
    keep_year(key, rendered, holds_until=year.holds_until)
    return rendered


def _grade_rules(school_year: SchoolYear) -> YearGradeRules | None:
    try:
        return school_year.grade_rules
    except YearGradeRules.DoesNotExist:
        return None


def _year(*, viewer: User, student: Student, school_year_id: int, semesters: Sequence[Semester],
          enrolment: Enrolment | None) -> StudentYear:
    if enrolment is None:
        rounding = year_rounding(school_year_id=school_year_id)
        reports = [SemesterReport(student=student, semester=term, school_class=None, rounding=rounding)
                   for term in semesters]
        annual = annual_average_for(student=student, school_year=semesters[0].school_year, viewer=viewer)
        return StudentYear(None, reports, None if annual is None else calc.decide(annual, rounding=rounding))
    school_class = enrolment.school_class
    rules = _grade_rules(school_class.school_year)
    rounding = rules.rounding if rules else RoundingMode.HALF_UP
    out_of = getattr(enrolment, "mark_scale", None) or DEFAULT_OUT_OF  # annotated by _enrolments
    now = timezone.now()
    # Every sheet of the class this viewer may read, all semesters: the annual average's check reads them too.
    # The class's published sheets, each with whether this viewer may read it now (decided by the database
    # with the same condition as everywhere): those not yet visible say when the read stops holding.
    published = list(GradeSheet.objects.filter(school_class=school_class, status=SheetStatus.PUBLISHED)
                     .annotate(visible=ExpressionWrapper(published_sheets_q(viewer=viewer, now=now),
                                                         output_field=BooleanField()))
                     .select_related("subject", "school_class", "result").order_by("subject__code"))
    sheets = [sheet for sheet in published if sheet.visible]
    visible_from = sheet_visible_from(viewer)
    later = [moment for sheet in published if not sheet.visible and (moment := getattr(sheet, visible_from))]
    asked = {term.pk for term in semesters}
    shown = [sheet for sheet in sheets if sheet.semester_id in asked]
    marks: dict[int, dict[int, Mark]] = {}
    for mark in marks_visible_to(viewer=viewer, now=now).filter(student=student, sheet__in=[s.pk for s in shown]):
        marks.setdefault(mark.sheet_id, {})[mark.slot] = mark
    curriculum = {row.subject.code: row for row in class_curriculum(school_class=school_class)}
    weightings = {subject_id: rule_weighting(rule) for subject_id, rule in assessment_rules_for(
        school_class=school_class, subjects={sheet.subject for sheet in shown}).items()}
    results = {result.semester_id: result for result in SemesterResult.objects.filter(
        student=student, semester__school_year_id=school_year_id).select_related("semester", "school_class")}
    reports = []
    for term in semesters:
        report = SemesterReport(student=student, semester=term, school_class=school_class, rounding=rounding,
                                out_of=out_of)
        stored = results.get(term.pk)
        _fill(report, [sheet for sheet in shown if sheet.semester_id == term.pk], marks, curriculum, weightings,
              stored if stored is not None and stored.school_class_id == school_class.pk else None)
        reports.append(report)
    curriculum_ids = {row.subject_id for row in curriculum.values()}

    def visible(result: SemesterResult) -> bool:
        if result.school_class_id != school_class.pk:  # a class left during the year: read as annual_average_for
            return _general_average_visible(viewer=viewer, result=result)
        if viewer.role not in (Role.STUDENT, Role.PARENT):
            return True
        seen = {sheet.subject_id for sheet in sheets
                if sheet.semester_id == result.semester_id and sheet.subject_id in curriculum_ids}
        return bool(curriculum_ids) and seen == curriculum_ids

    weights = (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)
    annual = _annual(list(results.values()), visible=visible, weights=lambda: weights)
    return StudentYear(enrolment, reports, None if annual is None else calc.decide(annual, rounding=rounding),
                       holds_until=min(later, default=None))


def _fill(report: SemesterReport, sheets: list[GradeSheet], marks: dict[int, dict[int, Mark]], curriculum: dict,
          weightings: dict[int, calc.Weighting], stored: SemesterResult | None) -> None:
    """The report's lines, missing subjects and general average, from what _year read."""
    def decided(value: Decimal | Fraction) -> Decimal:
        return calc.decide(value, rounding=report.rounding)

    with_average = set()
    for sheet in sheets:
        own = marks.get(sheet.pk, {})
        average = sheet_row_average(own, sheet.tests_count, weightings[sheet.subject_id])
        if average is not None:
            with_average.add(sheet.subject.code)
        result: SheetResult | None = getattr(sheet, "result", None)
        stale = result is not None and result.out_of_date_since is not None
        if stale:
            result = None
        coefficient = curriculum.get(sheet.subject.code)
        report.lines.append(SubjectLine(
            subject=sheet.subject, tests=[_cell(slot, own.get(slot)) for slot in range(1, sheet.tests_count + 1)],
            activities=_cell(ACTIVITIES_SLOT, own[ACTIVITIES_SLOT]) if ACTIVITIES_SLOT in own else None,
            average=None if average is None else decided(average),
            coefficient=coefficient.continuous_coefficient if coefficient else None,
            statistics=ClassFigures(decided(result.class_minimum), decided(result.class_mean),
                                    decided(result.class_maximum)) if result else None,
            out_of=sheet.out_of, statistics_out_of_date=stale))
    # Missing: what the close found missing, and whatever this viewer cannot see yet (staggered publication).
    missing = sorted(set(stored.missing_subjects if stored else []) | (set(curriculum) - with_average))
    report.missing = _subjects(missing, curriculum)
    report.general_out_of_date = stored is not None and stored.out_of_date_since is not None
    if stored is not None and stored.general_average is not None and not missing and not report.general_out_of_date:
        report.general_average = decided(stored.general_average)
        report.rank, report.class_size = stored.rank, stored.ranked_in_class


def _subjects(codes: list[str], curriculum: dict) -> list[Subject]:
    known = {code: row.subject for code, row in curriculum.items()}
    others = {s.code: s for s in Subject.objects.filter(code__in=set(codes) - set(known))}
    return [subject for code in codes if (subject := known.get(code) or others.get(code)) is not None]


def student_annual_average(*, viewer: User, student: Student, school_year: SchoolYear) -> Decimal | None:
    """The annual average as `viewer` may see it, decided with the year's rounding; None until both
    semesters' general averages are stored and visible to them."""
    annual = annual_average_for(student=student, school_year=school_year, viewer=viewer)
    return None if annual is None else calc.decide(annual, rounding=year_rounding(school_year_id=school_year.pk))


def _general_average_visible(*, viewer: User, result: SemesterResult) -> bool:
    """A student or a parent sees a stored general average only once every subject of the class's curriculum
    is published to them (a parent may still be waiting)."""
    if viewer.role not in (Role.STUDENT, Role.PARENT):
        return True
    school_class = result.school_class
    curriculum = {row.subject_id for row in class_curriculum(school_class=school_class)}
    visible = set(GradeSheet.objects.filter(published_sheets_q(viewer=viewer), school_class=school_class,
                                            semester_id=result.semester_id, subject_id__in=curriculum)
                  .values_list("subject_id", flat=True))
    return bool(curriculum) and visible == curriculum


def annual_average_for(*, student: Student, school_year: SchoolYear, viewer: User | None = None
                       ) -> Fraction | None:
    """The annual average of `student` in `school_year`: the two stored semester general averages weighted by
    the year's rules (default 1:1), exact (round for display only). None unless both exist — and, for a
    `viewer`, unless both are visible to them."""
    results = list(SemesterResult.objects.filter(student=student, semester__school_year=school_year)
                   .select_related("semester", "school_class"))

    def weights() -> tuple:
        rules = YearGradeRules.objects.filter(school_year=school_year).first()
        return (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)

    return _annual(results, weights=weights, visible=lambda result: viewer is None or _general_average_visible(
        viewer=viewer, result=result))


def annual_averages_for(*, student_ids: Sequence[int], school_year: SchoolYear) -> dict[int, Fraction | None]:
    """`annual_average_for` of many students at once (results day, the councils' proposals): one query for
    their stored semester results and one for the year's rules, then the same `_annual` for each student, so a
    batch reads the very figure a student's page shows. Every asked student is a key (None: no annual average)."""
    by_student: dict[int, list[SemesterResult]] = {pk: [] for pk in student_ids}
    for result in SemesterResult.objects.filter(student_id__in=list(by_student), semester__school_year=school_year
                                                ).select_related("semester"):
        by_student[result.student_id].append(result)
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    year_weights = (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)
    return {pk: _annual(results, weights=lambda: year_weights, visible=lambda result: True)
            for pk, results in by_student.items()}


def _annual(results: list[SemesterResult], *, weights: Callable[[], tuple],
            visible: Callable[[SemesterResult], bool]) -> Fraction | None:
    """The annual average from a student's stored semester results of a year (exact), or None: unless both
    general averages exist, are up to date and `visible`."""
    by_number = {r.semester.number: r for r in results if r.general_average is not None}
    first, second = by_number.get(1), by_number.get(2)
    if first is None or second is None or first.general_average is None or second.general_average is None:
        return None
    if first.out_of_date_since is not None or second.out_of_date_since is not None:
        return None  # a rule changed since: the next close says the average
    if not all(visible(r) for r in (first, second)):
        return None
    return calc.annual_average(Fraction(first.general_average), Fraction(second.general_average),
                               weights=weights())
