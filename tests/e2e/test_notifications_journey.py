"""A parent on a phone: grades are published, the header's count says so, the parent opens the message and lands
on the child's grades; chooses e-mail for absences and quiet hours; reads the school's announcement, which the
school counts as read. Every page fits a 390 px screen and runs under the CSP."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from massar.grades.models import GradeSheet
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    mark_enter,
)
from massar.notifications.events import grades_published
from massar.notifications.models import AnnouncementReceipt, Channel, Kind, NotificationSettings, Preference
from massar.notifications.services.announcements import announcement_publish
from massar.schools.models import Subject
from massar.testing.browser import sign_in
from massar.testing.grades import grading_school

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def school(db):
    return grading_school()


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.browser_context_args(locale="en", viewport=PHONE)
def test_parent_follows_grades_and_announcements_from_the_phone(page: Page, live_server, school):
    base = live_server.url
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    first, admin, parent = school["first"], school["admin"], school["parent"]

    # The administration published the mathematics sheet: one message for the child, at once (no delay).
    grade_rules_seed_year(school_year=school["class"].school_year)
    sheet = grade_sheet_open(school_class=school["class"], subject=Subject.objects.get(code="MATH"),
                             semester=school["class"].school_year.semesters.get(number=1))
    mark_enter(sheet=sheet, student=first, slot=1, value="15", absent=False, actor=school["teacher"])
    grade_sheet_submit(sheet=sheet, actor=school["teacher"])
    grade_sheet_validate(sheet=sheet, actor=admin)
    now = timezone.now()
    grade_sheets_publish(sheets=[sheet], actor=admin, now=now)
    grades_published(sheets=GradeSheet.objects.filter(pk=sheet.pk), published_at=now)

    sign_in(page, base, parent.username)
    inbox = page.locator("header .inbox")
    expect(inbox.locator(".count")).to_have_text("1")
    inbox.click()
    expect(page.locator("h1")).to_have_text("Notifications")
    message = page.locator(".outbox .message.unread")
    expect(message).to_have_count(1)
    expect(message).to_contain_text(f"New grades for {first.full_name_latin}")
    assert fits_the_screen(page)
    message.locator("button.title").click()
    expect(page).to_have_url(f"{base}/children/grades/{first.massar_code}/")
    expect(page.locator("header .inbox .count")).to_have_count(0)

    # Preferences: absences by e-mail, quiet from 21:30 to 07:00.
    page.goto(f"{base}/notifications/preferences/")
    assert fits_the_screen(page)
    page.select_option("#kind_absence", Channel.EMAIL)
    page.fill("input[name=quiet_from]", "21:30")
    page.fill("input[name=quiet_until]", "07:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("preferences are saved")
    assert Preference.objects.get(account=parent, kind=Kind.ABSENCE).channel == Channel.EMAIL
    assert NotificationSettings.objects.get(account=parent).quiet_until == datetime.time(7, 0)

    # The school's announcement to the class's families: the parent reads it; the school counts it read.
    announcement = announcement_publish(author=admin, title="Parents' meeting", body="Saturday at ten.",
                                        audience="families", school_class=school["class"])
    page.goto(f"{base}/notifications/")
    expect(page.locator("header .inbox .count")).to_have_text("1")
    page.locator(".outbox .message.unread button.title").click()
    expect(page.locator("h1")).to_have_text("Parents' meeting")
    assert fits_the_screen(page)
    assert AnnouncementReceipt.objects.get(announcement=announcement, account=parent).read_at is not None
    page.goto(f"{base}/announcements/")
    expect(page.locator(".outbox .message")).to_contain_text("Parents' meeting")
    assert fits_the_screen(page)
    assert refused == []
