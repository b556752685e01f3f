"""A student ranks wishes in their window: up to its number, among the streams open to them, until the
deadline; a receipt at each change; a stale form is refused; nobody else writes them."""

import datetime

import pytest
from django.utils import timezone

from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.orientation.error_codes import OrientationErrorCode as Code
from massar.orientation.models import WishList
from massar.orientation.services import wishes_save
from massar.testing import factories as make
from massar.testing.orientation import offer

pytestmark = pytest.mark.django_db


def ranked(*offers):
    return [(rank, o.pk) for rank, o in enumerate(offers, start=1)]


def save(ow, *offers, version=0, actor=None, **kwargs):
    return wishes_save(actor=actor or ow.student_account, student=ow.student, ranked=ranked(*offers),
                       version=version, **kwargs)


def test_student_ranks_wishes_and_gets_a_receipt(ow):
    saved = save(ow, ow.sm, ow.se)
    assert saved.version == 1
    assert saved.receipt.startswith(f"{ow.student.massar_code}-01-")
    assert [(w.rank, w.offer) for w in saved.wishes.all()] == [(1, ow.sm), (2, ow.se)]


def test_each_change_gets_a_new_receipt_and_the_same_wishes_keep_theirs(ow):
    first = save(ow, ow.sm, ow.se)
    receipt = first.receipt
    again = save(ow, ow.sm, ow.se, version=1)
    assert (again.version, again.receipt) == (1, receipt)
    changed = save(ow, ow.se, ow.sm, ow.lettres, version=1)
    assert changed.version == 2 and changed.receipt != receipt
    assert list(changed.wishes.values_list("offer", flat=True)) == [ow.se.pk, ow.sm.pk, ow.lettres.pk]


def test_a_stale_form_is_refused_and_nothing_changes(ow):
    save(ow, ow.sm)  # the first tab
    with pytest.raises(Conflict) as refused:
        save(ow, ow.se, version=0)  # the second tab, opened before the first saved
    assert refused.value.code == Code.STALE_WISHES and refused.value.details["version"] == 1
    assert list(WishList.objects.get().wishes.values_list("offer", flat=True)) == [ow.sm.pk]


def test_no_more_wishes_than_the_window_allows(ow):
    ow.window.max_wishes = 2
    ow.window.save()
    with pytest.raises(Invalid) as refused:
        save(ow, ow.sm, ow.se, ow.lettres)
    assert refused.value.code == Code.TOO_MANY_WISHES
    assert not WishList.objects.exists()


def test_a_window_may_let_students_rank_every_open_stream(ow):
    ow.window.max_wishes = 30
    ow.window.save()
    assert save(ow, ow.sm, ow.se, ow.lettres).wishes.count() == 3


def test_a_stream_ranked_twice_is_refused(ow):
    with pytest.raises(Invalid) as refused:
        save(ow, ow.sm, ow.sm)
    assert refused.value.code == Code.DUPLICATE_WISH


def test_ranks_must_be_contiguous(ow):
    with pytest.raises(Invalid) as refused:
        wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk), (3, ow.se.pk)], version=0)
    assert refused.value.code == Code.RANKS_NOT_CONTIGUOUS


def test_no_wishes_at_all_is_refused(ow):
    with pytest.raises(Invalid) as refused:
        save(ow)
    assert refused.value.code == Code.NO_WISHES


def test_another_schools_offer_is_not_open_to_the_student(ow):
    with pytest.raises(Invalid) as refused:
        save(ow, ow.sm, ow.other_sm)
    assert refused.value.code == Code.UNKNOWN_OFFER
    assert not WishList.objects.exists()


def test_an_offer_of_another_level_or_year_is_unknown(world, ow):
    lower = offer(world.school, "S", level="TC")
    with pytest.raises(Invalid) as refused:
        save(ow, lower)
    assert refused.value.code == Code.UNKNOWN_OFFER


def test_before_the_window_opens_nothing_is_saved(ow):
    with pytest.raises(Invalid) as refused:
        save(ow, ow.sm, now=ow.window.opens_at - datetime.timedelta(minutes=1))
    assert refused.value.code == Code.WINDOW_NOT_OPEN


def test_after_the_deadline_wishes_no_longer_change(ow):
    save(ow, ow.sm)
    with pytest.raises(Invalid) as refused:
        save(ow, ow.se, version=1, now=ow.window.closes_at)
    assert refused.value.code == Code.WINDOW_CLOSED
    assert list(WishList.objects.get().wishes.values_list("offer", flat=True)) == [ow.sm.pk]


def test_a_parent_cannot_write_their_childs_wishes(ow):
    with pytest.raises(Refused) as refused:
        save(ow, ow.sm, actor=ow.parent_account)
    assert refused.value.code == Code.READ_ONLY


def test_a_student_cannot_write_a_classmates_wishes(ow):
    with pytest.raises(Refused):
        wishes_save(actor=ow.student_account, student=ow.classmate, ranked=ranked(ow.sm), version=0)


def test_the_administration_cannot_write_wishes(world, ow):
    with pytest.raises(Refused):
        save(ow, ow.sm, actor=world.accounts["school_admin"])


def test_a_student_without_a_window_is_told_so(world):
    with pytest.raises(NotFound) as refused:
        wishes_save(actor=world.accounts["student"], student=world.student_a, ranked=[(1, 1)], version=0)
    assert refused.value.code == Code.NO_WINDOW


def test_an_academy_window_is_for_its_own_schools_only(world, ow):
    from massar.testing.orientation import window

    ow.window.delete()
    window(academy=world.other_academy)
    with pytest.raises(NotFound):
        save(ow, ow.sm)
    window(academy=world.academy)
    assert save(ow, ow.sm).version == 1


def test_a_collège_student_ranks_among_the_lycées_of_their_directorate(world):
    from massar.testing.orientation import window

    college = make.school(directorate_=world.directorate, cycles=("college",))
    pupil = make.student(in_class=make.school_class(school_=college, level="3AC", stream=None))
    account = make.account(pupil)
    tc = offer(world.school, "S", level="TC")
    far = offer(world.far_school, "S", level="TC")
    window(from_level="3AC", to_level="TC", opens_at=timezone.now() - datetime.timedelta(hours=1))
    saved = wishes_save(actor=account, student=pupil, ranked=[(1, tc.pk)], version=0)
    assert saved.wishes.get().offer == tc
    with pytest.raises(Invalid):
        wishes_save(actor=account, student=pupil, ranked=[(1, far.pk)], version=1)
