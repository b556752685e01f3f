import pytest

from massar.testing.exams import Bac


@pytest.fixture
def bac(world):
    return Bac(world)
