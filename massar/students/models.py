"""The student file, guardians, enrolments, and the ledger of issued Massar codes."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from massar.core.models import SchoolYear
from massar.schools.models import School, SchoolClass

from .codes import validate_massar_code
from .validators import validate_cnie, validate_phone


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class PersonNames(models.Model):
    """Names in Arabic and in Latin letters, as on the civil record."""

    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=100)
    last_name_ar = models.CharField(_("last name (Arabic)"), max_length=100)
    first_name_latin = models.CharField(_("first name (Latin letters)"), max_length=100)
    last_name_latin = models.CharField(_("last name (Latin letters)"), max_length=100)

    class Meta:
        abstract = True

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def full_name_latin(self) -> str:
        return f"{self.last_name_latin.upper()} {self.first_name_latin}".strip()

    @property
    def full_name(self) -> str:
        """In Arabic on Arabic pages, in Latin letters elsewhere; whichever exists when one is missing
        (a parent may give their name in Latin letters only)."""
        arabic_page = (translation.get_language() or "ar")[:2] == "ar"
        preferred, other = ((self.full_name_ar, self.full_name_latin) if arabic_page
                            else (self.full_name_latin, self.full_name_ar))
        return preferred or other

    def __str__(self) -> str:
        return self.full_name


class Student(PersonNames):
    massar_code = models.CharField(_("Massar code"), max_length=10, unique=True, editable=False,
                                   validators=[validate_massar_code])
    birth_date = models.DateField(_("birth date"))
    birth_place_ar = models.CharField(_("birth place (Arabic)"), max_length=100)
    birth_place_latin = models.CharField(_("birth place (Latin letters)"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    cnie = models.CharField(_("CNIE number"), max_length=10, null=True, blank=True, unique=True,
                            validators=[validate_cnie])
    opened_by = models.ForeignKey(School, on_delete=models.PROTECT, related_name="opened_student_files",
                                  verbose_name=_("file opened by"))
    opened_at = models.DateTimeField(_("file opened at"), auto_now_add=True)

    class Meta:
        ordering = ["last_name_latin", "first_name_latin"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        # The order of every list of students (selectors.CLASS_LIST_ORDER): the ministry's list of the nation
        # reads its first page from this index instead of sorting millions of rows.
        indexes = [models.Index(fields=["last_name_latin", "first_name_latin", "massar_code"],
                                name="student_list_order")]

    def __str__(self) -> str:
        # With the code: namesakes are common, the code is what tells them apart.
        return f"{self.full_name} ({self.massar_code})"


class Guardian(PersonNames):
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    cnie = models.CharField(_("CNIE number"), max_length=10, blank=True, validators=[validate_cnie])

    class Meta:
        ordering = ["last_name_latin", "first_name_latin"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")


class Relation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    TUTOR = "tutor", _("Tutor")


class StudentGuardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links",
                                verbose_name=_("student"))
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="student_links",
                                 verbose_name=_("guardian"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guardian of a student")
        verbose_name_plural = _("guardians of students")
        constraints = [models.UniqueConstraint(fields=["student", "guardian"], name="unique_student_guardian")]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relation_display()}) → {self.student}"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Enrolled")
    TRANSFERRED = "transferred", _("Transferred out")
    COMPLETED = "completed", _("Year completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrolment(models.Model):
    """A student in a class for a school year. History is kept: ended enrolments are never deleted."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("student"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="enrolments",
                                     verbose_name=_("class"))
    # Copied from the class so that "one active class per student and year" is a database constraint.
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", editable=False,
                                    verbose_name=_("school year"))
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ACTIVE)
    enrolled_on = models.DateField(_("enrolled on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["-school_year__starts_on", "student"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year"], condition=models.Q(status="active"),
                                    name="one_active_enrolment_per_year"),
        ]
        indexes = [models.Index(fields=["school_class", "status"])]

    def __str__(self) -> str:
        return f"{self.student.massar_code} → {self.school_class.code}"

    def save(self, *args, **kwargs) -> None:
        self.school_year_id = self.school_class.school_year_id
        super().save(*args, **kwargs)


class MassarCodeCounter(models.Model):
    """How many codes each letter has issued. Incremented in place, under the row's write lock."""

    letter = models.CharField(_("letter"), max_length=1, primary_key=True)
    issued = models.PositiveBigIntegerField(_("codes issued"), default=0)

    class Meta:
        verbose_name = _("Massar code counter")
        verbose_name_plural = _("Massar code counters")

    def __str__(self) -> str:
        return f"{self.letter}: {self.issued}"


class IssuedMassarCode(models.Model):
    """Every code ever issued or imported. A code in this ledger is never issued again, even if its file goes."""

    code = models.CharField(_("Massar code"), max_length=10, primary_key=True, validators=[validate_massar_code])
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued Massar code")
        verbose_name_plural = _("issued Massar codes")

    def __str__(self) -> str:
        return self.code


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CERTIFICATE_ISSUED = "certificate_issued", _("Leaving certificate issued")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TRANSFER_STATES = (TransferState.REQUESTED, TransferState.CERTIFICATE_ISSUED)


class TransferAskedBy(models.TextChoices):
    PARENT = "parent", _("A parent")
    SCHOOL = "school", _("The school")


class TransferRequest(models.Model):
    """A student's move to another school (DOMAIN §9): asked by a parent or by the origin school, then the
    origin school ends the enrolment and issues the leaving certificate, then the receiving school places the
    student in one of its classes. Refused (by either school, with a reason) or cancelled (by whoever asked,
    before the certificate) ends it. Each step keeps its moment and its actor on the row: no step happens
    twice, so the row is its own log. The student's record is never copied: it stays attached to the student."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="transfer_requests",
                                verbose_name=_("student"))
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="outgoing_transfers",
                                    verbose_name=_("origin school"))
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="incoming_transfers",
                                  verbose_name=_("destination school"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    # The enrolment the certificate ends, and the one the receiving school opens.
    from_enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("origin enrolment"))
    to_enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                     verbose_name=_("new enrolment"))
    state = models.CharField(_("state"), max_length=20, choices=TransferState.choices,
                             default=TransferState.REQUESTED)
    asked_by = models.CharField(_("asked by"), max_length=6, choices=TransferAskedBy.choices)
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    certificate = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("leaving certificate"))
    certificate_issued_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                              related_name="+", verbose_name=_("certificate issued by"))
    certificate_issued_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)
    # Who accepted, refused or cancelled, when, and (refused) why.
    closed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusing"), max_length=300, blank=True)
    refused_by_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("refused by"))

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [
            models.UniqueConstraint(fields=["student"], condition=models.Q(state__in=OPEN_TRANSFER_STATES),
                                    name="one_open_transfer_per_student"),
        ]
        indexes = [models.Index(fields=["from_school", "state"], name="transfer_outgoing"),
                   models.Index(fields=["to_school", "state"], name="transfer_incoming")]

    def __str__(self) -> str:
        return f"{self.student.massar_code}: {self.from_school.code} → {self.to_school.code}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_TRANSFER_STATES
