"""The outbox (one Notification per recipient account and event), how each is delivered outside the site
(Delivery, one per channel), what each account chose (Preference, NotificationSettings), the phones that
accept Web Push (PushSubscription), and the announcements of schools, directorates and academies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from massar.schools.models import Academy, Directorate, Level, School, SchoolClass
from massar.students.models import Student


class Kind(models.TextChoices):
    ABSENCE = "absence", _("Absence")
    LATENESS = "lateness", _("Lateness")
    GRADES_PUBLISHED = "grades_published", _("Grades published")
    ANNOUNCEMENT = "announcement", _("Announcement")
    BEHAVIOUR = "behaviour", _("Behaviour")
    HOMEWORK_DUE = "homework_due", _("Homework due tomorrow")
    RESULTS_PUBLISHED = "results_published", _("Exam results published")
    TRANSFER = "transfer", _("School transfer")
    ORIENTATION_RESULT = "orientation_result", _("Orientation result published")


class Notification(models.Model):
    """One message in one account's outbox. Its title and body are stored as translatable parts (a source
    text and its values, see parts.py) and read in the recipient's language when shown or sent. A recipient
    never gets two messages for one event: `dedupe_key` is unique per recipient."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name=_("about the student"))
    title = models.JSONField(_("title"))
    body = models.JSONField(_("body"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Shown (and delivered) from this moment: grades reach parents `parents_delay_days` after students.
    visible_from = models.DateTimeField(_("visible from"), default=timezone.now)
    # After this moment it is not pushed or e-mailed any more (an absence notice after the day); it stays here.
    useful_until = models.DateTimeField(_("useful until"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dedupe_key = models.CharField(_("event key"), max_length=200)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="one_notification_per_event")]
        indexes = [
            # The outbox, newest first, and the header's unread count (a partial index: unread rows only).
            models.Index(fields=["recipient", "-visible_from", "-id"], name="notification_outbox"),
            models.Index(fields=["recipient", "visible_from"], condition=Q(read_at__isnull=True),
                         name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.dedupe_key}"


class Channel(models.TextChoices):
    """What an account chose for a kind of event. Every choice but muted keeps the message in the outbox."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Push notification")
    MUTED = "muted", _("Muted")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")


class Delivery(models.Model):
    """One sending of one message on one channel (one e-mail; one push per subscribed phone). A task claims it
    (pending → sending) before sending and marks it sent after: a retried or doubled task finds it claimed or
    sent and sends nothing. A failure puts it back to pending with a later `next_attempt_at`; it is never
    deleted, and is skipped (not sent late) once the message's `useful_until` has passed."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("notification"))
    channel = models.CharField(_("channel"), max_length=10, choices=[(Channel.EMAIL, Channel.EMAIL.label),
                                                                     (Channel.PUSH, Channel.PUSH.label)])
    subscription = models.ForeignKey("PushSubscription", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="deliveries", verbose_name=_("push subscription"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], condition=Q(subscription__isnull=True),
                                    name="one_delivery_per_channel"),
            models.UniqueConstraint(fields=["notification", "subscription"], name="one_push_per_phone"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"


class Preference(models.Model):
    """An account's choice for one kind of event; without a row, the kind's default (preferences.DEFAULTS)."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences", verbose_name=_("account"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["account", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind}: {self.channel}"


class NotificationSettings(models.Model):
    """Quiet hours, in Morocco's time: between them nothing is e-mailed or pushed (it waits for their end);
    the outbox still receives everything. `quiet_from` after `quiet_until` spans midnight (22:00–07:00)."""

    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="notification_settings", verbose_name=_("account"))
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.account_id} {self.quiet_from}–{self.quiet_until}"


class PushSubscription(models.Model):
    """A browser (a phone with the site on its home screen) that accepts Web Push: where to post, and the keys
    its messages are encrypted for (RFC 8291)."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="push_subscriptions", verbose_name=_("account"))
    endpoint = models.URLField(_("endpoint"), max_length=500, unique=True)
    p256dh = models.CharField(_("public key"), max_length=120)
    auth = models.CharField(_("authentication secret"), max_length=60)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_success_at = models.DateTimeField(_("last delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.account_id} {self.endpoint[:40]}"


class IssuerKind(models.TextChoices):
    SCHOOL = "school", _("School")
    DIRECTORATE = "directorate", _("Directorate")
    ACADEMY = "academy", _("Academy")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    STAFF = "staff", _("Staff")
    FAMILIES = "families", _("Students and parents")


class Announcement(models.Model):
    """A notice from a school (to everyone, a level or a class), a directorate or an academy (to their schools'
    staff, families or both). It reaches each recipient's outbox by a fan-out task, which also opens one
    receipt per recipient: the sender counts who read it."""

    issuer_kind = models.CharField(_("from"), max_length=12, choices=IssuerKind.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("directorate"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("academy"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("level"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("class"))
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    fanned_out_at = models.DateTimeField(_("sent to recipients at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(name="announcement_has_its_issuer", condition=(
                Q(issuer_kind="school", school__isnull=False, directorate__isnull=True, academy__isnull=True)
                | Q(issuer_kind="directorate", school__isnull=True, directorate__isnull=False, academy__isnull=True,
                    level__isnull=True, school_class__isnull=True)
                | Q(issuer_kind="academy", school__isnull=True, directorate__isnull=True, academy__isnull=False,
                    level__isnull=True, school_class__isnull=True))),
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementAttachment(models.Model):
    """The announcement's one optional file (PDF, PNG or JPEG, checked by its content), kept in the database:
    never under the web root, served only to those the announcement reaches."""

    announcement = models.OneToOneField(Announcement, on_delete=models.CASCADE, related_name="attachment",
                                        verbose_name=_("announcement"))
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class AnnouncementReceipt(models.Model):
    """That an announcement reached an account, and when they read it."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="receipts",
                                     verbose_name=_("announcement"))
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("account"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement receipt")
        verbose_name_plural = _("announcement receipts")
        constraints = [models.UniqueConstraint(fields=["announcement", "account"], name="one_receipt_per_account")]
        indexes = [models.Index(fields=["account", "announcement"], name="receipt_by_account")]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.account_id}"
