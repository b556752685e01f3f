"""User accounts. An account is separate from the person record it signs in for; its role decides its scope."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.staff.models import StaffMember
from massar.students.models import Guardian, Student


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    TEACHER = "teacher", _("Teacher")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    DIRECTORATE_OFFICER = "directorate_officer", _("Directorate officer")
    ACADEMY_OFFICER = "academy_officer", _("Academy officer")
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")


STAFF_ROLES = frozenset({Role.TEACHER, Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                         Role.MINISTRY_OFFICER})
# Roles that use the back office (Django admin), scoped to their territory.
BACK_OFFICE_ROLES = frozenset({Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # Sign-in names are not case-sensitive (F164115196@taalim.ma = f164115196@TAALIM.ma); passwords are.
        return self.get(username__iexact=(username or "").strip())

    def create_user(self, username: str, password: str | None = None, **fields) -> "User":
        user = self.model(username=username.strip(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, role=Role.MINISTRY_OFFICER)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("sign-in name"), max_length=150, unique=True)
    email = models.EmailField(_("recovery e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    student = models.OneToOneField(Student, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="account", verbose_name=_("student"))
    guardian = models.OneToOneField(Guardian, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="account", verbose_name=_("guardian"))
    staff_member = models.OneToOneField(StaffMember, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="account", verbose_name=_("staff member"))
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("created at"), default=timezone.now)
    preferred_language = models.CharField(_("language"), max_length=2, blank=True,
                                          choices=[("ar", "العربية"), ("fr", "Français"), ("en", "English")])

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="unique_username_ignoring_case"),
            # The account points at exactly the person record its role needs.
            models.CheckConstraint(
                name="account_linked_to_its_person",
                condition=(
                    models.Q(role="student", student__isnull=False, guardian__isnull=True,
                             staff_member__isnull=True)
                    | models.Q(role="parent", student__isnull=True, guardian__isnull=False,
                               staff_member__isnull=True)
                    | models.Q(role__in=sorted(STAFF_ROLES - {Role.MINISTRY_OFFICER}), student__isnull=True,
                               guardian__isnull=True, staff_member__isnull=False)
                    | models.Q(role="ministry_officer", student__isnull=True, guardian__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        if self.staff_member_id and self.staff_member.position != self.role:
            raise ValidationError({"role": _("The role must be the staff member's position.")})

    @property
    def display_name(self) -> str:
        person = self.student or self.guardian or self.staff_member
        return person.full_name if person else self.username
