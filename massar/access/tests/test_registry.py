"""The registry each app registers the scope of its models in: a model nobody registered is a LookupError,
never "everything"; national reference data is read by every signed-in account and by no anonymous visitor.
Stand-in models and users: the registry knows no domain."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from massar.access import registry


class Rows:
    """A stand-in manager: says which of its querysets was asked for."""

    def all(self):
        return "all rows"

    def none(self):
        return "no rows"


class Registered:
    _default_manager = Rows()


class Reference:
    _default_manager = Rows()


class Unregistered:
    _default_manager = Rows()


SIGNED_IN = SimpleNamespace(pk=1, role="teacher", is_authenticated=True, is_active=True, is_superuser=False,
                            student_id=None, guardian_id=None, staff_member_id=None, staff_member=None)


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    """Each test starts from an empty registry, leaving the apps' registrations alone."""
    monkeypatch.setattr(registry, "_rules", {})
    monkeypatch.setattr(registry, "_reference", set())


def only_theirs(user):
    return f"rows of {user.pk}"


def test_a_registered_rule_decides_the_rows():
    registry.register(Registered, only_theirs)
    assert registry.rows_visible_to(SIGNED_IN, Registered) == "rows of 1"


def test_a_model_nobody_registered_is_a_lookup_error():
    with pytest.raises(LookupError):
        registry.rows_visible_to(SIGNED_IN, Unregistered)


def test_a_second_rule_for_a_model_is_refused_the_same_one_is_not():
    registry.register(Registered, only_theirs)
    registry.register(Registered, only_theirs)
    with pytest.raises(ValueError):
        registry.register(Registered, lambda user: "everything")


def test_reference_data_is_read_by_every_signed_in_account_and_no_anonymous_visitor():
    registry.register_reference(Reference)
    assert registry.is_reference(Reference) and not registry.is_reference(Registered)
    assert registry.rows_visible_to(SIGNED_IN, Reference) == "all rows"
    assert registry.rows_visible_to(AnonymousUser(), Reference) == "no rows"


def test_a_model_that_is_not_reference_data_is_not_read_as_such():
    registry.register(Registered, only_theirs)
    with pytest.raises(LookupError):
        registry.reference_visible_to(SIGNED_IN, Registered)
