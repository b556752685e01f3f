import datetime

import pytest

from massar.accounts.models import User
from massar.testing import factories as make


@pytest.fixture
def parent(world):
    """A parent account with no child yet."""
    return make.account(make.guardian())


@pytest.fixture
def younger(world):
    """A student of another school with a birth date of their own."""
    return make.student(in_class=world.other_class, birth_date=datetime.date(2011, 7, 2))


@pytest.fixture
def student(world) -> User:
    """An activated student with an unconfirmed recovery e-mail."""
    account = world.accounts["student"]
    account.email = "youssef.home@example.ma"
    account.preferred_language = "en"
    account.save()
    return account
