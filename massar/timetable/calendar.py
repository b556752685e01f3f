"""The school year's calendar as a school's students, parents and teachers read it: the semesters (from the
year's `Semester` rows), the holidays and public holidays (CalendarEvent: the ministry's for everyone, an
academy's, a directorate's, a school's for theirs), and the exams of the levels concerned (the exams app's
sessions: from the first paper to the last, and the day results are expected).

Writes of the calendar (the back office) check the dates with `calendar_event_check`."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massar.core.errors import Invalid
from massar.core.models import SchoolYear
from massar.exams.models import ExamSession
from massar.schools.models import Level, School
from massar.staff.models import StaffMember, TeachingAssignment
from massar.students.models import Student

from .error_codes import TimetableErrorCode as codes
from .models import CalendarEvent, CalendarEventKind, CalendarScope
from .selectors import current_enrolment, year_of

SEMESTER, EXAM, RESULTS = "semester", "exam", "results"
KIND_LABELS = {SEMESTER: _("Semester"), EXAM: _("Exam"), RESULTS: _("Results"),
               **{str(value): label for value, label in CalendarEventKind.choices}}


@dataclass(frozen=True)
class CalendarDate:
    """One line of a calendar: `kind` is a CalendarEventKind value, or semester, exam or results."""

    kind: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self) -> str:
        """What kind of date it is, in the reader's language."""
        return str(KIND_LABELS.get(self.kind, ""))

    @property
    def one_day(self) -> bool:
        return self.starts_on == self.ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@dataclass
class YearCalendar:
    school_year: SchoolYear
    dates: list[CalendarDate]

    @property
    def periods(self) -> list[CalendarDate]:
        """The year's periods: its semesters and its holidays of more than one day."""
        return [d for d in self.dates if d.kind == SEMESTER or (d.kind == "holiday" and not d.one_day)]

    def upcoming(self, today: datetime.date) -> list[CalendarDate]:
        """What is still ahead (or under way) on `today`, semesters left out."""
        return [d for d in self.dates if d.ends_on >= today and d.kind != SEMESTER]


def school_events(*, school_year: SchoolYear, school: School | None) -> Q:
    """The events of `school_year` that concern `school`: national, its academy's, its directorate's, its own."""
    concerning = Q(scope=CalendarScope.NATIONAL)
    if school is not None:
        concerning |= (Q(scope=CalendarScope.ACADEMY, academy_id=school.directorate.academy_id)
                       | Q(scope=CalendarScope.DIRECTORATE, directorate_id=school.directorate_id)
                       | Q(scope=CalendarScope.SCHOOL, school_id=school.pk))
    return Q(school_year=school_year) & concerning


def _exam_dates(*, school_year: SchoolYear, school: School | None, levels: Iterable[Level]) -> list[CalendarDate]:
    sessions = ExamSession.objects.filter(school_year=school_year, level__in=list(levels), starts_on__isnull=False)
    if school is not None:
        sessions = sessions.filter(Q(academy__isnull=True) | Q(academy_id=school.directorate.academy_id),
                                   Q(directorate__isnull=True) | Q(directorate_id=school.directorate_id),
                                   Q(school__isnull=True) | Q(school_id=school.pk))
    out = []
    for session in sessions.order_by("starts_on", "kind", "number"):
        if session.starts_on is None:
            continue
        name = session.get_kind_display()
        if session.number == 2:
            name = gettext("%(exam)s, second session") % {"exam": name}
        out.append(CalendarDate(EXAM, str(name), session.starts_on, session.ends_on or session.starts_on))
        if session.results_on is not None:
            out.append(CalendarDate(RESULTS, gettext("Results: %(exam)s") % {"exam": name}, session.results_on,
                                    session.results_on))
    return out


def year_calendar(*, school_year: SchoolYear, school: School | None, levels: Iterable[Level] = ()) -> YearCalendar:
    """The calendar of `school_year` for `school` and the exams of `levels`, in date order (three queries)."""
    dates = [CalendarDate(SEMESTER, gettext("Semester %(number)d") % {"number": semester.number},
                          semester.starts_on, semester.ends_on) for semester in school_year.semesters.all()]
    dates += [CalendarDate(event.kind, event.name, event.starts_on, event.ends_on)
              for event in CalendarEvent.objects.filter(school_events(school_year=school_year, school=school))]
    dates += _exam_dates(school_year=school_year, school=school, levels=levels)
    dates.sort(key=lambda d: (d.starts_on, d.ends_on, d.name))
    return YearCalendar(school_year=school_year, dates=dates)


def calendar_event_check(*, school_year: SchoolYear, scope: str, starts_on: datetime.date,
                         ends_on: datetime.date, academy=None, directorate=None, school=None) -> None:
    """An event ends on or after its start, within its school year, and names the owner its scope asks for."""
    if ends_on < starts_on:
        raise Invalid(codes.BAD_DATES, _("The end date is before the start date."), field="ends_on")
    if starts_on < school_year.starts_on or ends_on > school_year.ends_on:
        raise Invalid(codes.BAD_DATES, _("The dates are outside the school year {year}.").format(
            year=school_year.label), field="starts_on")
    owners_of: dict[str, tuple[str, ...]] = {CalendarScope.NATIONAL: (), CalendarScope.ACADEMY: ("academy",),
                                             CalendarScope.DIRECTORATE: ("directorate",),
                                             CalendarScope.SCHOOL: ("school",)}
    owners = owners_of.get(scope)
    given = {name for name, value in (("academy", academy), ("directorate", directorate), ("school", school))
             if value is not None}
    if owners is None or given != set(owners):
        raise Invalid(codes.BAD_OWNER, _(
            "A national date names no owner; an academy's, a directorate's or a school's names only its own."),
                      field="scope")


def student_calendar(*, student: Student) -> YearCalendar | None:
    """The calendar of the student's current class: its year, its school, its level's exams."""
    enrolment = current_enrolment(student)
    if enrolment is None:
        return None
    school_class = enrolment.school_class
    return year_calendar(school_year=school_class.school_year, school=school_class.school,
                         levels=[school_class.level])


def teacher_calendar(*, teacher: StaffMember, today: datetime.date) -> YearCalendar | None:
    """The calendar of the teacher's school this year, with the exams of the levels they teach."""
    year = year_of(today)
    if year is None:
        return None
    levels = Level.objects.filter(pk__in=TeachingAssignment.objects.filter(
        teacher=teacher, school_class__school_year=year).values("school_class__level_id"))
    school = (School.objects.select_related("directorate").filter(pk=teacher.school_id).first()
              if teacher.school_id is not None else None)
    return year_calendar(school_year=year, school=school, levels=levels)
