"""User accounts. An account is separate from the person record it signs in for; its role decides its scope."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.dates import SHORT, datetime_text
from massar.core.roles import STAFF_ROLES, Role
from massar.staff.models import StaffMember
from massar.students.models import Guardian, Student


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
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # A temporary password issued by the administration: valid until this time, for one sign-in,
    # after which every page leads to "choose your new password".
    temporary_password_expires_at = models.DateTimeField(_("temporary password valid until"), null=True,
                                                         blank=True)
    must_change_password = models.BooleanField(_("must choose a new password"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

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
        staff_member = self.staff_member if self.staff_member_id else None
        if staff_member is not None and staff_member.position != self.role:
            raise ValidationError({"role": _("The role must be the staff member's position.")})

    @property
    def display_name(self) -> str:
        person = self.student or self.guardian or self.staff_member
        return person.full_name if person else self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only a digest is stored; the token itself is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=8, help_text=_("The first characters, to recognise it."))
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class AccountEventKind(models.TextChoices):
    ACTIVATED = "activated", _("Account activated")
    SIGNED_UP = "signed_up", _("Parent account created")
    EMAIL_CONFIRMED = "email_confirmed", _("E-mail confirmed")
    INVITED = "invited", _("Staff account invited")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail")
    TEMPORARY_PASSWORD = "temporary_password", _("Temporary password issued")
    UNLOCKED = "unlocked", _("Account unlocked")
    RECOVERY_EMAIL_CHANGED = "recovery_email_changed", _("Recovery e-mail changed")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication enabled")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor authentication disabled")
    CHILD_LINKED = "child_linked", _("Child linked")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class AccountEvent(models.Model):
    """Append-only record of what happened to an account's credentials and links, and who did it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="events", verbose_name=_("account"))
    kind = models.CharField(_("event"), max_length=30, choices=AccountEventKind.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("done by"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        # Shown in the back office (titles, breadcrumbs): what happened in the reader's language, and when.
        return f"{self.user} · {self.get_kind_display()} · {datetime_text(self.at, style=SHORT)}"
