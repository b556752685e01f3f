"""The school year's calendar: semesters from the year, holidays and public holidays set by the ministry, an
academy, a directorate or a school (each read by their own schools only), the exams of the student's level; and
the back office's checks of a date."""

import datetime

import pytest
from django.utils import translation

from massar.core.errors import Invalid
from massar.core.models import SchoolYear
from massar.exams.models import ExamKind, ExamSession
from massar.schools.models import Level
from massar.timetable.calendar import (
    EXAM,
    RESULTS,
    SEMESTER,
    calendar_event_check,
    student_calendar,
    year_calendar,
)
from massar.timetable.error_codes import TimetableErrorCode as codes
from massar.timetable.models import CalendarEvent, CalendarEventKind, CalendarScope
from massar.timetable.scopes import calendar_events_editable_by, calendar_events_visible_to

pytestmark = pytest.mark.django_db


def event(name, starts_on, ends_on=None, *, scope=CalendarScope.NATIONAL, kind=CalendarEventKind.HOLIDAY,
          **owner) -> CalendarEvent:
    return CalendarEvent.objects.create(school_year=SchoolYear.objects.get(label="2025/2026"), scope=scope,
                                        kind=kind, name_fr=name, name_ar=name, starts_on=starts_on,
                                        ends_on=ends_on or starts_on, **owner)


@pytest.fixture
def dates(world):
    d = datetime.date
    return {
        "green_march": event("Marche verte", d(2025, 11, 6), kind=CalendarEventKind.DAY_OFF),
        "winter": event("Vacances d'hiver", d(2025, 12, 21), d(2025, 12, 28)),
        "academy": event("Fête de l'académie", d(2026, 3, 10), scope=CalendarScope.ACADEMY, academy=world.academy,
                         kind=CalendarEventKind.SCHOOL_EVENT),
        "other_directorate": event("Jour de la direction", d(2026, 3, 11), scope=CalendarScope.DIRECTORATE,
                                   directorate=world.other_directorate),
        "school": event("Réunion des parents", d(2026, 4, 2), scope=CalendarScope.SCHOOL, school=world.school,
                        kind=CalendarEventKind.SCHOOL_EVENT),
        "other_school": event("Kermesse", d(2026, 4, 3), scope=CalendarScope.SCHOOL, school=world.other_school),
    }


def test_a_students_calendar_has_the_semesters_their_schools_dates_and_their_levels_exams(world, dates):
    year = SchoolYear.objects.get(label="2025/2026")
    ExamSession.objects.create(school_year=year, kind=ExamKind.BAC_NATIONAL, level=Level.objects.get(code="2BAC"),
                               starts_on=datetime.date(2026, 6, 2), ends_on=datetime.date(2026, 6, 5),
                               results_on=datetime.date(2026, 6, 20))
    ExamSession.objects.create(school_year=year, kind=ExamKind.COLLEGE_LOCAL, level=Level.objects.get(code="3AC"),
                               school=world.school, starts_on=datetime.date(2026, 6, 8))  # not the student's level
    with translation.override("en"):
        calendar = student_calendar(student=world.student_a)
    assert calendar is not None
    names = [d.name for d in calendar.dates]
    assert "Kermesse" not in names and "Jour de la direction" not in names
    kinds = [(d.kind, d.starts_on) for d in calendar.dates]
    assert kinds == [
        (SEMESTER, datetime.date(2025, 9, 1)), ("day_off", datetime.date(2025, 11, 6)),
        ("holiday", datetime.date(2025, 12, 21)), (SEMESTER, datetime.date(2026, 2, 1)),
        ("event", datetime.date(2026, 3, 10)), ("event", datetime.date(2026, 4, 2)),
        (EXAM, datetime.date(2026, 6, 2)), (RESULTS, datetime.date(2026, 6, 20))]
    assert [d.name for d in calendar.periods] == ["Semester 1", "Vacances d'hiver", "Semester 2"]
    upcoming = calendar.upcoming(datetime.date(2025, 12, 25))  # the winter break is under way
    assert [d.name for d in upcoming][:2] == ["Vacances d'hiver", "Fête de l'académie"]


def test_a_school_of_another_academy_reads_only_the_national_dates(world, dates):
    calendar = year_calendar(school_year=SchoolYear.objects.get(label="2025/2026"), school=world.far_school)
    assert [d.name for d in calendar.dates if d.kind != SEMESTER] == ["Marche verte", "Vacances d'hiver"]


def test_who_reads_and_who_edits_each_date(world, dates):
    def names(rows):
        return {row.name_fr for row in rows}

    assert names(calendar_events_visible_to(world.accounts["student"])) == {
        "Marche verte", "Vacances d'hiver", "Fête de l'académie", "Réunion des parents"}
    assert names(calendar_events_visible_to(world.accounts["teacher"])) == names(
        calendar_events_visible_to(world.accounts["parent"]))
    assert names(calendar_events_editable_by(world.accounts["student"])) == set()
    assert names(calendar_events_editable_by(world.accounts["school_admin"])) == {"Réunion des parents"}
    assert names(calendar_events_editable_by(world.accounts["directorate_officer"])) == {"Réunion des parents"}
    assert names(calendar_events_editable_by(world.accounts["academy_officer"])) == {
        "Fête de l'académie", "Jour de la direction", "Réunion des parents", "Kermesse"}
    assert len(calendar_events_editable_by(world.accounts["ministry_officer"])) == len(dates)


@pytest.mark.parametrize(("fields", "code"), [
    ({"starts_on": datetime.date(2026, 1, 10), "ends_on": datetime.date(2026, 1, 9)}, codes.BAD_DATES),
    ({"starts_on": datetime.date(2026, 7, 10), "ends_on": datetime.date(2026, 7, 11)}, codes.BAD_DATES),
    ({"scope": CalendarScope.SCHOOL}, codes.BAD_OWNER),
    ({"scope": CalendarScope.NATIONAL, "school": "the school"}, codes.BAD_OWNER),
])
def test_a_date_outside_its_year_or_with_the_wrong_owner_is_refused(world, fields, code):
    values = {"school_year": SchoolYear.objects.get(label="2025/2026"), "scope": CalendarScope.NATIONAL,
              "starts_on": datetime.date(2026, 1, 14), "ends_on": datetime.date(2026, 1, 14)} | fields
    if values.get("school") == "the school":
        values["school"] = world.school
    with pytest.raises(Invalid) as refused:
        calendar_event_check(**values)
    assert refused.value.code == code
    calendar_event_check(school_year=values["school_year"], scope=CalendarScope.SCHOOL, school=world.school,
                         starts_on=datetime.date(2026, 1, 14), ends_on=datetime.date(2026, 1, 14))
