"""Staff people (the person record; the account is in accounts) and what each teacher teaches."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.schools.models import Academy, Directorate, School, SchoolClass, Subject
from massar.students.models import PersonNames
from massar.students.validators import validate_phone


class Position(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    DIRECTORATE_OFFICER = "directorate_officer", _("Directorate officer")
    ACADEMY_OFFICER = "academy_officer", _("Academy officer")
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")


class StaffMember(PersonNames):
    """A teacher, an administrator or an officer. Where they work decides what they may see."""

    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
                               verbose_name=_("school"))
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="staff", verbose_name=_("directorate"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
                                verbose_name=_("academy"))

    class Meta:
        ordering = ["last_name_latin", "first_name_latin"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            # Each position is attached to exactly the unit that bounds its scope.
            models.CheckConstraint(
                name="staff_attached_to_their_unit",
                condition=(
                    models.Q(position__in=["teacher", "school_admin"], school__isnull=False,
                             directorate__isnull=True, academy__isnull=True)
                    | models.Q(position="directorate_officer", school__isnull=True, directorate__isnull=False,
                               academy__isnull=True)
                    | models.Q(position="academy_officer", school__isnull=True, directorate__isnull=True,
                               academy__isnull=False)
                    | models.Q(position="ministry_officer", school__isnull=True, directorate__isnull=True,
                               academy__isnull=True)
                ),
            ),
        ]

    def clean(self) -> None:
        needs = {
            Position.TEACHER: "school", Position.SCHOOL_ADMIN: "school",
            Position.DIRECTORATE_OFFICER: "directorate", Position.ACADEMY_OFFICER: "academy",
        }.get(Position(self.position)) if self.position else None
        missing = {"school": _("This position needs a school."),
                   "directorate": _("This position needs a directorate."),
                   "academy": _("This position needs an academy.")}
        for unit in ("school", "directorate", "academy"):
            attached = getattr(self, f"{unit}_id") is not None
            if unit == needs and not attached:
                raise ValidationError({unit: missing[unit]})
            if unit != needs and attached:
                raise ValidationError({unit: _("Leave this empty for this position.")})


class TeachingAssignment(models.Model):
    """A teacher teaches a subject to a class (the timetable's classes × subjects)."""

    teacher = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments",
                                limit_choices_to={"position": Position.TEACHER}, verbose_name=_("teacher"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="assignments",
                                     verbose_name=_("class"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="assignments",
                                verbose_name=_("subject"))

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            # One teacher per class and subject.
            models.UniqueConstraint(fields=["school_class", "subject"], name="one_teacher_per_class_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school_class} · {self.subject.code}"
