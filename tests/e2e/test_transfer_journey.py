"""A transfer on phones (390 px): a parent asks for their child to move to another school, finding it by name;
the origin school issues the leaving certificate and opens its PDF; the receiving school places the child in
one of its classes; the parent reads the new school."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.browser import sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True, "locale": "en"}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _phone(page: Page) -> Page:
    return page.context.browser.new_context(**PHONE).new_page()


def _administrator_signs_in(phone: Page, base: str, account) -> None:
    device = TOTPDevice.objects.create(user=account, name="phone", confirmed=True)
    sign_in(phone, base, account.username)
    phone.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    phone.click("main form button[type=submit]")


@pytest.fixture
def receiving(world):
    return make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))


def test_a_family_moves_a_child_to_another_school_on_phones(page: Page, live_server, world, receiving):
    base = live_server.url
    code = world.student_a.massar_code

    # The parent asks, from the parent space.
    parent = _phone(page)
    sign_in(parent, base, world.accounts["parent"].username)
    parent.locator("details.menu summary").click()
    parent.get_by_role("link", name="Transfers", exact=True).click()
    parent.get_by_role("link", name=world.student_a.full_name_latin).click()
    parent.fill("#q", world.other_school.name_fr)
    parent.get_by_role("button", name="Search").click()
    parent.get_by_label(world.other_school.name_en).check()
    parent.fill("#reason", "We move to Rabat for work")
    _fits(parent)
    parent.get_by_role("button", name="Send the request").click()
    expect(parent.locator("main")).to_contain_text("Requested")
    expect(parent.get_by_role("button", name="Cancel the request")).to_be_visible()
    _fits(parent)

    # The origin school lets the child go: the leaving certificate.
    origin = _phone(page)
    _administrator_signs_in(origin, base, world.accounts["school_admin"])
    origin.goto(f"{base}/staff/transfers/")
    origin.locator("main").get_by_role("link", name=world.student_a.full_name_latin).first.click()
    _fits(origin)
    origin.get_by_role("button", name="Issue the leaving certificate").click()
    expect(origin.locator("main")).to_contain_text("Leaving certificate issued")
    pdf = origin.get_by_role("link", name="Leaving certificate · Français").get_attribute("href")
    response = origin.request.get(base + pdf)
    assert response.ok and response.headers["content-type"] == "application/pdf"

    # The receiving school places the child in one of its classes.
    destination = _phone(page)
    _administrator_signs_in(destination, base, receiving)
    destination.goto(f"{base}/staff/transfers/?state=certificate_issued")
    destination.locator("main").get_by_role("link", name=world.student_a.full_name_latin).first.click()
    destination.select_option("#school_class", label=world.other_class.code)
    _fits(destination)
    destination.get_by_role("button", name="Accept", exact=True).click()
    expect(destination.locator("main")).to_contain_text("Accepted")
    destination.goto(f"{base}/staff/students/{code}/")
    expect(destination.locator("main")).to_contain_text(world.school.name_en)  # the whole history came along

    # The parent reads the new school.
    parent.goto(f"{base}/children/transfers/")
    expect(parent.locator("main")).to_contain_text(world.other_school.name_en)
    parent.get_by_role("link", name=world.student_a.full_name_latin).click()
    expect(parent.locator("main")).to_contain_text("Accepted")
    expect(parent.locator("main")).to_contain_text(world.other_class.code)
    _fits(parent)
