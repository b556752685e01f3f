"""Grades: the rule tables of a school year, the grade sheets (class × subject × semester) with their marks,
the append-only history of every change after submission, and the stored results of a semester close."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from massar.core.models import SchoolYear, Semester
from massar.schools.models import Level, SchoolClass, Subject
from massar.staff.models import StaffMember
from massar.students.models import Student

MAXIMUM_MARK = 20  # the highest scale there is; a sheet's own scale (out_of) may be lower (10 in primary school)
DEFAULT_OUT_OF = 20
MARK_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(MAXIMUM_MARK))]
WEIGHT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class RoundingMode(models.TextChoices):
    HALF_UP = "half_up", _("Round half up")
    HALF_EVEN = "half_even", _("Round half to even")


class YearGradeRules(models.Model):
    """The rules of a school year that are not per subject."""

    school_year = models.OneToOneField(SchoolYear, on_delete=models.CASCADE, related_name="grade_rules",
                                       verbose_name=_("school year"))
    first_semester_weight = models.DecimalField(_("weight of semester 1 in the annual average"), max_digits=4,
                                                decimal_places=2, default=Decimal(1),
                                                validators=[MinValueValidator(Decimal("0.01"))])
    second_semester_weight = models.DecimalField(_("weight of semester 2 in the annual average"), max_digits=4,
                                                 decimal_places=2, default=Decimal(1),
                                                 validators=[MinValueValidator(Decimal("0.01"))])
    rounding = models.CharField(_("rounding"), max_length=10, choices=RoundingMode.choices,
                                default=RoundingMode.HALF_UP)
    parents_delay_days = models.PositiveSmallIntegerField(
        _("days parents wait after students"), default=0,
        help_text=_("Published grades reach parents this many days after students."))

    class Meta:
        verbose_name = _("grade rules of a year")
        verbose_name_plural = _("grade rules of the years")

    def __str__(self) -> str:
        return str(self.school_year)


class AssessmentRule(models.Model):
    """How a subject is assessed in a school year (optionally for one level): number of tests, and how the
    tests and the integrated activities combine into the subject's continuous-assessment average."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="assessment_rules",
                                    verbose_name=_("school year"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("level"),
                              help_text=_("Empty: every level."))
    tests_count = models.PositiveSmallIntegerField(_("number of tests"), default=3,
                                                   validators=[MinValueValidator(1), MaxValueValidator(12)])
    tests_weight = models.DecimalField(_("weight of the tests"), max_digits=3, decimal_places=2,
                                       default=Decimal("0.75"), validators=WEIGHT_VALIDATORS)
    activities_weight = models.DecimalField(_("weight of the activities"), max_digits=3, decimal_places=2,
                                            default=Decimal("0.25"), validators=WEIGHT_VALIDATORS)
    plain_mean_of_tests = models.BooleanField(_("plain mean of the tests"), default=False,
                                              help_text=_("The activities mark does not count (e.g. mathematics)."))
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        verbose_name = _("assessment rule")
        verbose_name_plural = _("assessment rules")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "subject", "level"], condition=models.Q(level__isnull=False),
                                    name="unique_assessment_rule_per_level"),
            models.UniqueConstraint(fields=["school_year", "subject"], condition=models.Q(level__isnull=True),
                                    name="unique_assessment_rule"),
            models.CheckConstraint(condition=models.Q(tests_weight=Decimal(1) - models.F("activities_weight")),
                                   name="assessment_weights_add_up_to_one"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.subject.code}{' ' + self.level.code if self.level else ''}"


class MarkScale(models.Model):
    """What marks of a level are out of in a school year: 20 in collège and lycée, 10 in primary school
    (DOMAIN §5). A sheet takes its level's scale when it is opened and keeps it (GradeSheet.out_of); a level
    without a row is marked out of 20."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="mark_scales",
                                    verbose_name=_("school year"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    out_of = models.PositiveSmallIntegerField(_("marks out of"), default=DEFAULT_OUT_OF,
                                              validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_MARK)])
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["school_year", "level__order"]
        verbose_name = _("mark scale")
        verbose_name_plural = _("mark scales")
        constraints = [models.UniqueConstraint(fields=["school_year", "level"], name="one_mark_scale_per_level")]

    def __str__(self) -> str:
        return f"{self.school_year} {self.level.code} /{self.out_of}"


class RuleTable(models.TextChoices):
    ASSESSMENT = "assessment_rule", _("assessment rule")
    COEFFICIENT = "subject_coefficient", _("subject coefficient")
    YEAR = "year_rules", _("grade rules of a year")


class RuleChange(models.Model):
    """Append-only: every change of a figure rule (weights, number of tests, coefficients, semester weights,
    rounding) of a year that already has published grades — who, when, which row and field, old and new
    value, and why. The results it affects are marked out of date until the semester is closed again
    (SheetResult / SemesterResult.out_of_date_since); rule_changes.py writes both together."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="rule_changes",
                                    verbose_name=_("school year"))
    table = models.CharField(_("rule table"), max_length=30, choices=RuleTable.choices)
    row_id = models.PositiveBigIntegerField(_("row"))
    row_label = models.CharField(_("rule"), max_length=200)
    field = models.CharField(_("field"), max_length=60)
    old_value = models.CharField(_("old value"), max_length=100, blank=True)
    new_value = models.CharField(_("new value"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("changed by"))
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("rule change")
        verbose_name_plural = _("rule changes")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="rule_change_has_a_reason")]
        indexes = [models.Index(fields=["school_year", "at"])]

    def __str__(self) -> str:
        return f"{self.row_label} {self.field}: {self.old_value} → {self.new_value}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Being entered")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")
    # Published, then taken back by the administration (SheetWithdrawal says who, when and why): students and
    # parents no longer see it until it is published again.
    WITHDRAWN = "withdrawn", pgettext_lazy("grade sheet", "Withdrawn")


class GradeSheet(models.Model):
    """The marks of one class in one subject for one semester, and where they are in the workflow:
    draft (teacher typing) → submitted → validated (administration) → published (students and parents)."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="grade_sheets",
                                     verbose_name=_("class"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))
    semester = models.ForeignKey(Semester, on_delete=models.PROTECT, verbose_name=_("semester"))
    teacher = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True,
                                verbose_name=_("teacher"))
    tests_count = models.PositiveSmallIntegerField(_("number of tests"),
                                                   validators=[MinValueValidator(1), MaxValueValidator(12)])
    # The level's scale when the sheet was opened (MarkScale): marks, averages and statistics are out of it.
    # db_default too: sheets written in bulk by SQL (bench/) are out of 20 unless they say otherwise.
    out_of = models.PositiveSmallIntegerField(_("marks out of"), default=DEFAULT_OUT_OF, db_default=DEFAULT_OUT_OF,
                                              editable=False,
                                              validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_MARK)])
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    returned_comment = models.TextField(_("comment when sent back"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Students see published marks from `published_at`; parents from this moment (staggered publication).
    parents_see_from = models.DateTimeField(_("parents see it from"), null=True, blank=True)
    # +1 with every change of a mark or remark of the sheet (services and canevas import, in the same
    # transaction): an upload identical to an earlier one is a no-op only if nothing changed since.
    marks_version = models.PositiveIntegerField(_("marks version"), default=0, editable=False)

    class Meta:
        verbose_name = _("grade sheet")
        verbose_name_plural = _("grade sheets")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "subject", "semester"], name="one_sheet_per_subject"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False,
                                                                    parents_see_from__isnull=False),
                name="published_sheet_has_dates"),
        ]
        indexes = [models.Index(fields=["semester", "status"])]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject.code} · S{self.semester.number}"


ACTIVITIES_SLOT = 0  # slot 0 holds the integrated-activities mark; tests are slots 1..12

# A mark's tally packs what the semester close adds up into one integer, so that a student's marks in a subject
# sum to everything their average needs in a single integer SUM (close/sql.py unpacks it):
#   a test:        hundredths (bits 0-14: 12 tests × 2000 < 2^15) + 2^15 (the count, bits 15-18: 12 < 2^4);
#   the activities: (hundredths + 1) × 2^19 (bits 19-29; 0 means "no activities mark");
#   blank or absent: 0 (an absence is not a zero: it counts nowhere).
TALLY_COUNT_UNIT = 1 << 15
TALLY_ACTIVITIES_UNIT = 1 << 19


def _tally_expression() -> models.Expression:
    hundredths = Cast(Round(models.F("value") * 100), models.IntegerField())
    return models.Case(
        models.When(models.Q(absent=True) | models.Q(value__isnull=True), then=models.Value(0)),
        models.When(slot=ACTIVITIES_SLOT, then=(hundredths + 1) * TALLY_ACTIVITIES_UNIT),
        default=hundredths + TALLY_COUNT_UNIT,
        output_field=models.IntegerField())


class Mark(models.Model):
    """One cell of a sheet: a student's mark in a test (slot 1..12) or in the activities (slot 0).
    A blank value is "not entered"; 0 is a real mark; `absent` flags an absence from that test."""

    # No index of its own: the unique (sheet, student, slot) index starts with it.
    sheet = models.ForeignKey(GradeSheet, on_delete=models.CASCADE, related_name="marks",
                              verbose_name=_("grade sheet"), db_index=False)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="marks", verbose_name=_("student"))
    slot = models.PositiveSmallIntegerField(_("test"), validators=[MaxValueValidator(12)])
    value = models.DecimalField(_("mark"), max_digits=4, decimal_places=2, null=True, blank=True,
                                validators=MARK_VALIDATORS)
    absent = models.BooleanField(_("absent"), default=False)
    tally = models.GeneratedField(expression=_tally_expression(), output_field=models.IntegerField(),
                                  db_persist=True)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            # On PostgreSQL its index also carries `tally` (migration 0002): the close reads marks from the
            # index alone, in (sheet, student) order, without visiting the table.
            models.UniqueConstraint(fields=["sheet", "student", "slot"], name="one_mark_per_cell"),
            models.CheckConstraint(condition=models.Q(value__isnull=True) | models.Q(value__gte=0, value__lte=20),
                                   name="mark_between_0_and_20"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.student.massar_code} #{self.slot}: {self.value}"


class StudentRemark(models.Model):
    """The teacher's remark on a student's sheet row."""

    sheet = models.ForeignKey(GradeSheet, on_delete=models.CASCADE, related_name="remarks",
                              verbose_name=_("grade sheet"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+", verbose_name=_("student"))
    text = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("teacher's remark")
        verbose_name_plural = _("teacher's remarks")
        constraints = [models.UniqueConstraint(fields=["sheet", "student"], name="one_remark_per_row")]

    def __str__(self) -> str:
        return self.text


class CanevasImport(models.Model):
    """Every canevas file imported into a sheet: who, when, what it changed, its SHA-256, and the sheet's
    marks_version right after. The same bytes again, with the version unchanged, change nothing and are
    recognised without being read (a 100,000-row file in milliseconds)."""

    sheet = models.ForeignKey(GradeSheet, on_delete=models.CASCADE, related_name="imports",
                              verbose_name=_("grade sheet"))
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    sheet_version = models.PositiveIntegerField(_("marks version"))
    tests_count = models.PositiveSmallIntegerField(_("number of tests"))
    rows = models.PositiveIntegerField(_("rows"))
    cells_changed = models.PositiveIntegerField(_("marks changed"))
    remarks_changed = models.PositiveIntegerField(_("remarks changed"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("canevas import")
        verbose_name_plural = _("canevas imports")
        indexes = [models.Index(fields=["digest", "sheet"])]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.digest[:12]} {self.imported_at:%Y-%m-%d %H:%M}"


class MarkEvent(models.Model):
    """Append-only: every change of a mark after its sheet was submitted (who, role, when, from where,
    old and new value, and why). Replaying a cell's events from its submitted value gives its current value."""

    sheet = models.ForeignKey(GradeSheet, on_delete=models.PROTECT, related_name="events",
                              verbose_name=_("grade sheet"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+", verbose_name=_("student"))
    slot = models.PositiveSmallIntegerField(_("column"))
    old_value = models.DecimalField(_("old mark"), max_digits=4, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(_("new mark"), max_digits=4, decimal_places=2, null=True, blank=True)
    old_absent = models.BooleanField(_("was absent"), default=False)
    new_absent = models.BooleanField(_("absent"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("done by"))
    actor_role = models.CharField(_("role"), max_length=20)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("date and time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("mark correction")
        verbose_name_plural = _("mark corrections")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="correction_has_a_reason")]

    def __str__(self) -> str:
        return f"{self.sheet} {self.student_id} #{self.slot}: {self.old_value} → {self.new_value}"


# The results below are derived data: the close rebuilds them, in bulk, from rows it has just read in the same
# transaction. They keep Django's on_delete behaviour but no foreign-key constraint in the database: checking
# 1.2 million references one trigger at a time would double the time of a national close (bench/).


class SheetResult(models.Model):
    """Stored by the semester close, one per grade sheet: the class statistics of the subject (over the
    students who have an average). Kept to 12 decimals, rounded exactly once (to odd: calculations.stored); display and
    decisions round again from these, never from a rounded figure. A student's own subject average is
    computed from their marks when shown (calculations.py), with the same arithmetic."""

    sheet = models.OneToOneField(GradeSheet, on_delete=models.CASCADE, primary_key=True, related_name="result",
                                 db_constraint=False, verbose_name=_("grade sheet"))
    averages_count = models.PositiveIntegerField(_("number of averages"))
    class_minimum = models.DecimalField(_("class minimum"), max_digits=16, decimal_places=12)
    class_mean = models.DecimalField(_("class mean"), max_digits=16, decimal_places=12)
    class_maximum = models.DecimalField(_("class maximum"), max_digits=16, decimal_places=12)
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    # Set when a rule these statistics were computed with changed (RuleChange); the next close clears it.
    out_of_date_since = models.DateTimeField(_("out of date since"), null=True)

    class Meta:
        verbose_name = _("subject result of a class")
        verbose_name_plural = _("subject results of the classes")

    def __str__(self) -> str:
        return f"{self.sheet_id}: {self.class_minimum}–{self.class_maximum}"


class SemesterResult(models.Model):
    """Stored by the semester close: a student's general average and rank for a semester, or why there is
    none yet (the subjects still missing)."""

    pk = models.CompositePrimaryKey("semester", "student")
    semester = models.ForeignKey(Semester, on_delete=models.CASCADE, related_name="results", db_constraint=False,
                                 db_index=False, verbose_name=_("semester"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="semester_results",
                                     db_constraint=False, db_index=False, verbose_name=_("class"))
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="semester_results",
                                db_constraint=False, db_index=False, verbose_name=_("student"))
    general_average = models.DecimalField(_("general average"), max_digits=16, decimal_places=12, null=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True)
    ranked_in_class = models.PositiveSmallIntegerField(_("students ranked in the class"), default=0,
                                                       help_text="How many students of the class "
                                                       "have a rank (rank 3 of 38).")
    missing_subjects = models.JSONField(_("missing subjects"), default=list)
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    # Set when a rule this result was computed with changed (RuleChange); the next close clears it.
    out_of_date_since = models.DateTimeField(_("out of date since"), null=True)

    class Meta:
        verbose_name = _("semester result")
        verbose_name_plural = _("semester results")
        indexes = [models.Index(fields=["school_class", "semester"])]

    def __str__(self) -> str:
        return f"{self.semester_id} {self.student_id}: {self.general_average}"


class SheetWithdrawal(models.Model):
    """Append-only: every withdrawal of a published sheet by the administration (who, role, when, from where,
    why, and the publication it took back). Allowed only until parents may see the sheet."""

    sheet = models.ForeignKey(GradeSheet, on_delete=models.PROTECT, related_name="withdrawals",
                              verbose_name=_("grade sheet"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("withdrawn by"))
    actor_role = models.CharField(_("role"), max_length=20)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("withdrawn at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("withdrawal of a grade sheet")
        verbose_name_plural = _("withdrawals of grade sheets")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="withdrawal_has_a_reason")]

    def __str__(self) -> str:
        return f"{self.sheet} {self.at:%Y-%m-%d %H:%M}: {self.reason}"


class ReportStamp(models.Model):
    """A token that changes whenever what students and parents read of their reports may have changed, so a
    report kept in the cache (selectors/report_cache.py) is found under a key that holds the stamps it was read
    with: a changed stamp is a new key, and the old entry is never read again. One row per class (`c<id>`:
    publication, withdrawal, correction, close of its school) and one per school year (`y<id>`: a national
    close, a changed rule). Kept in the database, not in the cache, so a cache that lost a write (Redis down
    for a moment) can never serve a report older than the data."""

    key = models.CharField(_("what it stamps"), primary_key=True, max_length=24)
    stamp = models.BigIntegerField(_("stamp"))

    class Meta:
        verbose_name = _("report stamp")
        verbose_name_plural = _("report stamps")

    def __str__(self) -> str:
        return f"{self.key}: {self.stamp}"
