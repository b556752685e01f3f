"""The student's semester report and annual average: one read for every place a student's figures are shown
(the student's and parent's pages, their chart, the API; later the report card), so they can never disagree.

Every figure is decided here, once, with the year's rounding mode (YearGradeRules.rounding): the exact subject
average computed from the marks as the close computes it, and the close's stored class statistics and general
average (kept to 12 decimals) rounded to 2. Only what `viewer` may see is read: published sheets, from the
moment of publication (parents: from `parents_see_from`). A stored figure computed with a rule that changed
since (marked out of date by rule_changes.py) is withheld until the next close, so a figure computed with
the new rule never sits beside one computed with the old rule. Marks and averages are on each sheet's scale
(`out_of`: 20, or 10 in primary school)."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.schools.models import SchoolClass, Subject
from massar.schools.selectors import class_curriculum
from massar.students.models import Student
from massar.students.selectors import student_enrolment_of_year

from .. import calculations as calc
from ..models import (
    ACTIVITIES_SLOT,
    DEFAULT_OUT_OF,
    GradeSheet,
    Mark,
    SemesterResult,
    SheetResult,
    YearGradeRules,
)
from .marks import (
    mark_scale_for,
    marks_visible_to,
    published_sheets_q,
    sheet_row_average,
    weighting_for,
    year_rounding,
)


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


def student_semester_report(*, viewer: User, student: Student, semester: Semester) -> SemesterReport:
    """`student`'s report for `semester` in the class of that year, as `viewer` may see it."""
    rounding = year_rounding(school_year_id=semester.school_year_id)
    enrolment = student_enrolment_of_year(student=student, school_year_id=semester.school_year_id)
    school_class = enrolment.school_class if enrolment else None
    report = SemesterReport(student=student, semester=semester, school_class=school_class, rounding=rounding)
    if school_class is None:
        return report
    report.out_of = mark_scale_for(school_class=school_class)

    def decided(value: Decimal | Fraction) -> Decimal:
        return calc.decide(value, rounding=rounding)

    sheets = list(GradeSheet.objects.filter(published_sheets_q(viewer=viewer), school_class=school_class,
                                            semester=semester).select_related("subject", "school_class")
                  .order_by("subject__code"))
    marks: dict[int, dict[int, Mark]] = {}
    for mark in marks_visible_to(viewer=viewer).filter(student=student, sheet__in=sheets):
        marks.setdefault(mark.sheet_id, {})[mark.slot] = mark
    curriculum = {row.subject.code: row for row in class_curriculum(school_class=school_class)}
    results = {result.sheet_id: result for result in SheetResult.objects.filter(sheet__in=sheets)}
    with_average = set()
    for sheet in sheets:
        own = marks.get(sheet.pk, {})
        average = sheet_row_average(own, sheet.tests_count,
                                    weighting_for(school_class=school_class, subject=sheet.subject))
        if average is not None:
            with_average.add(sheet.subject.code)
        result: SheetResult | None = results.get(sheet.pk)
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
    stored = SemesterResult.objects.filter(semester=semester, student=student, school_class=school_class).first()
    # Missing: what the close found missing, and whatever this viewer cannot see yet (staggered publication).
    missing = sorted(set(stored.missing_subjects if stored else []) | (set(curriculum) - with_average))
    report.missing = _subjects(missing, curriculum)
    report.general_out_of_date = stored is not None and stored.out_of_date_since is not None
    if stored is not None and stored.general_average is not None and not missing and not report.general_out_of_date:
        report.general_average = decided(stored.general_average)
        report.rank, report.class_size = stored.rank, stored.ranked_in_class
    return report


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
    results = {r.semester.number: r for r in SemesterResult.objects.filter(
        student=student, semester__school_year=school_year, general_average__isnull=False,
    ).select_related("semester", "school_class")}
    first, second = results.get(1), results.get(2)
    if first is None or second is None or first.general_average is None or second.general_average is None:
        return None
    if first.out_of_date_since is not None or second.out_of_date_since is not None:
        return None  # a rule changed since: the next close says the average
    if viewer is not None and not all(_general_average_visible(viewer=viewer, result=r) for r in (first, second)):
        return None
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    weights = (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)
    return calc.annual_average(Fraction(first.general_average), Fraction(second.general_average), weights=weights)
