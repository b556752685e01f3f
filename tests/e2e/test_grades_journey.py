"""A teacher fills the grade grid by keyboard (type, Enter down the column, Tab across) and submits; the school's
administrator, signed in with their second factor, validates and publishes; the student and the parent see the
marks. (The Excel canevas export/import step of the issue's journey is built separately and not covered here.)"""

import re
from decimal import Decimal

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from massar.grades.models import Mark
from massar.testing.browser import grid_ready, sign_in
from massar.testing.grades import grading_school


@pytest.fixture
def school(db):
    return grading_school()


def new_page(page: Page) -> Page:
    return page.context.browser.new_context(locale="en").new_page()


@pytest.mark.browser_context_args(locale="en")
def test_teacher_fills_the_grid_the_administration_publishes_and_families_see_it(page: Page, live_server, school):
    base = live_server.url
    first, second = school["first"], school["second"]

    # The teacher opens the grid from "My classes" (the page runs under the CSP: no inline script or style).
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    sign_in(page, base, school["teacher"].username)
    page.get_by_role("link", name="My classes").click()
    page.get_by_role("link", name="Semester 1").click()
    expect(page.locator("h1")).to_contain_text("Grade sheet")
    grid_ready(page)

    # Type, Enter: down the same column, to the next student.
    page.locator(f"#mark-{first.pk}-1").click()
    page.keyboard.type("14,75")
    page.keyboard.press("Enter")
    expect(page.locator(f"#mark-{second.pk}-1")).to_be_focused()
    expect(page.locator(f"#cell-{first.pk}-1")).to_have_class(re.compile(r"\bsaved\b"))
    page.keyboard.type("9.5")
    # Tab: the next test (the absence tick is not in the Tab order).
    page.keyboard.press("Tab")
    expect(page.locator(f"#mark-{second.pk}-2")).to_be_focused()
    page.keyboard.type("21")
    page.keyboard.press("Tab")
    invalid = page.locator(f"#mark-{second.pk}-2")
    expect(invalid).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#cell-{second.pk}-2")).to_contain_text("between 0 and 20")
    expect(page.locator(f"#mark-{second.pk}-1")).to_have_value("9,50")  # nothing else lost
    invalid.fill("12")
    page.keyboard.press("Tab")
    expect(page.locator(f"#cell-{second.pk}-2")).to_have_class(re.compile(r"\bsaved\b"))
    expect(page.locator(f"#average-{second.pk}")).to_contain_text("10.75/20")
    assert sorted(Mark.objects.values_list("value", flat=True)) == [Decimal("9.50"), Decimal("12.00"),
                                                                    Decimal("14.75")]

    assert refused == []
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("main")).to_contain_text("read-only")
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_count(0)

    # The administrator signs in with the second factor, validates and publishes.
    admin = new_page(page)
    sign_in(admin, base, school["admin"].username)
    admin.fill("input[name=code]", f"{totp(school['device'].bin_key):06d}")
    admin.click("main form button[type=submit]")
    admin.get_by_role("link", name="Grades board").click()
    admin.get_by_role("row", name=re.compile(school["class"].code)).get_by_role("link", name="Semester 1").click()
    row = admin.locator("tr[data-subject=MATH]")
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name="Validate").click()  # each step asks first, saying what it will do
    expect(admin.locator("main")).to_contain_text("Validate the Mathematics sheet of")
    admin.locator("main form").get_by_role("button", name="Validate").click()
    expect(admin.locator("tr[data-subject=MATH]")).to_contain_text("Validated")
    admin.get_by_role("link", name="Publish this class").click()
    expect(admin.locator("main")).to_contain_text("to 2 students and their parents.")
    admin.locator("main form").get_by_role("button", name="Publish").click()
    expect(admin.locator("tr[data-subject=MATH]")).to_contain_text("Published")

    # The student sees the marks.
    student = new_page(page)
    sign_in(student, base, first.massar_code)
    student.get_by_role("link", name="My grades").click()
    expect(student.locator("tr[data-subject=MATH]")).to_contain_text("14.75/20")

    # The parent: a card per child, then the details.
    parent = new_page(page)
    sign_in(parent, base, school["parent"].username)
    parent.get_by_role("link", name="Grades", exact=True).click()
    expect(parent.locator(f"[data-student='{first.massar_code}']")).to_contain_text("14.75/20")
    parent.get_by_role("link", name="Details").click()
    expect(parent.locator("tr[data-subject=MATH]")).to_contain_text("14.75/20")
