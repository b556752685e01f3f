"""Every place that shows a date writes it day/month/year, with the Moroccan month names in Arabic: pages,
e-mails, the canevas (the spreadsheet teachers fill) and the printed temporary-password slip. All of them go
through massar.core.dates."""

import datetime
import re
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massar.accounts.events import account_event_record, notice_send
from massar.accounts.models import AccountEvent, AccountEventKind
from massar.core.dates import MOROCCAN_MONTHS, date_text
from massar.grades.canevas import canevas_export
from massar.grades.canevas import layout as L
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open
from massar.schools.models import Subject

CASABLANCA = ZoneInfo("Africa/Casablanca")
# Django's Arabic catalogue: the Egyptian and Levantine names Massar must never show.
FOREIGN_MONTHS = ("مايو", "يوليو ", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر", "كانون", "تشرين", "آب", "أيار",
                  "حزيران", "تموز", "أيلول", "شباط", "آذار", "نيسان")


def arabic_client(user) -> Client:
    client = Client(headers={"accept-language": "ar"})
    client.force_login(user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_moroccan(text: str) -> None:
    assert not [name for name in FOREIGN_MONTHS if name in text], text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("ar", "4 غشت 2026"), ("fr", "4 août 2026")])
def test_a_page_writes_a_date_with_the_month_of_its_language(world, language, expected):
    account = world.accounts["student"]
    account.email = "youssef.home@example.ma"
    account.email_confirmed_at = datetime.datetime(2026, 8, 4, 10, 0, tzinfo=CASABLANCA)
    account.save()
    client = Client(headers={"accept-language": language})
    client.force_login(account)
    text = text_of(client.get(reverse("accounts:recovery_email")).content.decode())
    assert expected in text
    assert_moroccan(text)


@pytest.mark.django_db
def test_the_back_office_writes_dates_with_the_moroccan_month(world):
    officer = world.accounts["ministry_officer"]
    account_event_record(user=officer, kind=AccountEventKind.PASSWORD_CHANGED, actor=officer)
    AccountEvent.objects.filter(user=officer).update(at=datetime.datetime(2026, 5, 4, 12, 30, tzinfo=datetime.UTC))
    text = text_of(arabic_client(officer).get(reverse("admin:accounts_accountevent_changelist")).content.decode())
    assert "4 ماي 2026 13:30" in text
    assert_moroccan(text)


@pytest.mark.django_db
def test_a_page_writes_a_birth_date_day_first(world):
    world.student_a.birth_date = datetime.date(2008, 3, 14)
    world.student_a.save()
    response = arabic_client(world.accounts["school_admin"]).get(
        reverse("portals:staff_student_detail", kwargs={"massar_code": world.student_a.massar_code}))
    assert "14/03/2008" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("ar", "4 دجنبر 2026 13:30"), ("fr", "4 décembre 2026 13:30")])
def test_an_email_writes_the_date_in_the_readers_language(world, language, expected):
    account = world.accounts["student"]
    account.email, account.preferred_language = "youssef.home@example.ma", language
    account.save()
    account_event_record(user=account, kind=AccountEventKind.PASSWORD_CHANGED, actor=account)
    event = AccountEvent.objects.filter(user=account, kind=AccountEventKind.PASSWORD_CHANGED).latest("at")
    AccountEvent.objects.filter(pk=event.pk).update(at=datetime.datetime(2026, 12, 4, 12, 30, tzinfo=datetime.UTC))
    mail.outbox.clear()
    assert notice_send(event_id=event.pk) == 1
    message = mail.outbox[0]
    for body in (message.body, message.alternatives[0].content):
        assert expected in body
        assert_moroccan(body)


@pytest.mark.django_db
def test_the_canevas_writes_birth_dates_day_first(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    world.student_a.birth_date = datetime.date(2008, 3, 14)
    world.student_a.save()
    semester = world.class_a.school_year.semesters.get(number=1)
    sheet = grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"), semester=semester)
    _name, data = canevas_export(sheet=sheet)
    ws = openpyxl.load_workbook(BytesIO(data))[L.SHEET_NAME]
    codes = {ws.cell(row, 3).value: ws.cell(row, 6).value for row in range(L.TABLE_HEADER_ROW, ws.max_row + 1)}
    assert codes[world.student_a.massar_code] == "14/03/2008"


@pytest.mark.django_db
def test_the_temporary_password_slip_writes_the_moroccan_month(world):
    admin, student = world.accounts["school_admin"], world.accounts["student"]
    response = arabic_client(admin).post(reverse("accounts:temporary_password", args=[student.pk]))
    assert response.status_code == 200
    student.refresh_from_db()
    expires = timezone.localtime(student.temporary_password_expires_at)
    text = text_of(response.content.decode())
    assert f"{expires.day} {MOROCCAN_MONTHS[expires.month - 1]} {expires.year}" in text
    assert date_text(expires, language="ar") in text
    assert f"{expires:%H:%M}" in text
    assert_moroccan(text)
