"""Exams as data (DOMAIN §6): the exam sessions of a school year, their papers (subjects, coefficients per
stream, dates), the year's result rules, the candidates with their exam numbers, the anonymous copies and
their marks, and the stored results of a published session.

Everything a rule says is a row keyed by the school year (ResultRules, ExamPaper), seeded from the grades'
exam coefficients (schools.SubjectCoefficient.exam_coefficient) and edited in the back office by the body that
owns the exam: a school (3AC local), a directorate (6th primary provincial), an academy (regional exams),
the ministry (the national bac)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.core.models import SchoolYear
from massar.schools.models import Academy, Directorate, Level, School, Stream, Subject
from massar.students.models import Student

from . import calculations as calc
from .labels import DECISION_LABELS, MENTION_LABELS

WEIGHT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
MARK = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))]


class ExamKind(models.TextChoices):
    PRIMARY_PROVINCIAL = "primary_provincial", _("6th primary provincial exam")
    COLLEGE_LOCAL = "college_local", _("3AC local exam")
    COLLEGE_REGIONAL = "college_regional", _("3AC regional exam")
    BAC_REGIONAL = "bac_regional", _("1BAC regional exam")
    BAC_NATIONAL = "bac_national", _("2BAC national exam")


class OwningBody(models.TextChoices):
    SCHOOL = "school", _("school")
    DIRECTORATE = "directorate", _("directorate")
    ACADEMY = "academy", _("academy")
    MINISTRY = "ministry", _("ministry")


# Which body owns each kind of exam, the level it is sat in, and the component of the final mark it is.
OWNER_OF = {ExamKind.PRIMARY_PROVINCIAL: OwningBody.DIRECTORATE, ExamKind.COLLEGE_LOCAL: OwningBody.SCHOOL,
            ExamKind.COLLEGE_REGIONAL: OwningBody.ACADEMY, ExamKind.BAC_REGIONAL: OwningBody.ACADEMY,
            ExamKind.BAC_NATIONAL: OwningBody.MINISTRY}
LEVEL_OF = {ExamKind.PRIMARY_PROVINCIAL: "6AP", ExamKind.COLLEGE_LOCAL: "3AC", ExamKind.COLLEGE_REGIONAL: "3AC",
            ExamKind.BAC_REGIONAL: "1BAC", ExamKind.BAC_NATIONAL: "2BAC"}
COMPONENT_OF = {ExamKind.PRIMARY_PROVINCIAL: calc.Component.PROVINCIAL, ExamKind.COLLEGE_LOCAL: calc.Component.LOCAL,
                ExamKind.COLLEGE_REGIONAL: calc.Component.REGIONAL, ExamKind.BAC_REGIONAL: calc.Component.REGIONAL,
                ExamKind.BAC_NATIONAL: calc.Component.NATIONAL}
# The exam whose publication decides the certificate of a level, and the exams its final mark is made of.
FINAL_EXAM = {"6AP": ExamKind.PRIMARY_PROVINCIAL, "3AC": ExamKind.COLLEGE_REGIONAL, "2BAC": ExamKind.BAC_NATIONAL}
EXAMS_OF = {"6AP": (ExamKind.PRIMARY_PROVINCIAL,), "3AC": (ExamKind.COLLEGE_LOCAL, ExamKind.COLLEGE_REGIONAL),
            "2BAC": (ExamKind.BAC_REGIONAL, ExamKind.BAC_NATIONAL)}


class SessionState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    MARKING = "marking", _("Marking")
    LOCKED = "locked", _("Marks locked")
    PUBLISHED = "published", _("Published")


class ExamSession(models.Model):
    """One sitting of an exam in a school year: the normal session (1) or the bac's second session (2). The
    owner is the school, directorate or academy named (the ministry's national exam names none)."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="exam_sessions",
                                    verbose_name=_("school year"))
    kind = models.CharField(_("exam"), max_length=20, choices=ExamKind.choices)
    number = models.PositiveSmallIntegerField(_("session"), default=1,
                                              choices=[(1, _("Normal session")), (2, _("Second session"))])
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("academy"))
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("directorate"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))
    normal_session = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="second_sessions", verbose_name=_("normal session"),
                                       help_text=_("For a second session: the normal session it follows."))
    out_of = models.PositiveSmallIntegerField(_("marks out of"), default=20,
                                              validators=[MinValueValidator(1), MaxValueValidator(20)])
    starts_on = models.DateField(_("first paper on"), null=True, blank=True)
    ends_on = models.DateField(_("last paper on"), null=True, blank=True)
    results_on = models.DateField(_("results expected on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=SessionState.choices, default=SessionState.PREPARING)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-school_year__starts_on", "level__order", "kind", "number"]
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")

    def __str__(self) -> str:
        owner = self.school or self.directorate or self.academy
        return f"{self.school_year} {self.get_kind_display()} {self.number}{f' · {owner}' if owner else ''}"

    @property
    def owner(self) -> str:
        return OWNER_OF[ExamKind(self.kind)]

    def clean(self) -> None:
        """The owner named is the body that owns this kind of exam, and the level is the exam's."""
        from django.core.exceptions import ValidationError

        named = {OwningBody.SCHOOL: self.school_id, OwningBody.DIRECTORATE: self.directorate_id,
                 OwningBody.ACADEMY: self.academy_id}
        owner = OWNER_OF.get(ExamKind(self.kind)) if self.kind in ExamKind.values else None
        wrong = [body for body, pk in named.items() if (pk is not None) != (body == owner)]
        if owner is not None and wrong:
            raise ValidationError(_("This exam is owned by the %(owner)s: name it, and no other body.")
                                  % {"owner": OwningBody(owner).label})
        if self.level_id and owner is not None and self.level.code != LEVEL_OF[ExamKind(self.kind)]:
            raise ValidationError({"level": _("This exam is sat in another level.")})
        if self.number == 2 and self.normal_session_id is None:
            raise ValidationError({"normal_session": _("A second session follows a normal session.")})

    @property
    def owner_label(self) -> str:
        return str(OwningBody(self.owner).label)

    @property
    def component(self) -> calc.Component:
        return COMPONENT_OF[ExamKind(self.kind)]


class ExamPaper(models.Model):
    """A subject of an exam session for a stream (none: every candidate of the level), with its coefficient in
    the exam mark, date and duration."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="papers",
                                verbose_name=_("exam session"))
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("stream"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(20))])
    sits_on = models.DateField(_("date"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["session", "stream__code", "subject__code"]
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        constraints = [
            models.UniqueConstraint(fields=["session", "stream", "subject"], condition=models.Q(stream__isnull=False),
                                    name="unique_exam_paper_per_stream"),
            models.UniqueConstraint(fields=["session", "subject"], condition=models.Q(stream__isnull=True),
                                    name="unique_exam_paper"),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.stream.code if self.stream else ''} {self.subject.code}"


class CandidateKind(models.TextChoices):
    SCHOOL = "school", _("School candidate")
    FREE = "free", _("Free candidate")


class ResultRules(models.Model):
    """How a certificate's final mark is made in a school year, for a level and a kind of candidate: the
    weights of its components (adding up to 1), the admission and second-session thresholds, the lower bounds
    of the mentions (empty: no mentions) and the rounding of the shown mark."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="result_rules",
                                    verbose_name=_("school year"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    candidate_kind = models.CharField(_("candidates"), max_length=6, choices=CandidateKind.choices,
                                      default=CandidateKind.SCHOOL)
    continuous_weight = models.DecimalField(_("weight of the continuous assessment"), max_digits=3,
                                            decimal_places=2, default=Decimal(0), validators=WEIGHT)
    local_weight = models.DecimalField(_("weight of the local exam"), max_digits=3, decimal_places=2,
                                       default=Decimal(0), validators=WEIGHT)
    provincial_weight = models.DecimalField(_("weight of the provincial exam"), max_digits=3, decimal_places=2,
                                            default=Decimal(0), validators=WEIGHT)
    regional_weight = models.DecimalField(_("weight of the regional exam"), max_digits=3, decimal_places=2,
                                          default=Decimal(0), validators=WEIGHT)
    national_weight = models.DecimalField(_("weight of the national exam"), max_digits=3, decimal_places=2,
                                          default=Decimal(0), validators=WEIGHT)
    out_of = models.PositiveSmallIntegerField(_("marks out of"), default=20,
                                              validators=[MinValueValidator(1), MaxValueValidator(20)])
    admission_threshold = models.DecimalField(_("admitted from"), max_digits=4, decimal_places=2,
                                              default=Decimal(10), validators=MARK)
    second_session_threshold = models.DecimalField(
        _("second session from"), max_digits=4, decimal_places=2, null=True, blank=True, validators=MARK,
        help_text=_("Empty: this exam has no second session."))
    passable_from = models.DecimalField(_("mention Pass from"), max_digits=4, decimal_places=2, null=True,
                                        blank=True, validators=MARK)
    fairly_good_from = models.DecimalField(_("mention Fairly good from"), max_digits=4, decimal_places=2, null=True,
                                           blank=True, validators=MARK)
    good_from = models.DecimalField(_("mention Good from"), max_digits=4, decimal_places=2, null=True, blank=True,
                                    validators=MARK)
    very_good_from = models.DecimalField(_("mention Very good from"), max_digits=4, decimal_places=2, null=True,
                                         blank=True, validators=MARK)
    rounding = models.CharField(_("rounding"), max_length=10, default="half_up",
                                choices=[("half_up", _("Round half up")), ("half_even", _("Round half to even"))])
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["-school_year__starts_on", "level__order", "candidate_kind"]
        verbose_name = _("result rules")
        verbose_name_plural = _("result rules")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "level", "candidate_kind"], name="one_result_rule"),
            models.CheckConstraint(
                condition=models.Q(continuous_weight__gte=0, local_weight__gte=0, provincial_weight__gte=0,
                                   regional_weight__gte=0, national_weight__gte=0),
                name="result_weights_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.level.code} {self.get_candidate_kind_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if sum(self.weights().values()) != 1:
            raise ValidationError(_("The weights must add up to 1."))

    def weights(self) -> dict[calc.Component, Decimal]:
        C = calc.Component
        return {C.CONTINUOUS: self.continuous_weight, C.LOCAL: self.local_weight,
                C.PROVINCIAL: self.provincial_weight, C.REGIONAL: self.regional_weight,
                C.NATIONAL: self.national_weight}

    def as_rules(self) -> calc.Rules:
        bands = ((self.passable_from, calc.Mention.PASSABLE), (self.fairly_good_from, calc.Mention.FAIRLY_GOOD),
                 (self.good_from, calc.Mention.GOOD), (self.very_good_from, calc.Mention.VERY_GOOD))
        return calc.Rules(weights=self.weights(), admission=self.admission_threshold,
                          second_session=self.second_session_threshold, rounding=self.rounding, out_of=self.out_of,
                          mentions=tuple((bound, mention) for bound, mention in bands if bound is not None))


class Candidate(models.Model):
    """A student sitting an exam session, with their exam number there. School candidates come from their
    enrolment (their school); free candidates are registered by the academy (no continuous assessment)."""

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="candidates",
                                verbose_name=_("exam session"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="exam_candidacies",
                                verbose_name=_("student"))
    kind = models.CharField(_("candidate"), max_length=6, choices=CandidateKind.choices, default=CandidateKind.SCHOOL)
    exam_number = models.CharField(_("exam number"), max_length=12)
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("stream"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("school"), help_text=_("Empty for a free candidate."))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="+", verbose_name=_("academy"))

    class Meta:
        ordering = ["session", "exam_number"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["session", "exam_number"], name="unique_exam_number"),
            models.UniqueConstraint(fields=["session", "student"], name="one_candidacy_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.exam_number}"


class Copy(models.Model):
    """A candidate's copy of one paper, known to markers by its anonymous number only. `mark` None: not
    marked yet; `absent`: the candidate did not sit the paper (no mark)."""

    paper = models.ForeignKey(ExamPaper, on_delete=models.CASCADE, related_name="copies", verbose_name=_("paper"))
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="copies",
                                  verbose_name=_("candidate"))
    anonymous_number = models.CharField(_("anonymous number"), max_length=12)
    mark = models.DecimalField(_("mark"), max_digits=4, decimal_places=2, null=True, blank=True, validators=MARK)
    absent = models.BooleanField(_("absent"), default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("marked by"))
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        ordering = ["paper", "anonymous_number"]
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        constraints = [
            models.UniqueConstraint(fields=["paper", "candidate"], name="one_copy_per_paper"),
            models.UniqueConstraint(fields=["paper", "anonymous_number"], name="unique_anonymous_number"),
        ]

    def __str__(self) -> str:
        return f"{self.paper} #{self.anonymous_number}"


class ExamResult(models.Model):
    """A candidate's result in a session, computed at publication (all or nothing) and stored: the shown mark,
    the decision, the mention and its explanation (each component, its weight, where it came from, what is
    missing, the subjects a second session replaced). Students and parents read it only once the session is
    published: one indexed lookup by student."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="result",
                                     verbose_name=_("candidate"))
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="results",
                                verbose_name=_("exam session"))
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="exam_results",
                                verbose_name=_("student"))
    mark = models.DecimalField(_("mark"), max_digits=4, decimal_places=2, null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, blank=True,
                                choices=[(d.value, label) for d, label in DECISION_LABELS.items()])
    mention = models.CharField(_("mention"), max_length=12, blank=True,
                               choices=[(m.value, label) for m, label in MENTION_LABELS.items()])
    explanation = models.JSONField(_("explanation"), default=dict)
    # What the result shows of its session and candidate (publication.result_heading), written with it at
    # publication: results day's read is one row of this table, without joining four others.
    shown = models.JSONField(_("as shown"), null=True, editable=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        indexes = [models.Index(fields=["student", "session"], name="exam_result_student")]

    def __str__(self) -> str:
        return f"{self.candidate} {self.mark}"


class YearOutcome(models.TextChoices):
    """The end-of-year decision of a level without a certifying exam (DOMAIN §5): ينتقل / يكرر / مفصول."""

    PROMOTED = "promoted", _("Promoted")
    REPEATS = "repeats", _("Repeats the year")
    DISMISSED = "dismissed", _("Dismissed")


class PromotionRules(models.Model):
    """A level's thresholds in a school year: promoted from `promoted_from` (the annual average, as shown);
    dismissed below `dismissed_below` when set; repeats in between."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="promotion_rules",
                                    verbose_name=_("school year"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    promoted_from = models.DecimalField(_("promoted from"), max_digits=4, decimal_places=2, default=Decimal(10),
                                        validators=MARK)
    dismissed_below = models.DecimalField(_("dismissed below"), max_digits=4, decimal_places=2, null=True,
                                          blank=True, validators=MARK,
                                          help_text=_("Empty: nobody is proposed for dismissal by the average."))
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["-school_year__starts_on", "level__order"]
        verbose_name = _("promotion rules")
        verbose_name_plural = _("promotion rules")
        constraints = [models.UniqueConstraint(fields=["school_year", "level"], name="one_promotion_rule")]

    def __str__(self) -> str:
        return f"{self.school_year} {self.level.code}"


class YearDecision(models.Model):
    """A student's end-of-year decision: proposed from the annual average and the level's thresholds, decided by
    the class council (a change says why, in YearDecisionChange), with the council's remark; students and
    parents see it once published."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="year_decisions",
                                verbose_name=_("student"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    school_class = models.ForeignKey("schools.SchoolClass", on_delete=models.PROTECT, related_name="year_decisions",
                                     verbose_name=_("class"))
    annual_average = models.DecimalField(_("annual average"), max_digits=4, decimal_places=2, null=True, blank=True)
    proposed = models.CharField(_("proposed decision"), max_length=10, choices=YearOutcome.choices, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=YearOutcome.choices, blank=True)
    remark = models.CharField(_("council remark"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["school_class", "student"]
        verbose_name = _("end-of-year decision")
        verbose_name_plural = _("end-of-year decisions")
        constraints = [models.UniqueConstraint(fields=["student", "school_year"], name="one_year_decision")]

    def __str__(self) -> str:
        return f"{self.school_year} {self.student} {self.decision}"


class YearDecisionChange(models.Model):
    """Append-only: the council changed a decision (who, when, from what, to what, why)."""

    decision = models.ForeignKey(YearDecision, on_delete=models.CASCADE, related_name="changes",
                                 verbose_name=_("end-of-year decision"))
    old = models.CharField(_("old decision"), max_length=10, blank=True)
    new = models.CharField(_("new decision"), max_length=10)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("change of an end-of-year decision")
        verbose_name_plural = _("changes of end-of-year decisions")

    def __str__(self) -> str:
        return f"{self.decision} {self.old} → {self.new}"
