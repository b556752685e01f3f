"""The demo's lesson log and calendar: the demo student and their parent find homework due this week and the
year's holidays (Independence Day, the Amazigh new year) on their pages."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from massar.accounts.models import User
from massar.timetable.models import CalendarEvent, LessonLog

pytestmark = pytest.mark.django_db


def demo_account(role: str) -> User:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    return User.objects.get(username=next(a for a in json.loads(out.getvalue()) if a["role"] == role)["username"])


def test_the_demo_student_and_parent_see_homework_due_this_week_and_the_calendar(client):
    call_command("seed_demo", stdout=StringIO())
    assert LessonLog.objects.exclude(homework="").count() == 4
    assert {"Independence Day", "Amazigh New Year"} <= set(CalendarEvent.objects.values_list("name_en", flat=True))
    student = demo_account("student")
    client.force_login(student)
    homework = client.get("/me/homework/", headers={"accept-language": "en"}).content.decode()
    assert "Exercices 4, 5 et 7 page 52." in homework and "No homework due this week." not in homework
    calendar = client.get("/me/calendar/", headers={"accept-language": "ar"}).content.decode()
    assert "عيد الاستقلال" in calendar and "نونبر" in calendar
    client.force_login(demo_account("parent"))
    assert "Exercices 4, 5 et 7 page 52." in client.get(
        "/children/homework/", headers={"accept-language": "en"}).content.decode()
