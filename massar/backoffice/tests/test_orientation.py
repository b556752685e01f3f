"""Orientation in the back office: the ministry opens national windows and publishes formulas, an academy opens
its own windows, directorates and academies set their schools' capacities; wish lists are read-only."""

import pytest

from massar.core.models import SchoolYear
from massar.orientation.models import OrientationWindow, ScoringFormula, StreamOffer, WishList
from massar.orientation.services import wishes_save
from massar.schools.models import Level, Stream, Subject
from massar.testing.orientation import orientation_world

pytestmark = pytest.mark.django_db


def window_form(academy=None, **changes) -> dict:
    data = {"school_year": SchoolYear.objects.get().pk, "point": "after_tc", "from_level": Level.objects.get(code="TC").pk,
            "to_level": Level.objects.get(code="1BAC").pk, "academy": academy.pk if academy else "",
            "opens_at_0": "2026-05-04", "opens_at_1": "08:00", "closes_at_0": "2026-05-20", "closes_at_1": "18:00",
            "max_wishes": 5}
    return {**data, **changes}


def test_an_academy_opens_a_window_for_its_own_academy(world, as_role, url):
    client = as_role("academy_officer")
    answer = client.post(url(OrientationWindow, "add"), window_form(world.academy))
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    created = OrientationWindow.objects.get()
    assert created.academy == world.academy and created.opened_by == world.accounts["academy_officer"]


def test_an_academy_cannot_open_a_national_window_and_bad_dates_are_refused_on_their_field(world, as_role, url):
    client = as_role("academy_officer")
    national = client.post(url(OrientationWindow, "add"), window_form())
    assert national.status_code == 200 and "academy" in national.context["adminform"].form.errors
    backwards = as_role("ministry_officer").post(url(OrientationWindow, "add"), window_form(closes_at_0="2026-05-01"))
    assert "closes_at" in backwards.context["adminform"].form.errors
    assert not OrientationWindow.objects.exists()


def test_an_academy_reads_the_ministrys_window_but_does_not_change_it(world, as_role, url):
    ow = orientation_world(world)
    client = as_role("academy_officer")
    page = client.get(url(OrientationWindow, "change", ow.window.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_a_directorate_sets_its_schools_capacity_and_not_another_directorates(world, as_role, url):
    client = as_role("directorate_officer")
    stream = Stream.objects.get(level__code="1BAC", code="SM")
    form = {"school_year": SchoolYear.objects.get().pk, "school": world.school.pk, "stream": stream.pk,
            "capacity": 42}
    assert client.post(url(StreamOffer, "add"), form).status_code == 302
    offer = StreamOffer.objects.get()
    assert offer.capacity == 42 and offer.updated_by == world.accounts["directorate_officer"]
    refused = client.post(url(StreamOffer, "add"), {**form, "school": world.other_school.pk})
    assert refused.status_code == 200 and "school" in refused.context["adminform"].form.errors
    assert StreamOffer.objects.count() == 1


def test_the_ministry_publishes_a_formula_with_its_weights(world, as_role, url):
    client = as_role("ministry_officer")
    form = {"school_year": SchoolYear.objects.get().pk, "stream": Stream.objects.get(level__code="1BAC", code="SM").pk,
            "officially_confirmed": "", "weights-TOTAL_FORMS": 2, "weights-INITIAL_FORMS": 0,
            "weights-MIN_NUM_FORMS": 0, "weights-MAX_NUM_FORMS": 1000,
            "weights-0-subject": Subject.objects.get(code="MATH").pk, "weights-0-weight": "2",
            "weights-1-subject": Subject.objects.get(code="PC").pk, "weights-1-weight": "1"}
    assert client.post(url(ScoringFormula, "add"), form).status_code == 302
    formula = ScoringFormula.objects.get()
    assert sorted((w.subject.code, str(w.weight)) for w in formula.weights.all()) == [("MATH", "2.00"),
                                                                                     ("PC", "1.00")]
    assert as_role("academy_officer").get(url(ScoringFormula, "add")).status_code == 403


def test_wish_lists_are_read_only_in_the_back_office(world, as_role, url):
    ow = orientation_world(world)
    saved = wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk)], version=0)
    client = as_role("ministry_officer")
    assert saved in client.get(url(WishList)).context["cl"].result_list
    page = client.get(url(WishList, "change", saved.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(url(WishList, "add")).status_code == 403
