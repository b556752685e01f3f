"""The hourly slots of a school's day, the weekly timetable of each class, the lesson log of each session
(what was done, the homework) and the school year's calendar.

Both are versioned by school year: a slot belongs to a school and a year, a lesson to a class (which belongs to
one year). A school that set no slots for a year uses the default day (4 morning + 4 afternoon hours,
`DEFAULT_SLOTS`); the administration changes it in the back office.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.attendance.storage import private_storage
from massar.core.models import NamedInThreeLanguages, SchoolYear
from massar.schools.models import Academy, Directorate, School, SchoolClass, Subject
from massar.staff.models import StaffMember


class Day(models.IntegerChoices):
    """Days a school teaches, numbered as `date.isoweekday()`."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


# 08:00-12:00 and 14:00-18:00, one hour each.
DEFAULT_SLOTS: tuple[tuple[int, datetime.time, datetime.time], ...] = tuple(
    (number, datetime.time(hour), datetime.time(hour + 1))
    for number, hour in enumerate((8, 9, 10, 11, 14, 15, 16, 17), start=1))


class SchoolSlot(models.Model):
    """One hourly slot of a school's day in a school year (slot 1 = the first hour of the morning)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="slots", verbose_name=_("school"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("school year"))
    number = models.PositiveSmallIntegerField(_("slot"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["school", "school_year", "number"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "number"], name="unique_school_slot"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.starts_at:%H:%M}-{self.ends_at:%H:%M})"


class Lesson(models.Model):
    """A class has `subject` with `teacher` in `room` every week on `day`, slot `slot`.

    The year and the school are copied from the class so that the database itself refuses a teacher or a room
    in two places at once (the services check first, to name the clash)."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="lessons",
                                     verbose_name=_("class"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", editable=False,
                               verbose_name=_("school"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+", editable=False,
                                    verbose_name=_("school year"))
    day = models.PositiveSmallIntegerField(_("day"), choices=Day.choices)
    slot = models.PositiveSmallIntegerField(_("slot"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject"))
    teacher = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="lessons",
                                verbose_name=_("teacher"))
    room = models.CharField(_("room"), max_length=30, blank=True)

    class Meta:
        ordering = ["school_class", "day", "slot"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "day", "slot"], name="one_lesson_per_class_slot"),
            models.UniqueConstraint(fields=["school_year", "teacher", "day", "slot"],
                                    name="one_lesson_per_teacher_slot"),
            models.UniqueConstraint(fields=["school", "school_year", "room", "day", "slot"],
                                    condition=~models.Q(room=""), name="one_lesson_per_room_slot"),
        ]
        indexes = [models.Index(fields=["teacher", "day"])]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.get_day_display()} {self.slot} · {self.subject.code}"

    def save(self, *args, **kwargs) -> None:
        self.school_id = self.school_class.school_id
        self.school_year_id = self.school_class.school_year_id
        super().save(*args, **kwargs)


class LessonLog(models.Model):
    """The lesson log (cahier de textes) of one session: a lesson of the timetable on one date. The teacher
    writes what was done and, optionally, the homework and the day it is due. The class and the subject are
    copied from the lesson when it is written (the timetable may change later; the log stays what was taught),
    so the log is versioned by year through its class."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="logs", verbose_name=_("lesson"))
    date = models.DateField(_("date"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="lesson_logs",
                                     editable=False, verbose_name=_("class"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", editable=False,
                                verbose_name=_("subject"))
    content = models.TextField(_("what was done"), max_length=4000)
    homework = models.TextField(_("homework"), max_length=2000, blank=True)
    homework_due_on = models.DateField(_("homework due on"), null=True, blank=True)
    # An optional worksheet (PDF, JPEG or PNG, checked by its first bytes as a justification is), kept in the
    # private storage and served only to those who read the class's log.
    attachment = models.FileField(_("attachment"), storage=private_storage, upload_to="homework/%Y/%m/", blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=40, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["school_class", "-date", "lesson__slot"]
        verbose_name = _("lesson log")
        verbose_name_plural = _("lesson logs")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "date"], name="one_log_per_session"),
            # Homework has its due date, after the session; a due date belongs to homework.
            models.CheckConstraint(name="homework_with_its_due_date", condition=(
                models.Q(homework="", homework_due_on__isnull=True)
                | (~models.Q(homework="") & models.Q(homework_due_on__gt=models.F("date"))))),
        ]
        indexes = [models.Index(fields=["school_class", "homework_due_on"], name="homework_due_by_class")]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject.code} · {self.date}"

    def save(self, *args, **kwargs) -> None:
        self.school_class_id = self.lesson.school_class_id
        self.subject_id = self.lesson.subject_id
        super().save(*args, **kwargs)


class CalendarScope(models.TextChoices):
    NATIONAL = "national", _("National (ministry)")
    ACADEMY = "academy", _("Academy")
    DIRECTORATE = "directorate", _("Directorate")
    SCHOOL = "school", _("School")


class CalendarEventKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holidays")
    DAY_OFF = "day_off", _("Public holiday")
    SCHOOL_EVENT = "event", _("School event")


class CalendarEvent(NamedInThreeLanguages):
    """A date (or a span of dates) of a school year's calendar: the holidays and public holidays the ministry
    sets for the whole country, those an academy, a directorate or a school adds for its own schools, and other
    events of a school (a parents' meeting). Semester dates come from the year's semesters and exam dates from
    the exams app: they are not repeated here."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="calendar_events",
                                    verbose_name=_("school year"))
    scope = models.CharField(_("set by"), max_length=12, choices=CalendarScope.choices,
                             default=CalendarScope.NATIONAL)
    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name=_("academy"))
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                    verbose_name=_("directorate"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarEventKind.choices,
                            default=CalendarEventKind.HOLIDAY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school_year", "starts_on", "ends_on"]
        verbose_name = _("calendar date")
        verbose_name_plural = _("calendar dates")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="calendar_event_ends_after_start"),
            models.CheckConstraint(name="calendar_event_has_its_owner", condition=(
                models.Q(scope="national", academy__isnull=True, directorate__isnull=True, school__isnull=True)
                | models.Q(scope="academy", academy__isnull=False, directorate__isnull=True, school__isnull=True)
                | models.Q(scope="directorate", academy__isnull=True, directorate__isnull=False,
                           school__isnull=True)
                | models.Q(scope="school", academy__isnull=True, directorate__isnull=True, school__isnull=False))),
        ]
        indexes = [models.Index(fields=["school_year", "starts_on"], name="calendar_by_year")]
