"""Reads of the timetable: a school's slots for a year, a class's week, a teacher's week, the sessions a
teacher teaches on a day, a class's lesson log and the homework a student has due. Each reads its lessons in one query (with what a page shows), whatever their number."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from massar.core.models import SchoolYear
from massar.schools.models import SchoolClass
from massar.staff.models import StaffMember
from massar.students.models import Enrolment, EnrolmentStatus, Student

from .models import DEFAULT_SLOTS, Day, Lesson, LessonLog, SchoolSlot


@dataclass(frozen=True)
class Slot:
    number: int
    starts_at: datetime.time
    ends_at: datetime.time

    @property
    def morning(self) -> bool:
        return self.starts_at < datetime.time(12, 30)


def school_slots(*, school_id: int, school_year_id: int) -> list[Slot]:
    """The school's slots that year, or the default day when it set none."""
    stored = [Slot(s.number, s.starts_at, s.ends_at) for s in
              SchoolSlot.objects.filter(school_id=school_id, school_year_id=school_year_id).order_by("number")]
    return stored or [Slot(number, start, end) for number, start, end in DEFAULT_SLOTS]


def slot_numbers(*, school_id: int, school_year_id: int) -> set[int]:
    return {slot.number for slot in school_slots(school_id=school_id, school_year_id=school_year_id)}


def _with_details(lessons: QuerySet[Lesson]) -> QuerySet[Lesson]:
    return lessons.select_related("subject", "teacher", "school_class")


@dataclass
class Week:
    """A week laid out for a page: the slots as rows, the days as columns, each cell its lessons (a teacher or a
    room holds at most one; a class at most one)."""

    slots: list[Slot]
    days: list[tuple[int, str]]
    cells: dict[tuple[int, int], Lesson] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[Slot, list[tuple[int, Lesson | None]]]]:
        return [(slot, [(day, self.cells.get((day, slot.number))) for day, _label in self.days])
                for slot in self.slots]

    @property
    def by_day(self) -> list[tuple[str, list[tuple[Slot, Lesson]]]]:
        """For a phone: each day with its lessons in order, days without lessons left out."""
        slots = {slot.number: slot for slot in self.slots}
        out = []
        for day, label in self.days:
            lessons = [(slots[number], lesson) for (d, number), lesson in sorted(self.cells.items())
                       if d == day and number in slots]
            if lessons:
                out.append((label, lessons))
        return out

    @property
    def lessons(self) -> list[Lesson]:
        return [self.cells[key] for key in sorted(self.cells)]


def _week(slots: list[Slot], lessons: QuerySet[Lesson]) -> Week:
    week = Week(slots=slots, days=[(int(value), str(label)) for value, label in Day.choices])
    for lesson in lessons:
        week.cells[(lesson.day, lesson.slot)] = lesson
    return week


def class_week(*, school_class: SchoolClass, lessons: QuerySet[Lesson] | None = None) -> Week:
    """`lessons`: the caller's scope (defaults to every lesson; pages pass their scope)."""
    rows = (lessons if lessons is not None else Lesson.objects.all()).filter(school_class=school_class)
    return _week(school_slots(school_id=school_class.school_id, school_year_id=school_class.school_year_id),
                 _with_details(rows))


def teacher_week(*, teacher: StaffMember, school_year: SchoolYear) -> Week:
    school_id = teacher.school_id or 0
    rows = Lesson.objects.filter(teacher=teacher, school_year=school_year)
    return _week(school_slots(school_id=school_id, school_year_id=school_year.pk), _with_details(rows))


def teacher_lessons_on(*, teacher_id: int, day: datetime.date) -> list[Lesson]:
    """The sessions `teacher` teaches on `day` (this year's timetable), in slot order."""
    year = year_of(day)
    if year is None:
        return []
    return list(_with_details(Lesson.objects.filter(teacher_id=teacher_id, school_year=year,
                                                    day=day.isoweekday())).order_by("slot"))


def year_of(day: datetime.date) -> SchoolYear | None:
    """The school year `day` falls in, else the current one (a day of the summer holidays)."""
    return (SchoolYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
            or SchoolYear.objects.filter(is_current=True).first())


def slot_times(lesson: Lesson) -> Slot | None:
    return next((slot for slot in school_slots(school_id=lesson.school_id, school_year_id=lesson.school_year_id)
                 if slot.number == lesson.slot), None)


HOMEWORK_DAYS = 7  # "this week": the homework due from today to six days ahead


def current_enrolment(student: Student) -> Enrolment | None:
    """The student's current class: their active enrolment of the latest year."""
    return (Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE)
            .select_related("school_class__school__directorate", "school_class__school_year", "school_class__level")
            .order_by("-school_year__starts_on").first())


def _logs_with_details(logs: QuerySet[LessonLog]) -> QuerySet[LessonLog]:
    return logs.select_related("subject", "lesson__teacher", "school_class")


def class_log(*, school_class: SchoolClass, logs: QuerySet[LessonLog], limit: int = 100) -> list[LessonLog]:
    """The class's lesson log, newest session first (`logs`: the caller's scope), at most `limit` sessions."""
    rows = _logs_with_details(logs.filter(school_class=school_class)).order_by("-date", "-lesson__slot")
    return list(rows[:limit])


def session_logs(*, lessons: list[Lesson], on: datetime.date) -> dict[int, LessonLog]:
    """The logs already written for these lessons on `on`, by lesson id (one query)."""
    return {log.lesson_id: log for log in LessonLog.objects.filter(lesson__in=lessons, date=on)}


def homework_due(*, student: Student, logs: QuerySet[LessonLog], today: datetime.date,
                 days: int = HOMEWORK_DAYS) -> list[LessonLog]:
    """The homework of the student's current class due from `today` to `days - 1` days ahead, soonest first
    (`logs`: the caller's scope: the student themself, or their parent)."""
    enrolment = current_enrolment(student)
    if enrolment is None:
        return []
    end = today + datetime.timedelta(days=days - 1)
    rows = logs.filter(school_class_id=enrolment.school_class_id, homework_due_on__gte=today,
                       homework_due_on__lte=end).exclude(homework="")
    return list(_logs_with_details(rows).order_by("homework_due_on", "subject__code", "date"))
