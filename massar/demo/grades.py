"""Demo grades: the first semester of every class entered by its teachers, submitted, validated and published
by each school's administration, then closed; the second semester is still being entered (a few marks).

So that a student or a parent signing in to the demo sees published marks, averages and ranks, and a
teacher sees a grid in progress. Deterministic (the seeder's random generator)."""

import random
from decimal import Decimal

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.grades.close import semester_close
from massar.grades.models import ACTIVITIES_SLOT, Mark
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
)
from massar.schools.models import Academy, School
from massar.staff.models import TeachingAssignment
from massar.students.models import Enrolment, EnrolmentStatus


def _mark(random_: random.Random, ability: float, out_of: int = 20) -> Decimal:
    """Around the student's level (on 20), in quarter points, on the sheet's scale (0–20, 0–10 in primary)."""
    value = min(20.0, max(0.0, random_.gauss(ability, 2.2))) * out_of / 20
    return Decimal(round(value * 4) / 4).quantize(Decimal("0.01"))


def demo_grades_seed(*, academy: Academy, year: SchoolYear, random_: random.Random) -> None:
    first, second = (Semester.objects.get(school_year=year, number=n) for n in (1, 2))
    assignments = (TeachingAssignment.objects.filter(school_class__school__directorate__academy=academy,
                                                     school_class__school_year=year)
                   .select_related("school_class__school", "subject", "teacher__account")
                   .order_by("school_class__school__code", "school_class__code", "subject__code"))
    enrolled: dict[int, list[int]] = {}
    for class_id, student_id in (Enrolment.objects.filter(school_class__school_year=year,
                                                          status=EnrolmentStatus.ACTIVE,
                                                          school_class__school__directorate__academy=academy)
                                 .order_by("school_class_id", "student_id").values_list("school_class_id",
                                                                                        "student_id")):
        enrolled.setdefault(class_id, []).append(student_id)
    ability = {sid: random_.uniform(7, 17) for students in enrolled.values() for sid in students}
    admins = {school.pk: User.objects.get(staff_member__school=school, role="school_admin")
              for school in School.objects.filter(directorate__academy=academy)}
    published: dict[int, list] = {}
    marks = []
    for assignment in assignments:
        school_class, teacher = assignment.school_class, assignment.teacher.account
        sheet = grade_sheet_open(school_class=school_class, subject=assignment.subject, semester=first)
        for student_id in enrolled.get(school_class.pk, []):
            for slot in (*range(1, sheet.tests_count + 1), ACTIVITIES_SLOT):
                absent = random_.random() < 0.02
                marks.append(Mark(sheet=sheet, student_id=student_id, slot=slot, absent=absent,
                                  value=None if absent else _mark(random_, ability[student_id], sheet.out_of)))
        Mark.objects.bulk_create(marks)
        marks.clear()
        grade_sheet_submit(sheet=sheet, actor=teacher)
        grade_sheet_validate(sheet=sheet, actor=admins[school_class.school_id])
        published.setdefault(school_class.school_id, []).append(sheet)
        # Semester 2 has begun: the first test is entered, nothing is submitted.
        draft = grade_sheet_open(school_class=school_class, subject=assignment.subject, semester=second)
        Mark.objects.bulk_create(Mark(sheet=draft, student_id=sid, slot=1,
                                      value=_mark(random_, ability[sid], draft.out_of))
                                 for sid in enrolled.get(school_class.pk, []))
    for school_id, sheets in published.items():
        grade_sheets_publish(sheets=sheets, actor=admins[school_id])
    semester_close(semester=first, schools=School.objects.filter(directorate__academy=academy))
