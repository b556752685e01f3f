"""The organisation: academy → directorate → school, and what a school teaches: levels, streams, classes, subjects."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from massar.core.models import NamedInThreeLanguages, SchoolYear

from .validators import validate_school_code


class Academy(NamedInThreeLanguages):
    """A regional academy (AREF), one per region."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    code_letter = models.CharField(
        _("Massar code letter"), max_length=1, validators=[RegexValidator(r"^[A-Z]$")],
        help_text=_("First letter of the Massar codes issued by this academy's schools."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("academy")
        verbose_name_plural = _("academies")


class Directorate(NamedInThreeLanguages):
    """A provincial directorate of an academy."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="directorates",
                                verbose_name=_("academy"))
    code = models.CharField(_("code"), max_length=10, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")


class Cycle(NamedInThreeLanguages):
    """Primary, lower secondary (collège), upper secondary (lycée)."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")


class School(NamedInThreeLanguages):
    code = models.CharField(_("code"), max_length=6, unique=True, validators=[validate_school_code])
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="schools",
                                    verbose_name=_("directorate"))
    cycles = models.ManyToManyField(Cycle, related_name="schools", verbose_name=_("cycles taught"))
    is_public = models.BooleanField(_("public school"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Level(NamedInThreeLanguages):
    """A year of study: 1AP…6AP, 1AC…3AC, TC, 1BAC, 2BAC."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="levels", verbose_name=_("cycle"))
    order = models.PositiveSmallIntegerField(_("order"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class Stream(NamedInThreeLanguages):
    """A filière of a lycée level, e.g. 2BAC Sciences physiques (code SP)."""

    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="streams", verbose_name=_("level"))
    code = models.CharField(_("code"), max_length=10)

    class Meta:
        ordering = ["level__order", "code"]
        verbose_name = _("stream")
        verbose_name_plural = _("streams")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_stream_code_per_level")]

    def __str__(self) -> str:
        return f"{self.level.code} {self.name}"


class Subject(NamedInThreeLanguages):
    code = models.CharField(_("code"), max_length=12, unique=True,
                            validators=[RegexValidator(r"^[A-Z0-9_]+$")])

    class Meta:
        ordering = ["code"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class LanguageOption(models.TextChoices):
    NONE = "", _("none")
    FRENCH = "F", _("French option")
    ARABIC = "A", _("Arabic option")


class SchoolClass(models.Model):
    """A section of one school, year, level and stream: `2BACSPF-1`."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classes",
                                    verbose_name=_("school year"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="classes", verbose_name=_("level"))
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="classes", null=True, blank=True,
                               verbose_name=_("stream"))
    option = models.CharField(_("language option"), max_length=1, choices=LanguageOption.choices, blank=True,
                              default=LanguageOption.NONE)
    section = models.PositiveSmallIntegerField(_("section number"), validators=[MinValueValidator(1)])
    code = models.CharField(_("class code"), max_length=20, editable=False)

    class Meta:
        ordering = ["school", "school_year", "level__order", "code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "code"], name="unique_class_code"),
        ]
        indexes = [models.Index(fields=["school_year", "school"])]

    def __str__(self) -> str:
        return self.code

    @staticmethod
    def build_code(level_code: str, stream_code: str, option: str, section: int) -> str:
        return f"{level_code}{stream_code}{option}-{section}"

    def clean(self) -> None:
        if self.stream is not None and self.level_id and self.stream.level_id != self.level_id:
            raise ValidationError({"stream": _("This stream belongs to another level.")})

    def save(self, *args, **kwargs) -> None:
        self.code = self.build_code(self.level.code, self.stream.code if self.stream else "", self.option,
                                    self.section)
        super().save(*args, **kwargs)


class SubjectCoefficient(models.Model):
    """Which subjects a level × stream studies in a school year, and their weight in the averages.

    Continuous assessment and exams have separate coefficients. `officially_confirmed` is false for
    seeded values that no official text confirmed: the back office shows them as such.
    """

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="coefficients",
                                    verbose_name=_("school year"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name=_("level"))
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("stream"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))
    continuous_coefficient = models.DecimalField(
        _("continuous assessment coefficient"), max_digits=4, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("20"))])
    exam_coefficient = models.DecimalField(
        _("exam coefficient"), max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))])
    officially_confirmed = models.BooleanField(_("confirmed by an official text"), default=False)

    class Meta:
        ordering = ["school_year", "level__order", "stream__code", "subject__code"]
        verbose_name = _("subject coefficient")
        verbose_name_plural = _("subject coefficients")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "level", "stream", "subject"],
                                    condition=models.Q(stream__isnull=False), name="unique_stream_coefficient"),
            models.UniqueConstraint(fields=["school_year", "level", "subject"],
                                    condition=models.Q(stream__isnull=True), name="unique_level_coefficient"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.level.code}{self.stream.code if self.stream else ''} {self.subject.code}"
