"""The semester close in Python, with calculations.py's exact arithmetic: the reference the PostgreSQL close is
tested against, and the way SQLite (the embedded default, small data) closes a semester."""

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from massar.schools.models import SchoolClass, SubjectCoefficient
from massar.students.models import Enrolment, EnrolmentStatus

from .. import calculations as calc
from ..models import (
    ACTIVITIES_SLOT,
    AssessmentRule,
    GradeSheet,
    Mark,
    SemesterResult,
    SheetResult,
    SheetStatus,
)
from . import Close, CloseSummary

DELETE_CHUNK = 5000  # below SQLite's limit of variables in one statement


def _stored(value: Fraction | None) -> Decimal | None:
    return None if value is None else calc.stored(value)


class PythonClose(Close):
    def _weighting(self, sheet: GradeSheet) -> calc.Weighting:
        rule = (self._rules.get((sheet.subject_id, sheet.school_class.level_id))
                or self._rules.get((sheet.subject_id, None)))
        if rule is None:
            return calc.Weighting()
        return calc.Weighting(tests=rule.tests_weight, activities=rule.activities_weight,
                              plain_mean_of_tests=rule.plain_mean_of_tests)

    def run(self) -> CloseSummary:
        classes = list(self.classes.select_related("level"))
        self._rules = {(r.subject_id, r.level_id): r
                       for r in AssessmentRule.objects.filter(school_year_id=self.semester.school_year_id)}
        sheets = list(GradeSheet.objects.filter(semester=self.semester, school_class__in=classes)
                      .select_related("school_class", "subject"))
        self.summary.classes, self.summary.sheets = len(classes), len(sheets)
        # Who counts, for the class statistics and for the ranks alike: the students enrolled in the class when
        # the close runs. A leaver's marks stay on their record (their new school reads them) but count nowhere.
        self._enrolled: dict[int, set[int]] = defaultdict(set)
        for class_id, student_id in Enrolment.objects.filter(
                school_class__in=classes, status=EnrolmentStatus.ACTIVE).values_list("school_class_id", "student_id"):
            self._enrolled[class_id].add(student_id)
        self.done("scope", len(sheets))

        by_sheet = self._subject_averages(sheets)
        self.summary.subject_results = sum(1 for v in by_sheet.values() for a in v.values() if a is not None)
        self.done("subject_averages", self.summary.subject_results)

        now = timezone.now()
        rows = []
        for sheet_id, averages in by_sheet.items():
            stats = calc.class_statistics(averages.values())
            if stats is not None:
                rows.append(SheetResult(sheet_id=sheet_id, averages_count=stats.count,
                                        class_minimum=calc.stored(stats.minimum),
                                        class_mean=calc.stored(stats.mean),
                                        class_maximum=calc.stored(stats.maximum), closed_at=now))
        SheetResult.objects.filter(sheet__in=sheets).delete()
        SheetResult.objects.bulk_create(rows)
        self.done("subject_results", len(rows))

        self._semester_results(classes, sheets, by_sheet, now)
        return self.summary

    def _subject_averages(self, sheets: list[GradeSheet]) -> dict[int, dict[int, Fraction | None]]:
        cells: dict[tuple[int, int], dict[int, Decimal | None]] = defaultdict(dict)
        tests_count = {s.pk: s.tests_count for s in sheets}
        enrolled = {s.pk: self._enrolled[s.school_class_id] for s in sheets}
        for mark in Mark.objects.filter(sheet__in=sheets):
            if mark.slot <= tests_count[mark.sheet_id] and mark.student_id in enrolled[mark.sheet_id]:
                cells[(mark.sheet_id, mark.student_id)][mark.slot] = None if mark.absent else mark.value
        weightings = {sheet.pk: self._weighting(sheet) for sheet in sheets}
        by_sheet: dict[int, dict[int, Fraction | None]] = defaultdict(dict)
        for (sheet_id, student_id), slots in cells.items():
            marks = calc.SubjectMarks(tests=[v for s, v in slots.items() if s != ACTIVITIES_SLOT],
                                      activities=slots.get(ACTIVITIES_SLOT))
            by_sheet[sheet_id][student_id] = calc.subject_average(marks, weightings[sheet_id])
        return by_sheet

    def _semester_results(self, classes: list[SchoolClass], sheets: list[GradeSheet],
                          by_sheet: dict[int, dict[int, Fraction | None]], now) -> None:
        published = {(s.school_class_id, s.subject_id): s.pk for s in sheets if s.status == SheetStatus.PUBLISHED}
        coefficients: dict[tuple, dict[str, tuple[int, Decimal]]] = defaultdict(dict)
        for k in SubjectCoefficient.objects.filter(school_year_id=self.semester.school_year_id).select_related(
                "subject"):
            coefficients[(k.level_id, k.stream_id)][k.subject.code] = (k.subject_id, k.continuous_coefficient)
        rows = []
        for school_class in classes:
            curriculum = coefficients.get((school_class.level_id, school_class.stream_id), {})
            weights = {code: coefficient for code, (_s, coefficient) in curriculum.items()}
            generals: dict[int, Fraction | None] = {}
            missing: dict[int, list[str]] = {}
            for student_id in sorted(self._enrolled[school_class.pk]):
                averages = {}
                for code, (subject_id, _coefficient) in curriculum.items():
                    sheet_id = published.get((school_class.pk, subject_id))
                    averages[code] = by_sheet.get(sheet_id, {}).get(student_id) if sheet_id else None
                generals[student_id] = calc.general_average(averages, weights)
                missing[student_id] = sorted(calc.missing_subjects(averages, weights))
            ranked = calc.ranks(generals, rounding=self.rounding)
            for student_id, general in generals.items():
                rows.append(SemesterResult(semester=self.semester, school_class=school_class, student_id=student_id,
                                           general_average=_stored(general),
                                           rank=ranked.get(student_id), ranked_in_class=len(ranked),
                                           missing_subjects=missing[student_id], closed_at=now))
        # The close replaces: every result of the scope's classes and of the scope's students goes first.
        students = [row.student_id for row in rows]
        SemesterResult.objects.filter(semester=self.semester, school_class__in=classes).delete()
        for start in range(0, len(students), DELETE_CHUNK):
            SemesterResult.objects.filter(semester=self.semester,
                                          student_id__in=students[start:start + DELETE_CHUNK]).delete()
        SemesterResult.objects.bulk_create(rows, batch_size=2000)
        self.summary.semester_results = len(rows)
        self.summary.general_averages = sum(1 for r in rows if r.general_average is not None)
        self.done("semester_results", len(rows))
