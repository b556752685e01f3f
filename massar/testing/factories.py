"""Small builders for tests: a territory with schools, classes, students, staff and their accounts.

Each builder takes keyword arguments for what a test cares about and fills in the rest plausibly.
"""

import datetime
import itertools

from massar.accounts.models import User
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.schools.models import Academy, Cycle, Directorate, Level, School, SchoolClass, Stream, Subject
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.students.models import Enrolment, EnrolmentStatus, Guardian, Relation, Student
from massar.students.services import guardian_link, student_enrol, student_file_open

_serial = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def school_year(label: str = "2025/2026", *, current: bool = True) -> SchoolYear:
    start = int(label[:4])
    year, _ = SchoolYear.objects.get_or_create(
        label=label,
        defaults={"starts_on": datetime.date(start, 9, 1), "ends_on": datetime.date(start + 1, 6, 30),
                  "is_current": current},
    )
    for number, (begin, end) in enumerate(
        [(datetime.date(start, 9, 1), datetime.date(start + 1, 1, 31)),
         (datetime.date(start + 1, 2, 1), datetime.date(start + 1, 6, 30))], start=1):
        Semester.objects.get_or_create(school_year=year, number=number, defaults={"starts_on": begin, "ends_on": end})
    return year


def academy(*, letter: str = "F") -> Academy:
    n = next(_serial)
    return Academy.objects.create(code=f"A{n}", code_letter=letter, name_ar=f"أكاديمية {n}",
                                  name_fr=f"Académie {n}", name_en=f"Academy {n}")


def directorate(*, academy_: Academy | None = None) -> Directorate:
    n = next(_serial)
    return Directorate.objects.create(academy=academy_ or academy(), code=f"D{n}", name_ar=f"مديرية {n}",
                                      name_fr=f"Direction {n}", name_en=f"Directorate {n}")


def school(*, directorate_: Directorate | None = None, cycles: tuple[str, ...] = ("lycee",)) -> School:
    n = next(_serial)
    created = School.objects.create(code=f"{n:05d}X", directorate=directorate_ or directorate(),
                                    name_ar=f"ثانوية {n}", name_fr=f"Lycée {n}", name_en=f"School {n}")
    created.cycles.set(Cycle.objects.filter(code__in=cycles))
    return created


def school_class(*, school_: School | None = None, level: str = "2BAC", stream: str | None = "SP",
                 option: str = "F", section: int = 1, year: SchoolYear | None = None) -> SchoolClass:
    level_obj = Level.objects.get(code=level)
    stream_obj = Stream.objects.get(level=level_obj, code=stream) if stream else None
    return SchoolClass.objects.create(school=school_ or school(), school_year=year or school_year(),
                                      level=level_obj, stream=stream_obj, option=option if stream else "",
                                      section=section)


def primary_class(*, school_: School | None = None, level: str = "6AP", section: int = 1,
                  year: SchoolYear | None = None) -> SchoolClass:
    """A primary-school class (no stream), in a school that teaches the primary cycle."""
    target = school_ or school(cycles=("primary",))
    target.cycles.add(Cycle.objects.get(code="primary"))
    return school_class(school_=target, level=level, stream=None, section=section, year=year)


def student(*, in_class: SchoolClass | None = None, school_: School | None = None,
            birth_date: datetime.date = datetime.date(2008, 3, 14), first_name_latin: str = "Youssef",
            last_name_latin: str = "El Amrani") -> Student:
    target_school = in_class.school if in_class else (school_ or school())
    created = student_file_open(
        school=target_school, first_name_ar="يوسف", last_name_ar="العمراني", first_name_latin=first_name_latin,
        last_name_latin=last_name_latin, birth_date=birth_date, birth_place_ar="الدار البيضاء",
        birth_place_latin="Casablanca", gender="M",
    )
    if in_class:
        student_enrol(student=created, school_class=in_class, enrolled_on=in_class.school_year.starts_on)
    return created


def transfer(*, student: Student, to_class: SchoolClass, on: datetime.date | None = None) -> Enrolment:
    """The student leaves their class of that year (a transfer out) and is enrolled in `to_class`."""
    on = on or to_class.school_year.starts_on + datetime.timedelta(days=60)
    Enrolment.objects.filter(student=student, school_year=to_class.school_year, status=EnrolmentStatus.ACTIVE
                             ).update(status=EnrolmentStatus.TRANSFERRED, left_on=on)
    return student_enrol(student=student, school_class=to_class, enrolled_on=on)


def guardian(*, children: tuple[Student, ...] = (), relation: str = Relation.MOTHER) -> Guardian:
    created = Guardian.objects.create(first_name_ar="فاطمة", last_name_ar="العمراني", first_name_latin="Fatima",
                                      last_name_latin="El Amrani", phone="0612345678", email="parent@example.ma")
    for child in children:
        guardian_link(student=child, guardian=created, relation=relation)
    return created


def staff(*, position: str = Position.TEACHER, school_: School | None = None,
          directorate_: Directorate | None = None, academy_: Academy | None = None) -> StaffMember:
    n = next(_serial)
    units_of: dict[str, dict[str, object]] = {
        Position.TEACHER: {"school": school_}, Position.SCHOOL_ADMIN: {"school": school_},
        Position.DIRECTORATE_OFFICER: {"directorate": directorate_},
        Position.ACADEMY_OFFICER: {"academy": academy_},
    }
    units = units_of.get(position, {})
    return StaffMember.objects.create(position=position, first_name_ar="أحمد", last_name_ar=f"البناني {n}",
                                      first_name_latin="Ahmed", last_name_latin=f"Bennani{n}", **units)


def teach(*, teacher: StaffMember, school_class: SchoolClass, subject: str = "MATH") -> TeachingAssignment:
    return TeachingAssignment.objects.create(teacher=teacher, school_class=school_class,
                                             subject=Subject.objects.get(code=subject))


def account(person: Student | Guardian | StaffMember | None = None, *, role: str | None = None,
            password: str = PASSWORD, **fields) -> User:
    """An account for a person record; the role follows from the record unless given."""
    n = next(_serial)
    if isinstance(person, Student):
        return User.objects.create_user(f"{person.massar_code}@taalim.ma", password, role=Role.STUDENT,
                                        student=person, **fields)
    if isinstance(person, Guardian):
        return User.objects.create_user(f"parent{n}@example.ma", password, role=Role.PARENT, guardian=person,
                                        **fields)
    if isinstance(person, StaffMember):
        return User.objects.create_user(f"staff{n}@taalim.ma", password, role=role or person.position,
                                        staff_member=person, **fields)
    return User.objects.create_user(f"user{n}@taalim.ma", password, role=role or Role.MINISTRY_OFFICER, **fields)
