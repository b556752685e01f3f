"""The seeded rule tables of a school year (DOMAIN §5). Every seeded row says it is not confirmed by an
official text; the ministry corrects and confirms them in the back office."""

from decimal import Decimal

from django.db import transaction

from massar.core.models import SchoolYear
from massar.schools.models import Level, Subject

from .models import AssessmentRule, MarkScale, YearGradeRules

DEFAULT_TESTS = 3
# Marks are out of 10 in primary school, out of 20 in collège and lycée (DOMAIN §5).
SEEDED_SCALES = {"primary": 10}
DEFAULT_SCALE = 20
# (tests weight, activities weight, plain mean of the tests)
DEFAULT_WEIGHTING = (Decimal("0.75"), Decimal("0.25"), False)
SEEDED_OVERRIDES = {
    "FR": (Decimal("0.80"), Decimal("0.20"), False),
    # Second foreign languages (French is the first).
    "EN": (Decimal("0.60"), Decimal("0.40"), False),
    "ES": (Decimal("0.60"), Decimal("0.40"), False),
    "DE": (Decimal("0.60"), Decimal("0.40"), False),
    # Mathematics: the plain mean of the tests.
    "MATH": (Decimal("1.00"), Decimal("0.00"), True),
}


@transaction.atomic
def grade_rules_seed_year(*, school_year: SchoolYear) -> int:
    """The year's rules with the seeded defaults, keeping what exists. Returns how many rows were added."""
    YearGradeRules.objects.get_or_create(school_year=school_year)
    existing = set(AssessmentRule.objects.filter(school_year=school_year, level__isnull=True)
                   .values_list("subject_id", flat=True))
    rows = []
    for subject in Subject.objects.exclude(pk__in=existing):
        tests_weight, activities_weight, plain = SEEDED_OVERRIDES.get(subject.code, DEFAULT_WEIGHTING)
        rows.append(AssessmentRule(school_year=school_year, subject=subject, tests_count=DEFAULT_TESTS,
                                   tests_weight=tests_weight, activities_weight=activities_weight,
                                   plain_mean_of_tests=plain, officially_confirmed=False))
    AssessmentRule.objects.bulk_create(rows)
    scaled = set(MarkScale.objects.filter(school_year=school_year).values_list("level_id", flat=True))
    scales = [MarkScale(school_year=school_year, level=level, out_of=SEEDED_SCALES.get(level.cycle_id, DEFAULT_SCALE))
              for level in Level.objects.exclude(pk__in=scaled)]
    MarkScale.objects.bulk_create(scales)
    return len(rows) + len(scales)
