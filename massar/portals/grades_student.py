"""Grade pages for students and parents: only what is published to the viewer (selectors decide), per
semester, with the stored results of the semester close when they exist, and a chart drawn as SVG here."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.accounts.models import User
from massar.core.models import Semester
from massar.core.roles import Role
from massar.grades.calculations import decide
from massar.grades.models import ACTIVITIES_SLOT, GradeSheet, SemesterResult, SheetResult, YearGradeRules
from massar.grades.selectors import annual_average_for, marks_visible_to, published_sheets_q, weighting_for
from massar.schools.models import SchoolClass, Subject
from massar.students.models import Student
from massar.students.scopes import students_visible_to
from massar.students.selectors import student_enrolment_current

from .grades_staff import curriculum, row_average


@dataclass
class SubjectLine:
    subject: Subject
    tests: list
    activities: object
    average: Decimal | None
    coefficient: Decimal | None
    statistics: tuple[Decimal, Decimal, Decimal] | None = None


@dataclass
class SemesterReport:
    semester: Semester
    lines: list[SubjectLine] = field(default_factory=list)
    missing: list[Subject] = field(default_factory=list)
    general_average: Decimal | None = None
    rank: int | None = None
    ranked_in_class: int = 0


def semester_report(*, viewer: User, student: Student, school_class: SchoolClass, semester: Semester
                    ) -> SemesterReport:
    report = SemesterReport(semester)
    sheets = (GradeSheet.objects.filter(published_sheets_q(viewer=viewer), school_class=school_class,
                                        semester=semester).select_related("subject", "school_class"))
    marks: dict[int, dict] = {}
    for mark in marks_visible_to(viewer=viewer).filter(student=student, sheet__in=sheets):
        marks.setdefault(mark.sheet_id, {})[mark.slot] = mark
    coefficients = {row.subject_id: row.continuous_coefficient for row in curriculum(school_class)}
    subjects_of = {row.subject_id: row.subject for row in curriculum(school_class)}
    results = {r.sheet_id: r for r in SheetResult.objects.filter(sheet__in=sheets)}
    with_average = set()
    for sheet in sorted(sheets, key=lambda s: s.subject.code):
        own = marks.get(sheet.pk, {})
        average = row_average(own, sheet.tests_count, weighting_for(school_class=school_class, subject=sheet.subject))
        if average is not None:
            with_average.add(sheet.subject_id)
        report.lines.append(SubjectLine(
            sheet.subject, [own.get(slot) for slot in range(1, sheet.tests_count + 1)], own.get(ACTIVITIES_SLOT),
            average, coefficients.get(sheet.subject_id), _statistics(results.get(sheet.pk))))
    report.missing = [subject for pk, subject in subjects_of.items() if pk not in with_average]
    stored = SemesterResult.objects.filter(student=student, semester=semester).first()
    # The stored general average shows only once every subject is visible to this viewer (a parent may
    # still be waiting for sheets the student already sees).
    if stored and stored.general_average is not None and not report.missing and coefficients:
        report.general_average = decide(stored.general_average)
        report.rank = stored.rank
        report.ranked_in_class = stored.ranked_in_class
    return report


def _statistics(result: SheetResult | None) -> tuple[Decimal, Decimal, Decimal] | None:
    """The class minimum, mean and maximum stored by the semester close, rounded for display."""
    if result is None:
        return None
    return decide(result.class_minimum), decide(result.class_mean), decide(result.class_maximum)


CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 480, 14, 90


def averages_chart(reports: list[SemesterReport]) -> dict:
    """Bars for each subject's average in each semester, scaled on 0-20 (coordinates computed here: the page
    only places SVG rectangles; no script, no style attribute)."""
    subjects: dict[int, Subject] = {}
    for report in reports:
        for line in report.lines:
            subjects.setdefault(line.subject.pk, line.subject)
    bars, y = [], 0
    span = CHART_WIDTH - LABEL_WIDTH - 60
    for pk, subject in subjects.items():
        group = []
        for index, report in enumerate(reports):
            line = next((line for line in report.lines if line.subject.pk == pk), None)
            if line is None or line.average is None:
                continue
            group.append({"y": y, "width": int(span * line.average / 20), "value": line.average,
                          "semester": report.semester.number, "css": f"s{index + 1}",
                          "text_x": LABEL_WIDTH + int(span * line.average / 20) + 4})
            y += BAR_HEIGHT + 2
        if group:
            bars.append({"subject": subject, "label_y": group[0]["y"] + BAR_HEIGHT - 3, "bars": group})
            y += 8
    return {"groups": bars, "height": max(y, 1), "width": CHART_WIDTH, "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT}


def student_grades(viewer: User, student: Student) -> dict:
    enrolment = student_enrolment_current(student=student)
    if enrolment is None:
        return {"student": student, "enrolment": None, "reports": []}
    school_class = enrolment.school_class
    reports = [semester_report(viewer=viewer, student=student, school_class=school_class, semester=term)
               for term in school_class.school_year.semesters.order_by("number")]
    return {"student": student, "enrolment": enrolment, "reports": reports, "chart": averages_chart(reports),
            "annual_average": _annual_average(viewer, student, school_class.school_year, reports)}


def _annual_average(viewer: User, student: Student, school_year, reports: list[SemesterReport]) -> Decimal | None:
    """Shown only when this page shows both semesters' general averages (the same visibility rule)."""
    if len(reports) != 2 or any(report.general_average is None for report in reports):
        return None
    annual = annual_average_for(student=student, school_year=school_year, viewer=viewer)
    if annual is None:
        return None
    rules = YearGradeRules.objects.filter(school_year=school_year).first()
    return decide(annual, rounding=rules.rounding if rules else "half_up")


def _selected(request: HttpRequest, context: dict) -> dict:
    reports = context["reports"]
    wanted = request.GET.get("semester", "")
    chosen = next((r for r in reports if str(r.semester.number) == wanted), None)
    if chosen is None and reports:
        # The latest semester with something published, else the first.
        chosen = next((r for r in reversed(reports) if r.lines), reports[0])
    return {**context, "current": chosen}


@require_safe
@login_required
def my_grades(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.STUDENT or not request.user.student_id:
        raise Http404
    context = _selected(request, student_grades(request.user, request.user.student))
    return render(request, "portals/grades/student_grades.html", context)


def _parent_only(request: HttpRequest) -> None:
    if request.user.role != Role.PARENT:
        raise Http404


@require_safe
@login_required
def children_grades(request: HttpRequest) -> HttpResponse:
    """A card per child: the latest semester's published subjects and, when available, the general average."""
    _parent_only(request)
    cards = []
    for child in students_visible_to(request.user).order_by("first_name_latin"):
        context = _selected(request, student_grades(request.user, child))
        cards.append(context)
    return render(request, "portals/grades/children_grades.html", {"cards": cards})


@require_safe
@login_required
def child_grades(request: HttpRequest, massar_code: str) -> HttpResponse:
    _parent_only(request)
    child = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    context = _selected(request, student_grades(request.user, child))
    return render(request, "portals/grades/student_grades.html", {**context, "as_parent": True})
