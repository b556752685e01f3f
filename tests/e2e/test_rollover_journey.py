"""The year rollover in the browser, on a phone: the collège's administrator reads the preview of every move
(one student orientated to the lycée), confirms, runs it, and reads the summary; the page then says the school
has rolled over."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.staff.models import Position
from massar.students.models import Enrolment
from massar.testing import factories as make
from massar.testing.browser import sign_in
from massar.testing.rollover import RolloverWorld

PHONE = {"width": 390, "height": 844}
WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def fits(page: Page) -> None:
    scroll, client = page.evaluate(WIDTHS)
    assert scroll <= client, f"{page.url} scrolls sideways on a phone: {scroll} > {client}"


def test_the_administration_previews_and_runs_the_rollover_on_a_phone(page: Page, live_server):
    world = RolloverWorld()
    administrator = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.college))
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    phone = page.context.browser.new_context(locale="en", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server.url, administrator.username)
    phone.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    phone.click("main form button[type=submit]")
    phone.goto(f"{live_server.url}/staff/rollover/")
    expect(phone.locator("h1")).to_contain_text("Year rollover")
    moves = phone.locator("table.rollover-moves tbody tr")
    expect(moves).to_have_count(4)
    expect(phone.locator("tr[data-kind=oriented]")).to_contain_text(f"school {world.lycee.code}")
    fits(phone)
    phone.check("input[name=confirm]")
    phone.click("text=Run the rollover")
    expect(phone.locator(".messages")).to_contain_text("3 students enrolled")
    expect(phone.locator("main")).to_contain_text("Running it again changes nothing")
    fits(phone)
    assert Enrolment.objects.filter(school_year=world.next_year).count() == 3
