"""A student's orientation score for a stream, and the general average that breaks ties: one code path for the
assignment (runs.py), the council's pages, the explanation and the wish pages beside each stream.

The score of a stream is its published formula (ScoringFormula of the school year): the weighted mean of the
student's ANNUAL averages in the formula's subjects. A subject's annual average is computed with the grades'
own arithmetic: each semester's subject average from the student's marks of the published sheet exactly as
the report and the close compute it (grades.selectors.sheet_row_average, with the class level's assessment
rule), then the year's semester weights (grades.calculations.annual_average). Only published sheets count:
a score never rests on a mark the student cannot read. The score is decided once, to 2 decimals with the
year's rounding (the figure shown is the figure compared). Missing a subject average (a semester not
published, no marks): no score, and the wish is skipped and explained as such.

Set-based: a handful of queries for any number of students (marks, sheets, rules, semester results).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch

from massar.core.models import SchoolYear
from massar.grades import calculations as calc
from massar.grades.models import GradeSheet, Mark, SheetStatus, YearGradeRules
from massar.grades.selectors import (
    annual_averages_for,
    assessment_rules_for,
    rule_weighting,
    sheet_row_average,
    year_rounding,
)
from massar.schools.models import SchoolClass, Subject

from .models import ScoringFormula, ScoringWeight

ScoreKey = tuple[int, int]  # (student id, stream id)


def formulas_of(*, school_year: SchoolYear, stream_ids: Iterable[int]) -> dict[int, ScoringFormula]:
    """The school year's published formula of each stream (by stream id), with its weights."""
    rows = (ScoringFormula.objects.filter(school_year=school_year, stream_id__in=set(stream_ids))
            .prefetch_related(Prefetch("weights", queryset=ScoringWeight.objects.select_related("subject"))))
    return {formula.stream_id: formula for formula in rows}


def _year_weights(school_year: SchoolYear) -> tuple:
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    return (rules.first_semester_weight, rules.second_semester_weight) if rules else (1, 1)


def annual_subject_averages(*, student_ids: Sequence[int], school_year: SchoolYear, subject_ids: Iterable[int]
                            ) -> dict[tuple[int, int], Fraction | None]:
    """{(student id, subject id): exact annual average} from the published sheets of the year; a student
    moved during the year has each semester from the sheet they have marks on (the latest one)."""
    subject_ids = set(subject_ids)
    if not student_ids or not subject_ids:
        return {}
    sheets = {sheet.pk: sheet for sheet in GradeSheet.objects.filter(
        status=SheetStatus.PUBLISHED, semester__school_year=school_year, subject_id__in=subject_ids,
        marks__student_id__in=student_ids).distinct().select_related("semester").only(
        "pk", "school_class_id", "subject_id", "tests_count", "semester__number")}
    cells: dict[tuple[int, int], dict[int, Mark]] = defaultdict(dict)
    for mark in Mark.objects.filter(sheet_id__in=list(sheets), student_id__in=student_ids).only(
            "sheet_id", "student_id", "slot", "value", "absent"):
        cells[(mark.student_id, mark.sheet_id)][mark.slot] = mark
    # The assessment rule depends on the level and the year only: one read per level, not per class.
    levels = dict(SchoolClass.objects.filter(pk__in={s.school_class_id for s in sheets.values()})
                  .values_list("pk", "level_id"))
    subjects = list(Subject.objects.filter(pk__in=subject_ids))
    weighting_of: dict[tuple[int, int], calc.Weighting] = {}
    for level_id in set(levels.values()):
        school_class = SchoolClass(level_id=level_id, school_year_id=school_year.pk)
        for subject_id, rule in assessment_rules_for(school_class=school_class, subjects=subjects).items():
            weighting_of[(level_id, subject_id)] = rule_weighting(rule)
    semester_average: dict[tuple[int, int, int], Fraction | None] = {}
    for (student_id, sheet_id), marks in sorted(cells.items(), key=lambda item: item[0][1]):
        sheet = sheets[sheet_id]
        weighting = weighting_of[(levels[sheet.school_class_id], sheet.subject_id)]
        average = sheet_row_average(marks, sheet.tests_count, weighting)
        if average is not None:
            semester_average[(student_id, sheet.subject_id, sheet.semester.number)] = average
    weights = _year_weights(school_year)
    return {(student_id, subject_id): calc.annual_average(semester_average.get((student_id, subject_id, 1)),
                                                          semester_average.get((student_id, subject_id, 2)),
                                                          weights=weights)
            for student_id in student_ids for subject_id in subject_ids}


def stream_scores(*, students: Iterable, school_year: SchoolYear, formulas: Iterable[ScoringFormula]
                  ) -> dict[ScoreKey, Decimal | None]:
    """{(student id, stream id): the student's score for the stream, decided to 2 decimals} for every student
    and formula given; None when a subject of the formula has no annual average, or the formula no weights."""
    student_ids = [getattr(student, "pk", student) for student in students]
    formulas = list(formulas)
    weights = {formula.stream_id: [(w.subject_id, w.weight) for w in formula.weights.all()] for formula in formulas}
    annual = annual_subject_averages(student_ids=student_ids, school_year=school_year,
                                     subject_ids={subject for pairs in weights.values() for subject, _ in pairs})
    rounding = year_rounding(school_year_id=school_year.pk)
    scores: dict[ScoreKey, Decimal | None] = {}
    for student_id in student_ids:
        for stream_id, pairs in weights.items():
            averages = {subject: annual.get((student_id, subject)) for subject, _ in pairs}
            exact = calc.general_average(averages, dict(pairs))
            scores[(student_id, stream_id)] = None if exact is None else calc.decide(exact, rounding=rounding)
    return scores


def general_averages(*, student_ids: Sequence[int], school_year: SchoolYear) -> dict[int, Decimal | None]:
    """Each student's annual general average (the tie-break's first key): the grades' own batch read
    (grades.selectors.annual_averages_for, the figure the student's page shows), decided to 2 decimals with the
    year's rounding; None when the year has none yet."""
    rounding = year_rounding(school_year_id=school_year.pk)
    return {pk: None if exact is None else calc.decide(exact, rounding=rounding)
            for pk, exact in annual_averages_for(student_ids=student_ids, school_year=school_year).items()}
