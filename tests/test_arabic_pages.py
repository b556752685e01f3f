"""Every page, in Arabic, is Arabic: for each role, every page of the access matrix it may open (and the
public pages for a visitor) is rendered in Arabic, with grades entered, published and closed, and must hold no
Latin word except data (names, Massar codes, class codes, e-mails, URLs, numbers) and the short allow-list
of massar.testing.latin."""

import pytest
from django.test import Client

# The one table of pages and who may open them (tests/test_access_matrix.py): a page added there is walked here.
from test_access_matrix import ROLES, RULES, own_student, url_for

from massar.testing.grades import Grades
from massar.testing.latin import data_values, latin_words


@pytest.fixture(params=["published", "being entered"])
def graded_world(request, world):
    """The world with class_a's first semester entered; every sheet published and the semester closed, or
    the mathematics sheet (the one the matrix opens) still being entered, so that pages show both states."""
    grades = Grades(world, extra_students=2)
    for number, student in enumerate(grades.students):
        for code in grades.sheets:
            grades.enter(code, student, 1, f"{12 + number},75")
            grades.enter(code, student, 0, "15")
    if request.param == "published":
        grades.publish(*grades.sheets)
        grades.close()
    else:
        grades.publish(*(code for code in grades.sheets if code != "MATH"))
    return world


def pages_for(role: str) -> list[tuple[str, str]]:
    """(route name, URL) of every page `role` opens with a GET; None: a visitor's public pages."""
    pages = []
    for name, rule in sorted(RULES.items()):
        if rule.post_only:
            continue
        if role == "anonymous":
            allowed = rule.public
        else:
            allowed = (rule.public or role in rule.roles) and rule.expect.get(role, 200) == 200
        if allowed:
            pages.append((name, rule))
    return pages


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_every_page_is_arabic_in_arabic(graded_world, role):
    client = Client(headers={"accept-language": "ar"})
    if role != "anonymous":
        client.force_login(graded_world.accounts[role])
    data = data_values()
    found: dict[str, list[str]] = {}
    opened = 0
    for name, rule in pages_for(role):
        obj = own_student(graded_world, role) if role != "anonymous" else graded_world.student_a
        response = client.get(url_for(name, rule, obj))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue  # a redirect, or a file (the canevas)
        opened += 1
        html = response.content.decode()
        assert 'lang="ar"' in html, name
        words = latin_words(html, data)
        if words:
            found[name] = sorted(set(words))
    assert opened > 0
    assert found == {}, "\n".join(f"{name}: {' '.join(words)}" for name, words in found.items())
