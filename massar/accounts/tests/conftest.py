import datetime

import pytest

from massar.testing import factories as make


@pytest.fixture
def parent(world):
    """A parent account with no child yet."""
    return make.account(make.guardian())


@pytest.fixture
def younger(world):
    """A student of another school with a birth date of their own."""
    return make.student(in_class=world.other_class, birth_date=datetime.date(2011, 7, 2))
