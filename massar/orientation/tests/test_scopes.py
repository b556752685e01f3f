"""Who sees which orientation rows: a student their own wishes, a parent their children's, the administration
its territory's; windows and offers by academy; formulas by everyone signed in."""

import pytest
from django.contrib.auth.models import AnonymousUser

from massar.access.registry import rows_visible_to
from massar.orientation.models import OrientationWindow, ScoringFormula, StreamOffer, Wish, WishList
from massar.orientation.services import wishes_save
from massar.testing import factories as make
from massar.testing.orientation import offer, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(ow):
    return wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk)], version=0)


def test_a_student_sees_their_own_wish_list_only(world, ow, saved):
    other = make.account(ow.classmate)
    assert list(rows_visible_to(ow.student_account, WishList)) == [saved]
    assert list(rows_visible_to(other, WishList)) == []
    assert list(rows_visible_to(other, Wish)) == []


def test_a_parent_sees_their_childrens_wishes_and_no_others(world, ow, saved):
    assert list(rows_visible_to(ow.parent_account, Wish)) == list(saved.wishes.all())
    assert list(rows_visible_to(world.accounts["parent"], WishList)) == []


@pytest.mark.parametrize(("role", "sees"), [("school_admin", True), ("directorate_officer", True),
                                            ("academy_officer", True), ("ministry_officer", True),
                                            ("teacher", False)])
def test_the_administration_of_the_students_school_sees_the_wishes(world, ow, saved, role, sees):
    assert (saved in rows_visible_to(world.accounts[role], WishList)) is sees


def test_another_territorys_administration_does_not_see_the_wishes(world, ow, saved):
    admin = make.account(make.staff(position="school_admin", school_=world.far_school))
    assert list(rows_visible_to(admin, WishList)) == []


def test_an_academys_window_and_offers_are_read_in_that_academy_only(world, ow):
    far_window = window(academy=world.other_academy)
    far_offer = offer(world.far_school, "SM")
    for role in ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer"):
        user = world.accounts[role]
        assert far_window not in rows_visible_to(user, OrientationWindow), role
        assert ow.window in rows_visible_to(user, OrientationWindow), role  # national
        assert far_offer not in rows_visible_to(user, StreamOffer), role
        assert ow.sm in rows_visible_to(user, StreamOffer), role
    assert far_offer in rows_visible_to(world.accounts["ministry_officer"], StreamOffer)
    far_student = make.account(world.far_student)
    assert far_window in rows_visible_to(far_student, OrientationWindow)
    assert ow.sm not in rows_visible_to(far_student, StreamOffer)


def test_formulas_are_read_by_every_signed_in_account_and_no_visitor(world, ow):
    assert rows_visible_to(world.accounts["student"], ScoringFormula).count() == 2
    assert rows_visible_to(AnonymousUser(), ScoringFormula).count() == 0
    assert rows_visible_to(AnonymousUser(), WishList).count() == 0
