"""School years and semesters, and the name fields every named thing shares."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class NamedInThreeLanguages(models.Model):
    """Names stored in Arabic and French (the official languages of the record), and English."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language, falling back to French then Arabic."""
        language = (translation.get_language() or "ar")[:2]
        if language == "ar":
            return self.name_ar or self.name_fr
        if language == "en":
            return self.name_en or self.name_fr or self.name_ar
        return self.name_fr or self.name_ar

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    """`2025/2026`: the unit every rule table, class and enrolment is versioned by."""

    label = models.CharField(_("school year"), max_length=9, unique=True,
                             help_text=_("Written as 2025/2026."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current year"), default=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                    name="one_current_school_year"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="school_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.label


class Semester(models.Model):
    """One of the two semesters (sessions) of a school year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="semesters",
                                    verbose_name=_("school year"))
    number = models.PositiveSmallIntegerField(_("semester"), choices=[(1, _("Semester 1")), (2, _("Semester 2"))])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school_year", "number"]
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="unique_semester_per_year"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="semester_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} S{self.number}"
