"""Orientation as data (DOMAIN §8), keyed by the school year:

- a window per orientation point, opened nationally by the ministry or by an academy for its schools;
- the streams each school offers at the next level with their capacity (`StreamOffer`), and the published
  scoring formula of each stream (`ScoringFormula`: a weighted mean of chosen subject annual averages);
- each student's ranked wishes inside a window (`WishList`, `Wish`), confirmed with a receipt;
- an assignment run over an academy or the nation (`AssignmentRun`) with its recorded seed, its per-student
  outcome (`Assignment`: the pre-selection, the council's decision, the scores that explain it), the figures
  of each offer (`OfferResult`: capacity, admitted, last admitted score) and the council's overrides
  (`AssignmentOverride`, append-only, shown in the audit).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.core.models import SchoolYear
from massar.schools.models import Academy, Level, School, Stream, Subject
from massar.students.models import Student

WEIGHT = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("99"))]


class OrientationPoint(models.TextChoices):
    AFTER_3AC = "after_3ac", _("3AC → common core")
    AFTER_TC = "after_tc", _("Common core → 1BAC stream")
    AFTER_1BAC = "after_1bac", _("1BAC → 2BAC option")
    REORIENTATION = "reorientation", _("Start-of-year re-orientation")


class OrientationWindow(models.Model):
    """Students of `from_level` rank wishes among the streams of `to_level` between `opens_at` and `closes_at`.
    `academy` empty: opened by the ministry for the nation; otherwise by that academy for its schools."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    point = models.CharField(_("orientation point"), max_length=16, choices=OrientationPoint.choices)
    from_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("level of the students"))
    to_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("level of the streams"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("academy"), help_text=_("Empty: the whole nation (ministry)."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    max_wishes = models.PositiveSmallIntegerField(_("wishes a student may rank"), default=5,
                                                  validators=[MinValueValidator(1), MaxValueValidator(30)])
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("orientation window")
        verbose_name_plural = _("orientation windows")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="orientation_window_closes_after_it_opens"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.get_point_display()}"


class StreamOffer(models.Model):
    """A school offers `stream` in `school_year` with `capacity` places (set by the school or its directorate)."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="stream_offers",
                               verbose_name=_("school"))
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="offers", verbose_name=_("stream"))
    capacity = models.PositiveIntegerField(_("capacity"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["school", "stream"]
        verbose_name = _("stream offer")
        verbose_name_plural = _("stream offers")
        constraints = [models.UniqueConstraint(fields=["school_year", "school", "stream"], name="one_offer")]

    def __str__(self) -> str:
        return f"{self.school.code} {self.stream} ({self.capacity})"


class ScoringFormula(models.Model):
    """The published score of a stream in a school year: the weighted mean of the student's annual averages in
    the subjects of its weights (e.g. SM: mathematics × 2, physics × 1). Shown beside the stream."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="+", verbose_name=_("stream"))
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["-school_year__starts_on", "stream"]
        verbose_name = _("scoring formula")
        verbose_name_plural = _("scoring formulas")
        constraints = [models.UniqueConstraint(fields=["school_year", "stream"], name="one_scoring_formula")]

    def __str__(self) -> str:
        return f"{self.school_year} {self.stream}"


class ScoringWeight(models.Model):
    formula = models.ForeignKey(ScoringFormula, on_delete=models.CASCADE, related_name="weights",
                                verbose_name=_("scoring formula"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject"))
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, validators=WEIGHT)

    class Meta:
        ordering = ["formula", "-weight", "subject"]
        verbose_name = _("scoring weight")
        verbose_name_plural = _("scoring weights")
        constraints = [models.UniqueConstraint(fields=["formula", "subject"], name="one_weight_per_subject")]

    def __str__(self) -> str:
        return f"{self.subject.code} × {self.weight}"


class WishList(models.Model):
    """A student's ranked wishes in a window; `confirmed_at` and `receipt` change at every confirmed change."""

    window = models.ForeignKey(OrientationWindow, on_delete=models.PROTECT, related_name="wish_lists",
                               verbose_name=_("orientation window"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="wish_lists",
                                verbose_name=_("student"))
    confirmed_at = models.DateTimeField(_("confirmed at"))
    receipt = models.CharField(_("receipt number"), max_length=24)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["window", "student"]
        verbose_name = _("wish list")
        verbose_name_plural = _("wish lists")
        constraints = [models.UniqueConstraint(fields=["window", "student"], name="one_wish_list")]

    def __str__(self) -> str:
        return f"{self.window} {self.student}"


class Wish(models.Model):
    wish_list = models.ForeignKey(WishList, on_delete=models.CASCADE, related_name="wishes",
                                  verbose_name=_("wish list"))
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    offer = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, related_name="wishes",
                              verbose_name=_("stream offer"))

    class Meta:
        ordering = ["wish_list", "rank"]
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        constraints = [
            models.UniqueConstraint(fields=["wish_list", "rank"], name="one_wish_per_rank"),
            models.UniqueConstraint(fields=["wish_list", "offer"], name="one_rank_per_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.offer}"


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Pre-selection ready")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")


class AssignmentRun(models.Model):
    """One assignment of a window's wishes over an academy (or the nation when `academy` is empty). The tie-break
    numbers are drawn from `seed`, recorded so that anyone can rerun it (`manage.py orientation_solve`)."""

    window = models.ForeignKey(OrientationWindow, on_delete=models.PROTECT, related_name="runs",
                               verbose_name=_("orientation window"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("academy"))
    seed = models.BigIntegerField(_("tie-break seed"))
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    students_total = models.PositiveIntegerField(_("students"), default=0)
    students_done = models.PositiveIntegerField(_("students done"), default=0)
    stable = models.BooleanField(_("stability certified"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")

    def __str__(self) -> str:
        return f"{self.window} #{self.pk}"


class Assignment(models.Model):
    """A student's outcome in a run: `proposed` by the algorithm, `decided` by the council (the same unless
    overridden). `scores` keeps the student's score for each wished offer ({offer id: "15.25"}) and
    `general_average` and `tiebreak` the tie-break, so that the explanation is exactly what the run used."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="assignments",
                            verbose_name=_("assignment run"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="orientation_assignments",
                                verbose_name=_("student"))
    proposed = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("pre-selection"))
    decided = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("decision"))
    scores = models.JSONField(_("scores per wish"), default=dict)
    general_average = models.DecimalField(_("general average"), max_digits=4, decimal_places=2, null=True,
                                          blank=True)
    tiebreak = models.PositiveIntegerField(_("tie-break number"))

    class Meta:
        ordering = ["run", "student"]
        verbose_name = _("orientation assignment")
        verbose_name_plural = _("orientation assignments")
        constraints = [models.UniqueConstraint(fields=["run", "student"], name="one_assignment_per_run")]

    def __str__(self) -> str:
        return f"{self.run} {self.student}"


class OfferResult(models.Model):
    """An offer's figures in a run: its capacity, how many it admitted, and its cutoff (the lowest admitted
    score when it is full; empty when it is not, so any score was enough)."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="offer_results",
                            verbose_name=_("assignment run"))
    offer = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, related_name="+", verbose_name=_("offer"))
    capacity = models.PositiveIntegerField(_("capacity"))
    admitted = models.PositiveIntegerField(_("admitted"))
    cutoff = models.DecimalField(_("last admitted score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["run", "offer"]
        verbose_name = _("offer result")
        verbose_name_plural = _("offer results")
        constraints = [models.UniqueConstraint(fields=["run", "offer"], name="one_result_per_offer")]

    def __str__(self) -> str:
        return f"{self.run} {self.offer}"


class AssignmentOverride(models.Model):
    """Append-only: the orientation council changed a pre-selection (who, when, from what, to what, why)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="overrides",
                                   verbose_name=_("orientation assignment"))
    old = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("old decision"))
    new = models.ForeignKey(StreamOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("new decision"))
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("orientation override")
        verbose_name_plural = _("orientation overrides")

    def __str__(self) -> str:
        return f"{self.assignment} {self.old_id} → {self.new_id}"
