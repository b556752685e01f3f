"""A parent, on a phone (390 px), downloads a child's report card and opens the verification link it carries;
the school's administrator prints the class's report cards in one batch and follows its progress."""

import io
import re
from urllib.parse import urlparse

import pdfplumber
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.testing.browser import sign_in
from massar.testing.documents import graded_class

PHONE = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True, "locale": "en"}


@pytest.fixture
def graded(world):
    return graded_class(world)


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_parent_downloads_a_report_card_on_a_phone_and_checks_it(page: Page, live_server, world, graded):
    base = live_server.url
    phone = page.context.browser.new_context(**PHONE).new_page()
    sign_in(phone, base, world.accounts["parent"].username)
    phone.locator("details.menu summary").click()
    phone.get_by_role("link", name="Documents", exact=True).click()
    child = phone.locator(f"#child-{world.student_a.massar_code}")
    expect(child).to_contain_text("Report card")
    _fits(phone)
    link = child.get_by_role("link", name="Français").first
    href = link.get_attribute("href")
    assert href and "/report-card/s1.pdf" in href
    response = phone.request.get(base + href)  # the phone's session: what tapping the link downloads
    assert response.ok and response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = pdf.pages[0].extract_text()
    assert "14,02/20" in text and world.student_a.massar_code in text
    printed = re.search(r"https?://\S+/verify/([0-9A-Z]{12})/", text)
    assert printed, "the verification address is printed under the QR code"

    # Anyone opens the verification page from the QR code's address, here on the same phone, signed out.
    checker = page.context.browser.new_context(**PHONE).new_page()
    checker.goto(base + urlparse(printed.group(0)).path)
    expect(checker.locator("[data-state=valid]")).to_contain_text("Genuine")
    expect(checker.locator("main")).to_contain_text("14.02/20")
    expect(checker.locator("main")).to_contain_text(printed.group(1))
    _fits(checker)


@pytest.mark.browser_context_args(locale="en")
def test_the_administration_prints_a_class_in_one_batch(page: Page, live_server, world, graded):
    base = live_server.url
    admin = world.accounts["school_admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, base, admin.username)
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("main form button[type=submit]")
    page.get_by_role("link", name="Documents", exact=True).click()
    page.select_option("#target", label=world.class_a.code)
    page.select_option("#semester", value="1")
    page.select_option("#lang", value="ar")
    page.locator("main form").get_by_role("button", name="Print").click()
    status = page.locator("#batch-status")
    expect(status).to_have_attribute("data-state", "done", timeout=30_000)
    expect(status).to_contain_text("3 / 3")
    download = status.get_by_role("link", name="Download the PDF").get_attribute("href")
    response = page.request.get(base + download)
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        assert len(pdf.pages) == 3
