"""Documents the school issues about a student (report cards, certificates), each with an unguessable
reference anyone can verify, and the batches of report cards printed at once.

A `Document` records what the document states (`facts`, language-neutral: names in both scripts, figures as
decided by the grades selector) and the digest of those facts. Issuing the same facts again gives back the same
document (cached by content: same reference, same PDF); issuing after the data behind it changed (a correction)
makes a new document that supersedes the previous one. The PDF of a document in a language is kept in
`DocumentFile`, so a document is rendered once per language."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.core.models import SchoolYear, Semester
from massar.exams.models import ExamSession
from massar.schools.models import School, SchoolClass
from massar.students.models import Student

REFERENCE_LENGTH = 12


class DocumentKind(models.TextChoices):
    REPORT_CARD = "report_card", _("Report card")
    ANNUAL_REPORT_CARD = "annual_report_card", _("Annual report card")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    LEAVING_CERTIFICATE = "leaving_certificate", _("Leaving certificate")
    EXAM_TRANSCRIPT = "exam_transcript", _("Exam transcript")
    ORIENTATION_REQUEST = "orientation_request", _("Orientation request")


class DocumentLanguage(models.TextChoices):
    """Documents are printed in the two official languages of the record."""

    ARABIC = "ar", "العربية"
    FRENCH = "fr", "Français"


class Document(models.Model):
    reference = models.CharField(_("reference"), max_length=REFERENCE_LENGTH, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="documents",
                                verbose_name=_("student"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="documents",
                               verbose_name=_("issuing school"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    semester = models.ForeignKey(Semester, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                 verbose_name=_("semester"))
    exam_session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                     verbose_name=_("exam session"),
                                     help_text=_("For an exam transcript: the session whose result it states."))
    facts = models.JSONField(_("what it states"))
    digest = models.CharField(_("content digest"), max_length=64)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="supersedes", verbose_name=_("superseded by"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["student", "kind", "school_year", "semester"], name="document_issue")]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and self.revoked_at is None


class DocumentFile(models.Model):
    """The PDF of a document in one language, rendered once."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files",
                                 verbose_name=_("document"))
    language = models.CharField(_("language"), max_length=2, choices=DocumentLanguage.choices)
    pdf = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="one_file_per_language")]

    def __str__(self) -> str:
        return f"{self.document.reference}.{self.language}.pdf"


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchPrint(models.Model):
    """The report cards of a class (or a level, or the school) printed at once by a background task into one
    PDF. Its progress is kept on the row (each card is issued in its own transaction, so the page polling it
    sees it grow)."""

    id = models.UUIDField(_("identifier"), primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+", null=True,
                                     blank=True, verbose_name=_("class"))
    level_code = models.CharField(_("level"), max_length=6, blank=True)
    semester = models.ForeignKey(Semester, on_delete=models.CASCADE, related_name="+", null=True, blank=True,
                                 verbose_name=_("semester"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("school year"))
    language = models.CharField(_("language"), max_length=2, choices=DocumentLanguage.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=8, choices=BatchState.choices, default=BatchState.QUEUED)
    done = models.PositiveIntegerField(_("students done"), default=0)
    total = models.PositiveIntegerField(_("students"), default=0)
    printed = models.PositiveIntegerField(_("report cards printed"), default=0)
    skipped = models.PositiveIntegerField(_("students without a report card yet"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("batch of report cards")
        verbose_name_plural = _("batches of report cards")

    def __str__(self) -> str:
        return f"{self.school_id} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.state in (BatchState.DONE, BatchState.FAILED)
