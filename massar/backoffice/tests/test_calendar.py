"""The school calendar in the back office: each body adds and changes its own dates (the ministry the national
ones, an academy officer their academy's), reads those above it without changing them, and a date outside its
school year or ending before it starts is refused with a message, not a crash."""

import pytest

from massar.core.models import SchoolYear
from massar.timetable.models import CalendarEvent, CalendarScope

pytestmark = pytest.mark.django_db


def event_post(year, **fields) -> dict:
    return {"school_year": year.pk, "scope": "national", "kind": "holiday", "name_ar": "عطلة", "name_fr": "Vacances",
            "name_en": "Holidays", "starts_on": "2025-12-21", "ends_on": "2025-12-28"} | fields


def test_the_ministry_sets_a_national_holiday_and_an_academy_officer_cannot(world, as_role, url):
    year = SchoolYear.objects.get(label="2025/2026")
    refused = as_role("academy_officer").post(url(CalendarEvent, "add"), event_post(year))
    assert refused.status_code == 200 and "Only the ministry sets national dates." in refused.content.decode()
    assert as_role("ministry_officer").post(url(CalendarEvent, "add"), event_post(year)).status_code == 302
    national = CalendarEvent.objects.get()
    # The academy officer reads it, and may not change it.
    officer = as_role("academy_officer")
    assert officer.get(url(CalendarEvent)).status_code == 200
    officer.post(url(CalendarEvent, "change", national.pk), event_post(year, name_fr="Changé"))
    national.refresh_from_db()
    assert national.name_fr == "Vacances"


def test_an_academy_officer_adds_their_academys_date_and_bad_dates_are_refused(world, as_role, url):
    year = SchoolYear.objects.get(label="2025/2026")
    officer = as_role("academy_officer")
    own = {"scope": "academy", "academy": world.academy.pk, "kind": "event"}
    backwards = officer.post(url(CalendarEvent, "add"), event_post(year, **own, ends_on="2025-12-01"))
    assert "The end date is before the start date." in backwards.content.decode()
    outside = officer.post(url(CalendarEvent, "add"), event_post(year, **own, starts_on="2026-07-02",
                                                                 ends_on="2026-07-03"))
    assert "outside the school year" in outside.content.decode()
    foreign = officer.post(url(CalendarEvent, "add"), event_post(year, scope="academy",
                                                                 academy=world.other_academy.pk))
    assert foreign.status_code == 200  # another academy is not a choice
    assert not CalendarEvent.objects.exists()
    assert officer.post(url(CalendarEvent, "add"), event_post(year, **own)).status_code == 302
    assert CalendarEvent.objects.get().scope == CalendarScope.ACADEMY
