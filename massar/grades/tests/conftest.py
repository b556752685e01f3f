"""The canevas tests' sheet: class_a's MATH sheet of semester 1, with one more student (Amine), and its teacher."""

import pytest

from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open
from massar.schools.models import Subject
from massar.testing import factories as make


@pytest.fixture
def sheet(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    make.student(in_class=world.class_a, first_name_latin="Amine")
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"),
                            semester=world.class_a.school_year.semesters.get(number=1))


@pytest.fixture
def teacher(world):
    return world.accounts["teacher"]
