import pytest

from massar.testing.orientation import orientation_world


@pytest.fixture
def ow(world):
    return orientation_world(world)
