"""The hourly slots of a school's day and the weekly timetable of each class.

Both are versioned by school year: a slot belongs to a school and a year, a lesson to a class (which belongs to
one year). A school that set no slots for a year uses the default day (4 morning + 4 afternoon hours,
`DEFAULT_SLOTS`); the administration changes it in the back office.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.core.models import SchoolYear
from massar.schools.models import School, SchoolClass, Subject
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
