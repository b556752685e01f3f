"""`among`: `field IN (subquery)` with the same rows, written on PostgreSQL so that the subquery's keys are
looked up in the field's index (`= ANY(ARRAY(...))`), and as the plain IN elsewhere."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q

from massar.core.models import SchoolYear, Semester
from massar.core.queries import among


@pytest.fixture
def years(db):
    made = []
    for start in (2023, 2024, 2025):
        year = SchoolYear.objects.create(label=f"{start}/{start + 1}", starts_on=datetime.date(start, 9, 1),
                                         ends_on=datetime.date(start + 1, 6, 30))
        for number in (1, 2):
            Semester.objects.create(school_year=year, number=number, starts_on=datetime.date(start, 9, 1 + number),
                                    ends_on=datetime.date(start + 1, 6, 1 + number))
        made.append(year)
    return made


def test_the_same_rows_as_in(years):
    keys = SchoolYear.objects.filter(label__in=["2023/2024", "2025/2026"]).order_by().values("pk")
    found = Semester.objects.filter(among("school_year_id", keys))
    assert sorted(found.values_list("pk", flat=True)) == sorted(
        Semester.objects.filter(school_year_id__in=keys).values_list("pk", flat=True))
    assert found.count() == 4


def test_no_key_no_row(years):
    assert not Semester.objects.filter(among("school_year_id", SchoolYear.objects.none().values("pk"))).exists()
    nothing = SchoolYear.objects.filter(label="1999/2000").values("pk")
    assert not Semester.objects.filter(among("school_year_id", nothing)).exists()


def test_two_halves_joined_by_or(years):
    first = SchoolYear.objects.filter(label="2023/2024").values("pk")
    last = SchoolYear.objects.filter(label="2025/2026").values("pk")
    found = Semester.objects.filter(among("school_year_id", first) | among("school_year_id", last) & Q(number=2))
    assert sorted((s.school_year.label, s.number) for s in found) == [
        ("2023/2024", 1), ("2023/2024", 2), ("2025/2026", 2)]


def test_written_for_the_index_on_postgresql(years):
    keys = SchoolYear.objects.filter(label="2024/2025").values("pk")
    sql = str(Semester.objects.filter(among("school_year_id", keys)).query)
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
    else:
        assert " IN (SELECT" in sql
