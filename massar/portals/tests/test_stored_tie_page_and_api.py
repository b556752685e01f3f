"""An average of exactly 12.345 goes through the close's store and comes out decided once with the year's
rounding, identically on the page and in the API: 12,35 half up, 12,34 half to even — the subject average,
the class minimum, mean and maximum (read from the stored results) and the general average alike."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.grades.models import RoundingMode, SemesterResult, SheetResult, YearGradeRules
from massar.testing.grades import SUBJECTS, Grades

TIE = Decimal("12.345")
NUMBER = re.compile(r'class="num">([^<]*)/20<')


@pytest.mark.parametrize(("mode", "shown"), [(RoundingMode.HALF_UP, "12.35"), (RoundingMode.HALF_EVEN, "12.34")])
def test_an_average_of_12_345_is_stored_exactly_and_shown_once_rounded(en_client, world, mode, shown):
    YearGradeRules.objects.update_or_create(school_year=world.class_a.school_year, defaults={"rounding": mode})
    grades = Grades(world, extra_students=0)
    student = grades.students[0]
    for code in SUBJECTS:
        grades.enter(code, student, 1, "12,34")
        grades.enter(code, student, 2, "12,35")
    grades.publish(*SUBJECTS)
    grades.close()
    stored = SheetResult.objects.get(sheet=grades.sheets["MATH"])
    assert (stored.class_minimum, stored.class_mean, stored.class_maximum) == (TIE, TIE, TIE)
    assert SemesterResult.objects.get(student=student, semester=grades.semester).general_average == TIE

    account = world.accounts["student"]
    en_client.force_login(account)
    page = en_client.get(reverse("portals:grades_mine"), {"semester": 1}).content.decode()
    row = re.search(r'<tr data-subject="MATH">(.*?)</tr>', page, flags=re.S).group(1)
    # The two marks, then the average and the class minimum, mean and maximum.
    assert NUMBER.findall(row) == ["12.34", "12.35", shown, shown, shown, shown]
    general = re.search(r'<p class="general">.*?<strong>(.*?)</strong>', page, flags=re.S).group(1)
    assert NUMBER.findall(general) == [shown]

    _token, secret = api_token_issue(user=account, name="test")
    body = en_client.get("/api/v1/me/grades", {"year": "2025/2026", "semester": 1},
                         headers={"authorization": f"Bearer {secret}"}).json()
    math = next(subject for subject in body["subjects"] if subject["subject"] == "MATH")
    assert [math[key] for key in ("average", "class_minimum", "class_mean", "class_maximum")] == [shown] * 4
    assert body["general"]["average"] == shown
