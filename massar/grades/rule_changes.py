"""Changing a figure rule once grades are published (DOMAIN §5: "once published, a figure never changes
silently").

The rules that make a published figure — the weights and number of tests of an assessment rule, a subject's
continuous-assessment coefficient, the semester weights and the rounding of a year — may still change
during a year (a reform, a corrected seed). Once the year has a published sheet, a change needs a reason
and, in the same transaction:

- each changed field is recorded (RuleChange: who, when, which row, old and new value, why);
- every stored result computed with the old rule is marked out of date (`out_of_date_since`): the class
  statistics of the sheets the rule applies to, and the general averages and ranks of their classes.

The next close computes them again with the new rule and clears the mark. Until then the student's report
(selectors/reports.py) withholds what is out of date — class statistics, general average, rank, annual
average — rather than show a subject average computed with the new rule beside statistics computed with the
old one; it says why. Before the first publication a rule changes freely: nothing was shown with it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid, Refused
from massar.core.roles import Role
from massar.schools.models import SchoolClass, SubjectCoefficient

from .error_codes import GradesErrorCode as codes
from .models import (
    AssessmentRule,
    GradeSheet,
    RuleChange,
    RuleTable,
    SemesterResult,
    SheetResult,
    SheetStatus,
    YearGradeRules,
)
from .report_stamps import year_reports_changed

RuleRow = AssessmentRule | SubjectCoefficient | YearGradeRules

# The fields of each rule table that a published figure depends on (a change of another field — a label,
# "officially confirmed", the parents' delay — changes no figure and is not recorded here).
FIGURE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    AssessmentRule: ("school_year", "subject", "level", "tests_count", "tests_weight", "activities_weight",
                     "plain_mean_of_tests"),
    SubjectCoefficient: ("school_year", "level", "stream", "subject", "continuous_coefficient"),
    YearGradeRules: ("school_year", "first_semester_weight", "second_semester_weight", "rounding"),
}
TABLES = {AssessmentRule: RuleTable.ASSESSMENT, SubjectCoefficient: RuleTable.COEFFICIENT,
          YearGradeRules: RuleTable.YEAR}


def year_has_published_grades(*, school_year_id: int) -> bool:
    """Whether a figure of this year has been shown to students: then its rules change only with a reason."""
    return GradeSheet.objects.filter(school_class__school_year_id=school_year_id,
                                     status=SheetStatus.PUBLISHED).exists()


REASON_MAX = 300


@transaction.atomic
def grade_rule_save(*, row: RuleRow, actor: User, reason: str = "") -> list[RuleChange]:
    """Save a rule row (new or changed) as the ministry. After a publication in its year, a change of a figure
    field needs `reason`: each such field is recorded and the results computed with the old rule are marked
    out of date. Returns the recorded changes (none before any publication)."""
    if not (actor.is_superuser or actor.role == Role.MINISTRY_OFFICER):
        raise Refused(codes.RULES_NOT_YOURS, _("Only the ministry changes the grade rules."))
    try:
        row.full_clean()
    except ValidationError as error:
        raise Invalid(codes.INVALID_RULE, " ".join(error.messages)) from None
    model = type(row)
    stored = (model.objects.select_for_update(of=("self",)).filter(pk=row.pk).order_by("pk").first()
              if row.pk else None)
    changed = [name for name in FIGURE_FIELDS[model]
               if stored is None or _value(stored, name) != _value(row, name)]
    years = {row.school_year_id} | ({stored.school_year_id} if stored is not None else set())
    published = bool(changed) and any(year_has_published_grades(school_year_id=year) for year in years)
    if published and not reason.strip():
        raise Invalid(codes.RULE_CHANGE_REASON_REQUIRED,
                      _("Grades of this year are published: say why this rule changes."))
    if len(reason.strip()) > REASON_MAX:
        raise Invalid(codes.TEXT_TOO_LONG, _("A reason has at most %(limit)d characters (this one has %(count)d).")
                      % {"limit": REASON_MAX, "count": len(reason.strip())})
    row.save()
    for year in years if changed else ():
        year_reports_changed(school_year_id=year)
    if not published:
        return []
    label = str(model.objects.get(pk=row.pk))
    records = RuleChange.objects.bulk_create([
        RuleChange(school_year_id=row.school_year_id, table=TABLES[model], row_id=row.pk, row_label=label[:200],
                   field=name, old_value=_text(stored, name), new_value=_text(row, name),
                   reason=reason.strip(), actor=actor)
        for name in changed])
    _mark_out_of_date([row] if stored is None else [stored, row])
    return records


def _mark_out_of_date(rows: list[RuleRow]) -> None:
    """Mark the stored results computed under these rows (before and after the change) out of date."""
    now = timezone.now()
    sheets, classes = Q(pk__in=[]), Q(pk__in=[])
    for row in rows:
        year = Q(school_year_id=row.school_year_id)
        if isinstance(row, AssessmentRule):
            # A rule for every level also reaches the levels that have their own: over-marking is harmless
            # (the next close clears it), under-marking would not be.
            scope = year & Q(level_id=row.level_id) if row.level_id else year
            sheets |= Q(sheet__subject_id=row.subject_id, sheet__school_class__in=SchoolClass.objects.filter(scope))
            classes |= Q(school_class__in=SchoolClass.objects.filter(
                scope, grade_sheets__subject_id=row.subject_id))
        elif isinstance(row, SubjectCoefficient):
            stream = Q(stream_id=row.stream_id) if row.stream_id else Q(stream__isnull=True)
            classes |= Q(school_class__in=SchoolClass.objects.filter(year, stream, level_id=row.level_id))
        else:  # the rounding reaches every figure, the semester weights every annual average: the whole year
            sheets |= Q(sheet__school_class__school_year_id=row.school_year_id)
            classes |= Q(school_class__school_year_id=row.school_year_id)
    SheetResult.objects.filter(sheets, out_of_date_since__isnull=True).update(out_of_date_since=now)
    SemesterResult.objects.filter(classes, out_of_date_since__isnull=True).update(out_of_date_since=now)


def _value(row: models.Model, name: str) -> object:
    """The stored value of a field (a related row's key, not the row)."""
    return row.serializable_value(name)


def _text(row: models.Model | None, name: str) -> str:
    """A field's value as the record keeps it: `0.75`, `3`, `half_up`, a related row's name; "" for none."""
    if row is None:
        return ""
    field = row._meta.get_field(name)
    if field.is_relation:
        related = getattr(row, name)
        return "" if related is None else str(getattr(related, "code", related))[:100]
    value = row.serializable_value(name)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)[:100]
