"""The demo's mailbox in a browser: a student adds a recovery e-mail, opens the confirmation message in the demo
mailbox and confirms; later, having forgotten the password, asks for a link, follows it from the mailbox,
chooses a new password and signs in with it. The links lead back to the server the browser is using."""

import re

import pytest
from playwright.sync_api import Page, expect

from massar.testing import factories as make
from massar.testing.browser import sign_in

NEW_PASSWORD = "Argan et cèdre du Souss 2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_mailbox(settings, tmp_path, live_server):
    """The demo's settings: DEBUG on, e-mails kept in a mailbox, links built from the address of this server."""
    settings.DEBUG = True
    settings.MASSAR_DEMO_MAILBOX = str(tmp_path)
    settings.MAILERS = {"default": {"BACKEND": "massar.communication.demo_mailbox.DemoMailboxBackend",
                                    "OPTIONS": {"directory": str(tmp_path)}}}
    settings.SITE_URL = live_server.url
    return tmp_path


@pytest.fixture
def student_account(db):
    make.school_year()
    student = make.student(in_class=make.school_class())
    return make.account(student)


def open_newest_message(page: Page, base: str) -> None:
    page.goto(f"{base}/demo/mailbox/")
    page.locator("#mailbox li a").first.click()
    expect(page.locator("#mail-body")).to_be_visible()


def test_a_student_follows_the_confirmation_and_reset_links_from_the_demo_mailbox(page: Page, live_server,
                                                                                  demo_mailbox, student_account):
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/demo/mailbox/")
    expect(page.locator("#mailbox-empty")).to_be_visible()

    # A recovery e-mail, confirmed through the link in the message the demo kept.
    sign_in(page, base, student_account.username)
    page.goto(f"{base}/account/recovery-email/")
    page.fill("input[name=email]", "salma@example.ma")
    page.fill("input[name=password]", make.PASSWORD)
    page.locator("main form:has(input[name=email]) button[type=submit]").click()
    expect(page.locator("[data-status=unconfirmed]")).to_be_visible()
    open_newest_message(page, base)
    expect(page.locator("main")).to_contain_text("salma@example.ma")
    link = page.locator("#mail-body bdi[dir=ltr] a").first
    expect(link).to_have_attribute("href", re.compile(rf"^{re.escape(base)}/account/recovery-email/confirm/"))
    # The Arabic page shows the whole link on a phone, without scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link.click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_be_visible()
    page.click("details.menu > summary")  # on a phone, sign-out is in the header's menu
    page.click("form[action$='/signout/'] button")

    # Forgotten password: the reset link from the mailbox, a new password, and a sign-in with it.
    page.goto(f"{base}/account/password/forgot/")
    page.fill("input[name=username]", student_account.username)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/account/password/forgot/sent/$"))
    open_newest_message(page, base)
    reset = page.locator("#mail-body a", has_text="/account/password/reset/").first
    expect(reset).to_have_attribute("href", re.compile(rf"^{re.escape(base)}/"))
    reset.click()
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/account/password/reset/complete/$"))
    sign_in(page, base, student_account.username, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))


def test_outside_the_demo_the_mailbox_is_not_found(page: Page, live_server, settings):
    settings.DEBUG = False
    response = page.goto(f"{live_server.url}/demo/mailbox/")
    assert response is not None and response.status == 404
