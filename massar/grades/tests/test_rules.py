from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from massar.grades.models import AssessmentRule, MarkScale, YearGradeRules
from massar.grades.rules import grade_rules_seed_year
from massar.schools.models import Level, Subject
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


def test_the_seeded_rules_follow_the_domain_and_say_they_are_unconfirmed():
    year = make.school_year()
    added = grade_rules_seed_year(school_year=year)
    assert added == Subject.objects.count() + Level.objects.count()
    rule = {r.subject.code: r for r in AssessmentRule.objects.filter(school_year=year)}
    assert (rule["PC"].tests_weight, rule["PC"].activities_weight) == (Decimal("0.75"), Decimal("0.25"))
    assert (rule["FR"].tests_weight, rule["FR"].activities_weight) == (Decimal("0.80"), Decimal("0.20"))
    assert (rule["EN"].tests_weight, rule["EN"].activities_weight) == (Decimal("0.60"), Decimal("0.40"))
    assert rule["MATH"].plain_mean_of_tests
    assert not any(r.officially_confirmed for r in rule.values())
    rules = YearGradeRules.objects.get(school_year=year)
    assert (rules.first_semester_weight, rules.second_semester_weight, rules.rounding, rules.parents_delay_days) \
        == (1, 1, "half_up", 0)
    scales = dict(MarkScale.objects.filter(school_year=year).values_list("level__code", "out_of"))
    assert {scales[f"{n}AP"] for n in range(1, 7)} == {10}  # primary school: out of 10
    assert {scales[code] for code in ("1AC", "3AC", "TC", "1BAC", "2BAC")} == {20}
    assert grade_rules_seed_year(school_year=year) == 0  # idempotent


def test_weights_that_do_not_add_up_to_one_are_refused_by_the_database():
    year = make.school_year()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentRule.objects.create(school_year=year, subject=Subject.objects.get(code="PC"),
                                      tests_weight=Decimal("0.7"), activities_weight=Decimal("0.2"))
