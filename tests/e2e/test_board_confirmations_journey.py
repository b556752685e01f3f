"""The school's administrator publishes the whole school: the confirmation shows the count per class first and
survives a language switch (the step's address answers a GET); publishing lands on the board with a message
saying what was done. Then a published sheet is withdrawn with a reason, and the board shows why."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from massar.grades.models import GradeSheet, SheetStatus, YearGradeRules
from massar.grades.rules import grade_rules_seed_year
from massar.grades.services import grade_sheet_open, grade_sheet_submit, grade_sheet_validate, mark_enter
from massar.schools.models import Subject
from massar.testing.browser import sign_in
from massar.testing.grades import grading_school


@pytest.fixture
def school(db):
    cast = grading_school()
    school_class = cast["class"]
    grade_rules_seed_year(school_year=school_class.school_year)
    YearGradeRules.objects.filter(school_year=school_class.school_year).update(parents_delay_days=3)
    sheet = grade_sheet_open(school_class=school_class, subject=Subject.objects.get(code="MATH"),
                             semester=school_class.school_year.semesters.get(number=1))
    mark_enter(sheet=sheet, student=cast["first"], slot=1, value="14,75", absent=False, actor=cast["teacher"])
    grade_sheet_submit(sheet=sheet, actor=cast["teacher"])
    grade_sheet_validate(sheet=sheet, actor=cast["admin"])
    return {**cast, "sheet": sheet}


@pytest.mark.browser_context_args(locale="en")
def test_publish_the_school_after_its_confirmation_then_withdraw_a_sheet(page: Page, live_server, school):
    base, code = live_server.url, school["class"].code
    sign_in(page, base, school["admin"].username)
    page.fill("input[name=code]", f"{totp(school['device'].bin_key):06d}")
    page.click("main form button[type=submit]")
    page.get_by_role("link", name="Grades board").click()
    page.get_by_role("row", name=re.compile(code)).get_by_role("link", name="Semester 1").click()

    page.get_by_role("link", name="Publish the whole school").click()
    main = page.locator("main")
    expect(main).to_contain_text("Publish 1 sheet in 1 class of the school to 2 students and their parents.")
    expect(main).to_contain_text("parents 3 days later")
    expect(page.locator(f"table.publication-plan tr[data-class='{code}']")).to_contain_text("1")
    assert GradeSheet.objects.get(pk=school["sheet"].pk).status == SheetStatus.VALIDATED  # asking changed nothing

    # Switching the language re-requests this address: the same confirmation, in Arabic.
    page.locator("form.languages button[data-language=ar]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("table.publication-plan")).to_be_visible()
    page.locator("main form.confirm-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("نُشرت")
    expect(page.locator("tr[data-subject=MATH] .status")).to_have_text("منشورة")

    page.locator("form.languages button[data-language=en]").click()
    page.locator("tr[data-subject=MATH]").get_by_role("link", name="Withdraw").click()
    expect(page.locator("main")).to_contain_text("Withdraw the Mathematics sheet of")
    page.fill("textarea[name=reason]", "Test 1 belongs to another class")
    page.locator("main form").get_by_role("button", name="Withdraw").click()
    expect(page.locator(".messages")).to_contain_text("Students and parents no longer see it")
    row = page.locator("tr[data-subject=MATH]")
    expect(row).to_contain_text("Withdrawn")
    expect(row).to_contain_text("Test 1 belongs to another class")
    page.reload()  # a reload after the step shows the board again, nothing is sent twice
    expect(page.locator("tr[data-subject=MATH]")).to_contain_text("Withdrawn")
    assert school["sheet"].withdrawals.count() == 1
