"""The lesson log pages and the homework and calendar pages and API: a teacher writes a session's log from their
week (a refusal re-shows the form naming the field, a foreign lesson is a 404), the student and the parent read
the homework due this week and the year's calendar, on the site and through the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.accounts.tokens import api_token_issue
from massar.core.models import SchoolYear
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable.models import CalendarEvent, CalendarEventKind, Lesson, LessonLog

pytestmark = pytest.mark.django_db


def _next_weekday(day: datetime.date) -> datetime.date:
    """`day`, or the Monday after when it is a Sunday (no lessons)."""
    return day + datetime.timedelta(days=1) if day.isoweekday() == 7 else day


@pytest.fixture
def session(world):
    """A lesson of the world's teacher with class_a today (Monday when today is Sunday), and its date."""
    on = _next_weekday(timezone.localdate())
    lesson = Lesson.objects.create(school_class=world.class_a, day=on.isoweekday(), slot=3, room="B4",
                                   subject=Subject.objects.get(code="MATH"),
                                   teacher=world.accounts["teacher"].staff_member)
    return lesson, on


def log_url(lesson, on):
    return reverse("portals:lessons_log", kwargs={"lesson_id": lesson.pk, "on": on.isoformat()})


def test_the_teacher_writes_a_log_from_the_week_and_a_refusal_names_the_field(en_client, world, session):
    lesson, on = session
    en_client.force_login(world.accounts["teacher"])
    week = en_client.get(reverse("portals:lessons_teacher"), {"week": on.isoformat()}).content.decode()
    assert log_url(lesson, on) in week and "Not written yet" in week
    refused = en_client.post(log_url(lesson, on), {"content": "Les suites", "homework": "Ex. 3", "due_on": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Give the day the homework is due." in page and 'id="log-due"' in page and "Ex. 3" in page
    assert not LessonLog.objects.exists()
    due = on + datetime.timedelta(days=2)
    saved = en_client.post(log_url(lesson, on), {"content": "Les suites", "homework": "Ex. 3", "due_on": due})
    assert saved.status_code == 302
    log = LessonLog.objects.get()
    assert (log.content, log.homework, log.homework_due_on) == ("Les suites", "Ex. 3", due)
    assert "Written, with homework" in en_client.get(saved["Location"]).content.decode()
    assert en_client.post(log_url(lesson, on), {"content": "x", "due_on": "not a date"}).status_code == 400


def test_a_lesson_the_caller_does_not_teach_or_a_wrong_day_is_a_404(en_client, world, session):
    lesson, on = session
    far_teacher = make.staff(position=Position.TEACHER, school_=world.far_school)
    far = Lesson.objects.create(school_class=world.far_class, day=on.isoweekday(), slot=3, teacher=far_teacher,
                                subject=Subject.objects.get(code="MATH"))
    en_client.force_login(world.accounts["teacher"])
    assert en_client.get(log_url(far, on)).status_code == 404
    assert en_client.post(log_url(far, on), {"content": "x"}).status_code == 404
    wrong_day = on + datetime.timedelta(days=1)
    assert en_client.get(log_url(lesson, wrong_day)).status_code == 404
    en_client.force_login(world.accounts["school_admin"])  # the school's administrator writes it too
    assert en_client.post(log_url(lesson, on), {"content": "Remplacement"}).status_code == 302
    en_client.force_login(world.accounts["directorate_officer"])  # officers read, never write
    assert en_client.get(log_url(lesson, on)).status_code == 404
    assert not LessonLog.objects.filter(school_class=world.far_class).exists()


def test_the_student_and_the_parent_read_the_homework_and_the_class_log_its_staff(en_client, client, world, session):
    lesson, on = session
    LessonLog.objects.create(lesson=lesson, date=on - datetime.timedelta(days=7), content="Cours",
                             homework="Exercices 4 à 7 page 52", homework_due_on=timezone.localdate() + datetime.timedelta(days=1))
    en_client.force_login(world.accounts["student"])
    mine = en_client.get(reverse("portals:homework_mine")).content.decode()
    assert "Exercices 4 à 7 page 52" in mine
    en_client.force_login(world.accounts["parent"])
    children = en_client.get(reverse("portals:homework_children")).content.decode()
    assert "Exercices 4 à 7 page 52" in children and world.student_b.full_name in children
    child_b = en_client.get(reverse("portals:homework_child", kwargs={"massar_code": world.student_b.massar_code}))
    assert "Exercices" not in child_b.content.decode()
    assert en_client.get(reverse("portals:homework_child", kwargs={
        "massar_code": world.far_student.massar_code})).status_code == 404
    en_client.force_login(world.accounts["teacher"])
    class_page = en_client.get(reverse("portals:lessons_class", kwargs={"class_id": world.class_a.pk}))
    assert "Exercices 4 à 7 page 52" in class_page.content.decode()
    assert en_client.get(reverse("portals:lessons_class", kwargs={"class_id": world.class_b.pk})).status_code == 404

    token = api_token_issue(user=world.accounts["parent"])[1]
    body = client.get(f"/api/v1/children/{world.student_a.massar_code}/homework",
                      headers={"authorization": f"Bearer {token}"}).json()
    assert [(h["subject"], h["homework"]) for h in body["homework"]] == [("MATH", "Exercices 4 à 7 page 52")]
    token = api_token_issue(user=world.accounts["student"])[1]
    body = client.get("/api/v1/me/homework", headers={"authorization": f"Bearer {token}"}).json()
    assert body["class_code"] == world.class_a.code and len(body["homework"]) == 1


def test_the_calendar_pages_and_api_show_the_years_dates_in_the_readers_language(client, world):
    year = SchoolYear.objects.get(label="2025/2026")
    CalendarEvent.objects.create(school_year=year, kind=CalendarEventKind.DAY_OFF, name_ar="عيد الاستقلال",
                                 name_fr="Fête de l'indépendance", name_en="Independence Day",
                                 starts_on=datetime.date(2025, 11, 18), ends_on=datetime.date(2025, 11, 18))
    client.force_login(world.accounts["student"])
    arabic = client.get(reverse("portals:calendar_mine")).content.decode()  # Arabic is the default language
    assert "عيد الاستقلال" in arabic and "18 نونبر 2025" in arabic and "شتنبر" in arabic  # Moroccan month names
    client.force_login(world.accounts["parent"])
    assert "عيد الاستقلال" in client.get(reverse("portals:calendar_children")).content.decode()
    client.force_login(world.accounts["teacher"])
    assert "عيد الاستقلال" in client.get(reverse("portals:calendar_mine")).content.decode()
    token = api_token_issue(user=world.accounts["student"])[1]
    body = client.get("/api/v1/me/calendar", headers={"authorization": f"Bearer {token}",
                                                      "accept-language": "fr"}).json()
    assert {"kind": "day_off", "name": "Fête de l'indépendance", "starts_on": "2025-11-18",
            "ends_on": "2025-11-18"} in body["dates"]
    assert [d["kind"] for d in body["dates"]].count("semester") == 2
