"""The averages chart reads in the page's language and direction: subject names, not codes; semesters named as
the page names them; in Arabic the names start on the right and the bars grow from the right edge."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from massar.portals.student.chart import CHART_WIDTH, TEXT_GAP, averages_chart
from massar.schools.models import Subject
from massar.testing.grades import Grades


def report(number: int, *averages: tuple[Subject, str]) -> SimpleNamespace:
    semester = SimpleNamespace(number=number, pk=number)
    return SimpleNamespace(semester=semester, out_of=20,
                           lines=[SimpleNamespace(subject=subject, average=Decimal(value), out_of=20)
                                  for subject, value in averages])


@pytest.fixture
def subjects(db) -> dict[str, Subject]:
    return {code: Subject.objects.get(code=code) for code in ("MATH", "EN")}


def test_left_to_right_bars_start_at_the_left_and_their_value_follows(subjects):
    chart = averages_chart([report(1, (subjects["MATH"], "10")), report(2, (subjects["MATH"], "20"))], rtl=False)
    group = chart["groups"][0]
    assert group["label_x"] == 0 and chart["direction"] == "ltr"
    first, second = group["bars"]
    assert (first["x"], second["x"]) == (0, 0)
    assert second["width"] == 2 * first["width"] and second["width"] < CHART_WIDTH
    assert first["text_x"] == first["width"] + TEXT_GAP
    assert first["y"] < second["y"] and group["label_y"] < first["y"]


def test_right_to_left_bars_grow_from_the_right_edge_and_their_value_precedes(subjects):
    chart = averages_chart([report(1, (subjects["MATH"], "10"), (subjects["EN"], "15"))], rtl=True)
    assert chart["direction"] == "rtl"
    for group in chart["groups"]:
        assert group["label_x"] == CHART_WIDTH
        for bar in group["bars"]:
            assert bar["x"] + bar["width"] == CHART_WIDTH
            assert bar["text_x"] == bar["x"] - TEXT_GAP
    math, english = (group["bars"][0] for group in chart["groups"])
    assert math["x"] > english["x"]  # 10/20 is shorter than 15/20, so it starts further right


def test_the_legend_names_only_semesters_with_a_bar(subjects):
    chart = averages_chart([report(1, (subjects["MATH"], "12")), report(2)], rtl=False)
    assert [item["semester"].number for item in chart["legend"]] == [1]


@pytest.fixture
def published(world):
    grades = Grades(world, extra_students=1)
    for code in ("MATH", "EN"):
        for student in grades.students:
            grades.enter(code, student, 1, "12")
            grades.enter(code, student, 2, "15,5")
    grades.publish("MATH", "EN")
    return grades


def chart_of(world, language: str) -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(world.accounts["student"])
    page = client.get(reverse("portals:grades_mine")).content.decode()
    found = re.search(r'<figure class="chart">.*?</figure>', page, flags=re.S)
    assert found, "the page draws the chart"
    return found.group(0)


def test_the_arabic_chart_names_subjects_and_semesters_in_arabic_and_grows_from_the_right(world, published):
    chart = chart_of(world, "ar")
    with translation.override("ar"):
        math = Subject.objects.get(code="MATH").name
    assert re.search(rf'class="chart-label" data-subject="MATH">{math}</text>', chart)
    assert ">MATH<" not in chart and ">EN<" not in chart
    assert "الدورة الأولى" in chart and "Semester" not in chart and ">S1" not in chart
    assert 'direction="rtl"' in chart
    bars = re.findall(r'<rect x="(\d+)" y="\d+" width="(\d+)"', chart)
    assert len(bars) == 2 and all(int(x) + int(width) == CHART_WIDTH for x, width in bars)
    assert 'class="chart-value">13,75</text>' in chart


def test_the_french_chart_reads_left_to_right_in_french(world, published):
    chart = chart_of(world, "fr")
    assert 'data-subject="MATH">Mathématiques</text>' in chart and "Semestre 1" in chart
    assert 'direction="ltr"' in chart
    assert re.findall(r'<rect x="(\d+)"', chart) == ["0", "0"]


def test_a_primary_subject_is_drawn_on_its_own_scale(subjects):
    """10/10 fills the bar as 20/20 does."""
    from massar.portals.student.chart import averages_chart

    first, second = subjects["MATH"], subjects["EN"]
    primary = SimpleNamespace(semester=SimpleNamespace(number=1, pk=1), out_of=10,
                              lines=[SimpleNamespace(subject=first, average=Decimal("10"), out_of=10),
                                     SimpleNamespace(subject=second, average=Decimal("20"), out_of=20)])
    chart = averages_chart([primary], rtl=False)
    widths = [group["bars"][0]["width"] for group in chart["groups"]]
    assert widths[0] == widths[1] > 0 and chart["out_of"] == 10
