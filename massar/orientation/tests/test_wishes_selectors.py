"""What a student sees of their orientation: the window that applies, the streams open to them with each
formula and their score, computed from their published annual subject averages only."""

import datetime
from decimal import Decimal

import pytest

from massar.orientation.selectors import CLOSED, NOT_YET, OPEN, student_orientation, student_window
from massar.orientation.services import wishes_save
from massar.testing.orientation import annual_marks, window

pytestmark = pytest.mark.django_db


def test_the_student_sees_their_schools_streams_with_capacity_and_formula(ow):
    view = student_orientation(viewer=ow.student_account, student=ow.student)
    assert view.window == ow.window and view.state == OPEN and view.is_open
    assert [choice.offer for choice in view.choices] == [ow.lettres, ow.se, ow.sm]
    sm = view.choice(ow.sm.pk)
    assert sm is not None and sm.offer.capacity == 40
    assert [(w.subject_code, w.weight) for w in sm.formula] == [("MATH", Decimal(2)), ("PC", Decimal(1))]
    assert view.choice(ow.lettres.pk).formula == []  # no formula published for L
    assert view.max_wishes == 3


def test_the_score_is_the_formulas_weighted_mean_of_published_annual_averages(ow):
    annual_marks(school_class=ow.tc_class, marks={ow.student: {"MATH": ("16", "14"), "PC": ("12", "10")}})
    view = student_orientation(viewer=ow.student_account, student=ow.student)
    # SM: (MATH 15 × 2 + PC 11 × 1) / 3 = 13.666… → 13.67
    assert view.choice(ow.sm.pk).score == Decimal("13.67")
    assert view.choice(ow.se.pk).score is None  # SVT has no published average
    assert view.choice(ow.lettres.pk).score is None  # no formula
    parent_view = student_orientation(viewer=ow.parent_account, student=ow.student)
    assert parent_view.choice(ow.sm.pk).score == Decimal("13.67")


def test_no_score_from_grades_that_are_not_published(ow):
    view = student_orientation(viewer=ow.student_account, student=ow.student)
    assert all(choice.score is None for choice in view.choices)


def test_the_saved_wishes_are_read_in_rank_order(ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.se.pk), (2, ow.sm.pk)], version=0)
    view = student_orientation(viewer=ow.parent_account, student=ow.student)
    assert [(wish.rank, wish.choice.offer) for wish in view.wishes] == [(1, ow.se), (2, ow.sm)]
    assert view.version == 1 and view.wish_list.receipt


def test_the_open_window_comes_before_an_upcoming_one_and_an_upcoming_before_a_closed_one(world, ow):
    now = ow.window.opens_at + datetime.timedelta(hours=1)
    later = window(opens_at=now + datetime.timedelta(days=30), point="reorientation")
    assert student_window(student=ow.student, now=now) == ow.window
    after = ow.window.closes_at + datetime.timedelta(days=1)
    assert student_window(student=ow.student, now=after) == later
    assert student_orientation(viewer=ow.student_account, student=ow.student, now=after).state == NOT_YET
    much_later = later.closes_at + datetime.timedelta(days=1)
    assert student_window(student=ow.student, now=much_later) == later
    assert student_orientation(viewer=ow.student_account, student=ow.student, now=much_later).state == CLOSED


def test_a_student_of_another_level_has_no_window(world, ow):
    view = student_orientation(viewer=world.accounts["student"], student=world.student_a)
    assert view.window is None and view.choices == []
