"""A teacher takes the roll call on a phone with the network cut: three students marked absent (the page even
reopened offline, from the service worker's copy) are kept on the phone ("3 waiting to send"), sent when the
connection returns, and recorded exactly once each."""

import pytest
from playwright.sync_api import Page, expect

from massar.attendance.models import Absence, MarkReceipt
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.browser import sign_in
from massar.testing.school_life import todays_session


@pytest.fixture
def classroom(db):
    make.school_year()
    school = make.school()
    school_class = make.school_class(school_=school)
    teacher = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher, school_class=school_class)
    students = [make.student(in_class=school_class, first_name_latin=f"Pupil{i}", last_name_latin=f"Name{i:02d}")
                for i in range(6)]
    lesson, day = todays_session(school_class, teacher)
    return {"teacher": make.account(teacher), "students": students, "lesson": lesson, "day": day}


def page_is_offline(page: Page) -> None:
    """Wait until the page itself sees the network gone (the browser applies set_offline to a page in its own
    time, and a tap before it is sent at once, as it should be), so the taps after it are kept on the phone."""
    for _ in range(100):  # (wait_for_function evaluates a string: the site's CSP forbids it)
        if page.evaluate("navigator.onLine === false"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page still believes it is online 10 s after the network was cut")


@pytest.mark.browser_context_args(locale="en", viewport={"width": 390, "height": 844}, service_workers="allow")
def test_three_absences_marked_offline_are_recorded_once(page: Page, live_server, classroom):
    sign_in(page, live_server.url, classroom["teacher"].username)
    lesson, day = classroom["lesson"], classroom["day"]
    page.goto(f"{live_server.url}/teacher/attendance/{lesson.pk}/{day.isoformat()}/")
    expect(page.locator("h1")).to_contain_text("Roll call")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    status = page.locator("#roll-call-status")
    expect(status).to_have_attribute("data-waiting", "0")

    # The service worker runs and the page is kept: it opens again without a network.
    for _ in range(100):  # (wait_for_function evaluates a string: the site's CSP forbids it)
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")

    page.context.set_offline(True)
    page_is_offline(page)
    absent = classroom["students"][:3]
    for student in absent[:2]:
        page.locator(f'.roll-row[data-student="{student.massar_code}"] button.absent').click()
    expect(status).to_have_attribute("data-waiting", "2")
    page.reload()  # offline: the kept page, with the marks still queued on the phone
    expect(page.locator("h1")).to_contain_text("Roll call")
    page_is_offline(page)
    expect(page.locator(f'.roll-row[data-student="{absent[0].massar_code}"]')).to_have_attribute(
        "data-status", "absent")
    page.locator(f'.roll-row[data-student="{absent[2].massar_code}"] button.absent').click()
    status = page.locator("#roll-call-status")
    expect(status).to_have_attribute("data-waiting", "3")
    expect(status).to_contain_text("3 waiting to send")
    assert not Absence.objects.exists()

    page.context.set_offline(False)
    expect(status).to_have_attribute("data-waiting", "0", timeout=10_000)
    expect(status).to_contain_text("All marks sent.")
    assert sorted(Absence.objects.values_list("student_id", flat=True)) == sorted(s.pk for s in absent)
    assert MarkReceipt.objects.count() == 3

    # The page opened again shows them; the queue, emptied, sends nothing more.
    page.reload()
    for student in absent:
        expect(page.locator(f'.roll-row[data-student="{student.massar_code}"]')).to_have_attribute(
            "data-status", "absent")
    assert Absence.objects.count() == 3
