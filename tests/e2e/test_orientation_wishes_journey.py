"""On a phone (390 px): a TC student ranks their wishes in the orientation window with the Up/Down links,
confirms them and gets a receipt; once the window has closed the page is read-only and says so; their parent
reads the wishes and downloads the request to sign, a PDF with the student's name."""

import datetime
import io
import re

import pdfplumber
from django.utils import timezone
from playwright.sync_api import Page, expect

from massar.orientation.models import WishList
from massar.testing.browser import sign_in
from massar.testing.orientation import orientation_world

PHONE = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True, "locale": "en"}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_student_ranks_wishes_on_a_phone_and_the_parent_prints_the_request(page: Page, live_server, world):
    ow = orientation_world(world)
    base = live_server.url
    phone = page.context.browser.new_context(**PHONE).new_page()
    sign_in(phone, base, ow.student_account.username)
    phone.locator("details.menu summary").click()
    phone.get_by_role("link", name="Orientation", exact=True).click()
    expect(phone.locator("main")).to_contain_text("Open until")
    _fits(phone)

    # SE first, then SM; then SM moved up: plain links, the draft in the address.
    phone.locator("li.stream", has_text="(SE)").get_by_role("link", name="Add to my wishes").click()
    phone.locator("li.stream", has_text="(SM)").get_by_role("link", name="Add to my wishes").click()
    wishes = phone.locator("ol.wishes li")
    expect(wishes).to_have_count(2)
    wishes.nth(1).get_by_role("link", name=re.compile("^Move up")).click()
    expect(wishes.nth(0)).to_contain_text("(SM)")
    expect(phone.locator(".unsaved")).to_be_visible()
    _fits(phone)
    phone.get_by_role("link", name="Review and confirm").click()
    expect(phone.locator("ol.wishes li").nth(0)).to_contain_text("(SM)")
    _fits(phone)
    phone.get_by_role("button", name="Confirm my wishes").click()
    receipt = WishList.objects.get().receipt
    expect(phone.locator("#receipt")).to_contain_text(receipt)
    expect(phone.locator(".unsaved")).to_have_count(0)
    assert list(WishList.objects.get().wishes.values_list("offer", flat=True)) == [ow.sm.pk, ow.se.pk]
    _fits(phone)

    # The deadline passes: the page is read-only and says when it closed.
    ow.window.opens_at = timezone.now() - datetime.timedelta(days=10)
    ow.window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    ow.window.save()
    phone.reload()
    expect(phone.locator("main")).to_contain_text("Closed on")
    expect(phone.get_by_role("link", name="Add to my wishes")).to_have_count(0)
    expect(phone.get_by_role("link", name="Review and confirm")).to_have_count(0)
    expect(phone.locator("ol.wishes li").nth(0)).to_contain_text("(SM)")
    _fits(phone)

    # The parent reads the wishes and downloads the request to sign.
    parent = page.context.browser.new_context(**PHONE).new_page()
    sign_in(parent, base, ow.parent_account.username)
    parent.locator("details.menu summary").click()
    parent.get_by_role("link", name="Orientation", exact=True).click()
    parent.get_by_role("link", name=ow.student.full_name).click()
    expect(parent.locator("#receipt")).to_contain_text(receipt)
    expect(parent.locator("ol.wishes li")).to_have_count(2)
    _fits(parent)
    href = parent.get_by_role("link", name="Print the request to sign (French)").get_attribute("href")
    assert href
    response = parent.request.get(base + href)  # the phone's session: what tapping the link downloads
    assert response.ok and response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = pdf.pages[0].extract_text()
    assert "BERRADA Imane" in text and ow.student.massar_code in text and receipt in text
    assert "Sciences mathématiques" in text
