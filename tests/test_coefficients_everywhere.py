"""Coefficients read as people write them (`7`, `2,5`, never `7.00` or `2,50`) on the pages, in the page's
decimal separator; the API keeps them as numbers. (The back office's lists: massar/backoffice/tests.)"""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.schools.models import SubjectCoefficient
from massar.testing.grades import Grades


@pytest.fixture
def grades(world):
    grades = Grades(world)
    SubjectCoefficient.objects.filter(subject__code="EN", level=world.class_a.level).update(
        continuous_coefficient=Decimal("2.50"))
    for code in grades.sheets:
        grades.enter(code, world.student_a, 1, "14,5")
    grades.publish(*grades.sheets)
    grades.close()
    return grades


def numbers(html: str) -> list[str]:
    return re.findall(r'<bdi dir="ltr" class="num">([^<]*)</bdi>', html)


def client_for(user, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "two_and_a_half"), [("ar", "2,5"), ("fr", "2,5"), ("en", "2.5")])
def test_the_board_shows_coefficients_as_people_write_them(world, grades, language, two_and_a_half):
    url = reverse("portals:grades_board", kwargs={"class_id": world.class_a.pk, "semester": 1})
    shown = numbers(client_for(world.accounts["school_admin"], language).get(url).content.decode())
    assert "7" in shown and two_and_a_half in shown
    assert not [n for n in shown if re.fullmatch(r"\d+[.,]\d*0", n)], shown


@pytest.mark.parametrize(("language", "two_and_a_half"), [("ar", "2,5"), ("fr", "2,5")])
def test_a_students_report_shows_coefficients_as_people_write_them(world, grades, language, two_and_a_half):
    html = client_for(world.accounts["student"], language).get(reverse("portals:grades_mine")).content.decode()
    shown = numbers(html)
    assert "7" in shown and two_and_a_half in shown
    assert "7,00" not in html and "2,50" not in html and "7.00" not in html


def test_the_api_keeps_coefficients_as_numbers_whatever_the_language(world, grades):
    _token, secret = api_token_issue(user=world.accounts["student"])
    client = Client(headers={"accept-language": "ar", "authorization": f"Bearer {secret}"})
    body = client.get("/api/v1/me/grades", {"year": world.class_a.school_year.label, "semester": 1}).json()
    coefficients = re.findall(r"'coefficient': '([^']*)'", str(body))
    assert coefficients and all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coefficients), coefficients
    assert sorted(Decimal(c) for c in coefficients) == [Decimal("2.5"), Decimal(5), Decimal(7), Decimal(7)]
