"""With a year that rounds half to even, the student's page, the parent's page, the teacher's grid and the API
show the same figures, value by value: all of them read the one semester report (or, for the grid, the same
row average) decided with the year's rounding. 16.125 is 16.12 everywhere, never 16.13 on a page."""

import re

import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.grades.models import RoundingMode, YearGradeRules
from massar.testing import factories as make
from massar.testing.grades import SUBJECTS, Grades

# Per student (the world's student, then two classmates): two tests per subject; every average of these
# pairs but two ends in 5 at the third decimal, where half up and half even part ways.
MARKS = {
    "MATH": [("16.25", "16"), ("12.25", "12"), ("10.75", "10.5")],
    "PC": [("14.5", "14.25"), ("9.25", "9"), ("15", "15")],
    "SVT": [("13.75", "13.5"), ("11", "11"), ("8.25", "8")],
    "EN": [("17", "17"), ("14.75", "14.5"), ("12.5", "12.5")],
}
NUMBER = re.compile(r'class="num">([^<]*)/20<')


@pytest.fixture
def grades(world):
    YearGradeRules.objects.update_or_create(school_year=world.class_a.school_year,
                                            defaults={"rounding": RoundingMode.HALF_EVEN})
    grades = Grades(world, extra_students=2)
    for code, pairs in MARKS.items():
        for student, (first, second) in zip(grades.students, pairs, strict=True):
            grades.enter(code, student, 1, first)
            grades.enter(code, student, 2, second)
    grades.publish(*SUBJECTS)
    grades.close()
    return grades


def _figure(cell: str) -> str | None:
    found = NUMBER.search(cell)
    return found.group(1) if found else None


def page_figures(page: str) -> dict[str, str | None]:
    """The decided figures of the semester shown: per subject its average and class minimum, mean and maximum;
    the general average and the rank."""
    figures: dict[str, str | None] = {}
    for code, row in re.findall(r'<tr data-subject="([A-Z]+)">(.*?)</tr>', page, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        average, statistics = cells[2], cells[4:7]
        figures[f"{code} average"] = _figure(average)
        for name, cell in zip(("minimum", "mean", "maximum"), statistics, strict=True):
            figures[f"{code} class_{name}"] = _figure(cell)
    general = re.search(r'<p class="general">.*?<strong>(.*?)</strong>', page, flags=re.S)
    figures["general average"] = _figure(general.group(1)) if general else None
    rank = re.search(r'<bdi dir="ltr">(\d+)</bdi> of <bdi dir="ltr">(\d+)</bdi>', page)
    figures["rank"] = f"{rank.group(1)}/{rank.group(2)}" if rank else None
    return figures


def api_figures(body: dict) -> dict[str, str | None]:
    figures: dict[str, str | None] = {}
    for subject in body["subjects"]:
        figures[f"{subject['subject']} average"] = subject["average"]
        for name in ("minimum", "mean", "maximum"):
            figures[f"{subject['subject']} class_{name}"] = subject[f"class_{name}"]
    general = body["general"]
    figures["general average"] = general["average"]
    figures["rank"] = f"{general['rank']}/{general['class_size']}" if general["available"] else None
    return figures


def _api(client, account, url: str) -> dict:
    _token, secret = api_token_issue(user=account, name="test")
    answer = client.get(url, {"year": "2025/2026", "semester": 1},
                        headers={"authorization": f"Bearer {secret}", "accept-language": "en"})
    assert answer.status_code == 200
    return answer.json()


def test_student_pages_and_the_api_agree_value_by_value_in_a_half_even_year(en_client, world, grades):
    accounts = [world.accounts["student"], *(make.account(student) for student in grades.students[1:])]
    compared = 0
    for account in accounts:
        en_client.force_login(account)
        page = page_figures(en_client.get(reverse("portals:grades_mine"), {"semester": 1}).content.decode())
        api = api_figures(_api(en_client, account, "/api/v1/me/grades"))
        assert page == api
        compared += sum(value is not None for value in api.values())
    assert compared == len(accounts) * (len(SUBJECTS) * 4 + 2)
    # The tie that parts the two modes: 16.125 decided half to even.
    en_client.force_login(world.accounts["student"])
    assert page_figures(en_client.get(reverse("portals:grades_mine")).content.decode())["MATH average"] == "16.12"


def test_the_parents_page_and_the_api_agree_in_a_half_even_year(en_client, world, grades):
    parent = world.accounts["parent"]
    code = world.student_a.massar_code
    en_client.force_login(parent)
    page = page_figures(en_client.get(reverse("portals:grades_child", args=[code])).content.decode())
    assert page == api_figures(_api(en_client, parent, f"/api/v1/children/{code}/grades"))
    assert page["MATH average"] == "16.12"


def test_the_teachers_grid_shows_the_averages_the_api_shows(en_client, world, grades):
    en_client.force_login(world.accounts["teacher"])
    grid = en_client.get(reverse("portals:grades_teacher_grid", kwargs={
        "class_id": world.class_a.pk, "subject": "MATH", "semester": 1})).content.decode()
    for student, shown in zip(grades.students, ("16.12", "12.12", "10.62"), strict=True):
        assert re.search(rf'id="average-{student.pk}">(.*?)</span>', grid, flags=re.S).group(1).count(shown) == 1
