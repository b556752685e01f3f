"""The demo's school life: the showcase class (2BACSPF-1 of the lycée) gets a weekly timetable from its
teaching assignments, its mathematics teacher (the demo teacher) a session every school day so the roll call can
be tried any day, and its first student (the demo student) two absences of the first semester, one justified,
and a behaviour note."""

import datetime

from massar.attendance.models import Absence, BehaviourEntry, BehaviourKind, Justification, Kind
from massar.core.models import SchoolYear, Semester
from massar.schools.models import SchoolClass
from massar.staff.models import TeachingAssignment
from massar.students.models import Enrolment
from massar.timetable.services import lesson_place

SHOWCASE_SCHOOL, SHOWCASE_CLASS = "11565V", "2BACSPF-1"
DAYS = range(1, 7)  # Monday to Saturday
ROOMS = ("A1", "A2", "B1", "Labo 1", "B2", "C1")


def demo_school_life_seed(*, year: SchoolYear) -> None:
    school_class = SchoolClass.objects.filter(school__code=SHOWCASE_SCHOOL, school_year=year,
                                              code=SHOWCASE_CLASS).first()
    if school_class is None:
        return
    assignments = list(TeachingAssignment.objects.filter(school_class=school_class)
                       .select_related("teacher", "subject").order_by("subject__code"))
    maths = [a for a in assignments if a.subject.code == "MATH"]
    others = [a for a in assignments if a.subject.code != "MATH"]
    # Mathematics first hour every day; the other subjects fill the week's remaining slots in turn, two hours a
    # week each (a teacher in two places at once is refused by the service, so the week is always consistent).
    for day in DAYS:
        for assignment in maths:
            lesson_place(school_class=school_class, day=day, slot=1, subject=assignment.subject,
                         teacher=assignment.teacher, room=ROOMS[0])
    free = [(day, slot) for day in DAYS for slot in (2, 3, 4, 5, 6) if not (day == 6 and slot > 4)]
    for index, assignment in enumerate(others * 2):
        if index >= len(free):
            break
        day, slot = free[index]
        lesson_place(school_class=school_class, day=day, slot=slot, subject=assignment.subject,
                     teacher=assignment.teacher, room=ROOMS[(index % (len(ROOMS) - 1)) + 1])
    _showcase_history(school_class, year, maths[0] if maths else None)


def _showcase_history(school_class: SchoolClass, year: SchoolYear, maths: TeachingAssignment | None) -> None:
    first = (Enrolment.objects.filter(school_class=school_class)
             .order_by("student__last_name_latin", "student__first_name_latin").select_related("student").first())
    semester = Semester.objects.filter(school_year=year, number=1).first()
    if first is None or semester is None or maths is None:
        return
    day = semester.starts_on + datetime.timedelta(days=(7 - semester.starts_on.weekday()) % 7 + 14)  # a Monday
    Absence.objects.create(student=first.student, school_class=school_class, date=day, slot=1, kind=Kind.ABSENT,
                           justification=Justification.JUSTIFIED, cause="Maladie", note="Certificat médical")
    Absence.objects.create(student=first.student, school_class=school_class, date=day + datetime.timedelta(days=7),
                           slot=1, kind=Kind.LATE, minutes_late=10)
    BehaviourEntry.objects.create(student=first.student, school=school_class.school, kind=BehaviourKind.NOTE,
                                  date=day + datetime.timedelta(days=8), author=maths.teacher,
                                  text="Très bonne participation en classe.")
