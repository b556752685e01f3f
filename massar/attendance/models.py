"""Attendance (a roll call per session, absences and lateness per student and slot, their justification) and
behaviour entries.

A session is a lesson of the timetable on a date. Everyone is present unless marked: only absences and
lateness are rows. Each mark a teacher sends carries an idempotency key (a UUID the page or the app makes when
the mark is tapped); its receipt is kept, so a queue replayed twice records nothing twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.accounts.models import User
from massar.schools.models import School, SchoolClass, Subject
from massar.staff.models import StaffMember
from massar.students.models import Student
from massar.timetable.models import Lesson

from .storage import private_storage


class AttendancePolicy(models.Model):
    """What a school's administration allows its teachers: by default a teacher marks only today's sessions."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="attendance_policy",
                                  verbose_name=_("school"))
    teachers_mark_other_days = models.BooleanField(
        _("teachers may mark sessions of other days"), default=False,
        help_text=_("Otherwise a teacher marks only the sessions of today."))

    class Meta:
        verbose_name = _("attendance policy")
        verbose_name_plural = _("attendance policies")

    def __str__(self) -> str:
        return str(self.school)


class RollCall(models.Model):
    """The attendance of one session was taken (who, when): its students not marked were present."""

    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("lesson"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("class"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject"))
    teacher = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher"))
    date = models.DateField(_("date"))
    slot = models.PositiveSmallIntegerField(_("slot"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "slot"]
        verbose_name = _("roll call")
        verbose_name_plural = _("roll calls")
        constraints = [models.UniqueConstraint(fields=["school_class", "date", "slot"], name="one_roll_call")]

    def __str__(self) -> str:
        return f"{self.school_class} {self.date} {self.slot}"


class Kind(models.TextChoices):
    ABSENT = "absent", _("Absent")
    LATE = "late", _("Late")


class Justification(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    JUSTIFIED = "justified", _("Justified")
    UNJUSTIFIED = "unjustified", _("Unjustified")


class Absence(models.Model):
    """A student absent (or late) in one slot of one day; the administration records its cause and decides
    whether it is justified."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="absences",
                                verbose_name=_("student"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("class"))
    roll_call = models.ForeignKey(RollCall, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="absences", verbose_name=_("roll call"))
    date = models.DateField(_("date"))
    slot = models.PositiveSmallIntegerField(_("slot"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    minutes_late = models.PositiveSmallIntegerField(_("minutes late"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    cause = models.CharField(_("cause"), max_length=200, blank=True)
    justification = models.CharField(_("justification"), max_length=11, choices=Justification.choices,
                                     default=Justification.PENDING)
    note = models.TextField(_("justification note"), blank=True)
    document = models.FileField(_("scanned document"), storage=private_storage, upload_to="justifications/%Y/%m/",
                                blank=True)
    document_type = models.CharField(_("document type"), max_length=40, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "slot"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(fields=["student", "date", "slot"], name="one_absence_per_student_slot"),
            models.CheckConstraint(condition=models.Q(kind="late", minutes_late__isnull=False)
                                   | models.Q(kind="absent", minutes_late__isnull=True),
                                   name="minutes_only_when_late"),
        ]
        indexes = [models.Index(fields=["school_class", "date"]), models.Index(fields=["student", "date"])]

    def __str__(self) -> str:
        return f"{self.student} {self.date} {self.slot} {self.kind}"

    @property
    def justified(self) -> bool:
        return self.justification == Justification.JUSTIFIED


class MarkStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LATE = "late", _("Late")


class MarkReceipt(models.Model):
    """A mark already received, by its idempotency key: sent again, it changes nothing."""

    key = models.UUIDField(_("idempotency key"), primary_key=True)
    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="receipts",
                                  verbose_name=_("roll call"))
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+", verbose_name=_("student"))
    status = models.CharField(_("status"), max_length=7, choices=MarkStatus.choices)
    minutes_late = models.PositiveSmallIntegerField(_("minutes late"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mark receipt")
        verbose_name_plural = _("mark receipts")

    def __str__(self) -> str:
        return str(self.key)


class BehaviourKind(models.TextChoices):
    NOTE = "note", _("Note")
    WARNING = "warning", _("Warning")
    SANCTION = "sanction", _("Sanction")


class BehaviourEntry(models.Model):
    """A note, a warning or a sanction about a student, by a member of their school's staff."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="behaviour_entries",
                                verbose_name=_("student"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=8, choices=BehaviourKind.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-recorded_at"]
        verbose_name = _("behaviour entry")
        verbose_name_plural = _("behaviour entries")
        indexes = [models.Index(fields=["student", "date"])]

    def __str__(self) -> str:
        return f"{self.student} {self.date} {self.kind}"
