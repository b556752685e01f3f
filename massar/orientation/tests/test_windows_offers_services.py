"""The ministry opens national windows, an academy its own; schools and directorates set their capacities."""

import datetime

import pytest
from django.utils import timezone

from massar.core.errors import Invalid, Refused
from massar.core.models import SchoolYear
from massar.orientation.error_codes import OrientationErrorCode as Code
from massar.orientation.services import offer_capacity_set, window_change, window_open, wishes_save
from massar.schools.models import Level, Stream
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


def open_window(actor, academy=None, **changes):
    now = timezone.now()
    arguments = {"school_year": SchoolYear.objects.get(), "point": "after_tc",
                 "from_level": Level.objects.get(code="TC"), "to_level": Level.objects.get(code="1BAC"),
                 "academy": academy, "opens_at": now, "closes_at": now + datetime.timedelta(days=10),
                 "max_wishes": 5, **changes}
    return window_open(actor=actor, **arguments)


def test_the_ministry_opens_a_national_window(world):
    created = open_window(world.accounts["ministry_officer"])
    assert created.academy is None and created.opened_by == world.accounts["ministry_officer"]


def test_an_academy_opens_a_window_for_its_own_schools_only(world):
    assert open_window(world.accounts["academy_officer"], academy=world.academy).academy == world.academy
    for academy in (world.other_academy, None):
        with pytest.raises(Refused) as refused:
            open_window(world.accounts["academy_officer"], academy=academy)
        assert refused.value.code == Code.NOT_YOUR_TERRITORY
    with pytest.raises(Refused):
        open_window(world.accounts["school_admin"], academy=world.academy)


@pytest.mark.parametrize(("changes", "code"), [
    ({"to_level": "TC"}, Code.BAD_LEVELS),
    ({"closes_at": "before"}, Code.BAD_DATES),
    ({"max_wishes": 0}, Code.BAD_MAX_WISHES),
    ({"max_wishes": 31}, Code.BAD_MAX_WISHES),
])
def test_a_window_that_makes_no_sense_is_refused(world, changes, code):
    if "to_level" in changes:
        changes["to_level"] = Level.objects.get(code=changes["to_level"])
    if changes.get("closes_at") == "before":
        changes["closes_at"] = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(Invalid) as refused:
        open_window(world.accounts["ministry_officer"], **changes)
    assert refused.value.code == code


def test_lowering_the_number_of_wishes_below_a_confirmed_list_is_refused(world, ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk), (2, ow.se.pk)], version=0)
    ministry = world.accounts["ministry_officer"]
    with pytest.raises(Invalid) as refused:
        window_change(actor=ministry, window=ow.window, opens_at=ow.window.opens_at,
                      closes_at=ow.window.closes_at, max_wishes=1)
    assert refused.value.code == Code.WISHES_ALREADY_RANKED
    later = ow.window.closes_at + datetime.timedelta(days=2)
    assert window_change(actor=ministry, window=ow.window, opens_at=ow.window.opens_at, closes_at=later,
                         max_wishes=2).closes_at == later


def test_a_school_sets_its_capacity_and_a_directorate_its_schools(world):
    year, stream = SchoolYear.objects.get(), Stream.objects.get(level__code="1BAC", code="SM")
    created = offer_capacity_set(actor=world.accounts["school_admin"], school_year=year, school=world.school,
                                 stream=stream, capacity=40)
    changed = offer_capacity_set(actor=world.accounts["directorate_officer"], school_year=year, school=world.school,
                                 stream=stream, capacity=45)
    assert changed.pk == created.pk and changed.capacity == 45
    assert changed.updated_by == world.accounts["directorate_officer"]


@pytest.mark.parametrize("role", ["teacher", "student", "parent"])
def test_others_cannot_set_capacities(world, role):
    with pytest.raises(Refused):
        offer_capacity_set(actor=world.accounts[role], school_year=SchoolYear.objects.get(), school=world.school,
                           stream=Stream.objects.get(level__code="1BAC", code="SM"), capacity=40)


def test_a_school_admin_cannot_set_another_schools_capacity(world):
    with pytest.raises(Refused) as refused:
        offer_capacity_set(actor=world.accounts["school_admin"], school_year=SchoolYear.objects.get(),
                           school=world.other_school, stream=Stream.objects.get(level__code="1BAC", code="SM"),
                           capacity=40)
    assert refused.value.code == Code.NOT_YOUR_TERRITORY


def test_a_school_cannot_offer_a_level_it_does_not_teach_nor_a_negative_capacity(world):
    college = make.school(directorate_=world.directorate, cycles=("college",))
    ministry = world.accounts["ministry_officer"]
    stream = Stream.objects.get(level__code="1BAC", code="SM")
    with pytest.raises(Invalid) as refused:
        offer_capacity_set(actor=ministry, school_year=SchoolYear.objects.get(), school=college, stream=stream,
                           capacity=40)
    assert refused.value.code == Code.STREAM_NOT_TAUGHT
    with pytest.raises(Invalid) as refused:
        offer_capacity_set(actor=ministry, school_year=SchoolYear.objects.get(), school=world.school,
                           stream=stream, capacity=-1)
    assert refused.value.code == Code.BAD_CAPACITY
