"""Coefficients and weights in the back office's lists read as people write them: `7`, `2,5`, `0,75`."""

import re
from decimal import Decimal

import pytest

from massar.core.models import SchoolYear
from massar.grades.models import AssessmentRule, YearGradeRules
from massar.schools.models import Level, Subject, SubjectCoefficient


def cells(html: str, column: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(rf'<td class="field-{column}[^"]*">(.*?)</td>', html, re.S)]


@pytest.fixture
def tables(world):
    year = SchoolYear.objects.get(is_current=True)
    level = Level.objects.get(code="1BAC")
    SubjectCoefficient.objects.create(school_year=year, level=level, subject=Subject.objects.get(code="MATH"),
                                      continuous_coefficient=Decimal("2.50"), exam_coefficient=Decimal("7.00"))
    AssessmentRule.objects.create(school_year=year, subject=Subject.objects.get(code="MATH"), level=level,
                                  tests_count=2, tests_weight=Decimal("0.75"), activities_weight=Decimal("0.25"))
    YearGradeRules.objects.update_or_create(school_year=year, defaults={
        "first_semester_weight": Decimal("1.00"), "second_semester_weight": Decimal("2.00")})


@pytest.mark.parametrize(("language", "comma"), [("ar", ","), ("fr", ","), ("en", ".")])
def test_coefficients_list_without_trailing_zeros(tables, as_role, url, language, comma):
    client = as_role("ministry_officer", language)
    html = client.get(url(SubjectCoefficient)).content.decode()
    assert cells(html, "continuous_coefficient") == [f"2{comma}5"]
    assert cells(html, "exam_coefficient") == ["7"]
    html = client.get(url(AssessmentRule)).content.decode()
    assert cells(html, "tests_weight") == [f"0{comma}75"]
    assert cells(html, "activities_weight") == [f"0{comma}25"]
    html = client.get(url(YearGradeRules)).content.decode()
    assert cells(html, "first_semester_weight") == ["1"] and cells(html, "second_semester_weight") == ["2"]


def test_a_coefficient_list_still_sorts_by_the_coefficient(tables, as_role, url):
    html = as_role("ministry_officer").get(url(SubjectCoefficient)).content.decode()
    assert 'column-continuous_coefficient' in html and 'sortable column-continuous_coefficient' in html
