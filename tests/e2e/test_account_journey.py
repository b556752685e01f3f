"""A student activates their account, signs in, is locked out after five wrong passwords (even the right
one is then refused), and the school's administrator, signed in with their second factor, unlocks them."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.staff.models import Position
from massar.testing import factories as make

NEW_PASSWORD = "Cèdre et arganier 2026"


@pytest.fixture
def school(db):
    make.school_year()
    school_class = make.school_class()
    student = make.student(in_class=school_class, last_name_latin="Bennani")
    admin = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school_class.school))
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    return student, admin, device


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/account/signin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


@pytest.mark.browser_context_args(locale="en")
def test_student_activates_is_locked_out_and_the_administrator_unlocks(page: Page, live_server, school):
    student, admin, device = school
    base = live_server.url

    # Activation: code, birth date, name as on the record; then a password and a recovery e-mail.
    page.goto(f"{base}/account/activate/")
    page.fill("input[name=massar_code]", f" {student.massar_code.lower()} ")
    page.fill("input[name=birth_date]", student.birth_date.isoformat())
    page.fill("input[name=last_name]", "bennani")
    page.fill("input[name=email]", "youssef@example.ma")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text(f"{student.massar_code}@taalim.ma")
    expect(page).to_have_url(re.compile(r"/account/activate/done/$"))

    # Sign in with the bare code, then sign out.
    sign_in(page, base, student.massar_code, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.click("form[action$='/signout/'] button")

    # Five wrong passwords lock the account; the right one is then refused, with the time it unlocks.
    for _ in range(5):
        sign_in(page, base, student.massar_code, "not the password at all")
    sign_in(page, base, student.massar_code, NEW_PASSWORD)
    expect(page.locator("main")).to_contain_text(re.compile(r"locked", re.I))
    expect(page).to_have_url(re.compile(r"/account/signin/"))

    # The administrator signs in with their second factor and unlocks the account at once.
    admin_page = page.context.browser.new_context(locale="en").new_page()
    sign_in(admin_page, base, admin.username, make.PASSWORD)
    admin_page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    admin_page.click("main form button[type=submit]")
    admin_page.goto(f"{base}/account/locked/")
    row = admin_page.locator("tr", has_text=student.massar_code)
    expect(row).to_be_visible()
    row.locator("button[type=submit]").click()
    expect(admin_page.locator("tr", has_text=student.massar_code)).to_have_count(0)

    sign_in(page, base, student.massar_code, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).to_contain_text(student.massar_code)
