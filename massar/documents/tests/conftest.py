import pytest

from massar.testing.documents import graded_class


@pytest.fixture
def graded(world):
    """class_a's first semester entered, published and closed."""
    return graded_class(world)
