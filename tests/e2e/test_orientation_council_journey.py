"""The orientation council on a phone: the academy officer starts the assignment of a closed window, sees its
progress and the pre-selection with scores, overrides one student's stream with a reason (shown in the audit)
and publishes; the student, on a phone, reads nothing before and their explanation after."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.testing.browser import sign_in
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing

PHONE = {"width": 390, "height": 844}
WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def phone(page: Page, base: str, account, *, second_factor: bool = False) -> Page:
    opened = page.context.browser.new_context(locale="en", viewport=PHONE, is_mobile=True,
                                              has_touch=True).new_page()
    device = TOTPDevice.objects.create(user=account, name="phone", confirmed=True) if second_factor else None
    sign_in(opened, base, account.username)
    if device is not None:
        opened.fill("input[name=code]", f"{totp(device.bin_key):06d}")
        opened.click("main form button[type=submit]")
    return opened


def fits(page: Page) -> None:
    scroll, client = page.evaluate(WIDTHS)
    assert scroll <= client, f"{page.url} scrolls sideways on a phone: {scroll} > {client}"


@pytest.mark.browser_context_args(locale="en")
def test_the_council_overrides_and_publishes_and_the_student_reads_why(page: Page, live_server, world,
                                                                        monkeypatch):
    use_reference_solver_if_missing(monkeypatch)
    base = live_server.url
    orientation = OrientationRuns(world)
    rival = orientation.student("Rania", MATH="19", PC="18")
    orientation.marks(world.student_a, MATH="14", PC="15")
    orientation.marks(world.student_b, PC="13", FR="12")
    orientation.wishes(rival, "SM")
    orientation.wishes(world.student_a, "SM", "SE")
    orientation.wishes(world.student_b, "SE", "L")

    student = phone(page, base, world.accounts["student"])
    student.goto(f"{base}/me/orientation/result/")
    expect(student.locator("main")).to_contain_text("No orientation result published yet.")

    council = phone(page, base, orientation.officer, second_factor=True)
    council.goto(f"{base}/staff/orientation/runs/")
    council.get_by_role("button", name="Start the assignment").click()
    expect(council.locator(".progress-count")).to_contain_text("3 students assigned.")
    expect(council.locator("main")).to_contain_text("Stability certified")
    expect(council.get_by_role("row", name=re.compile(world.student_a.massar_code))).to_contain_text("15.00/20")
    fits(council)

    student.reload()
    expect(student.locator("main")).to_contain_text("No orientation result published yet.")  # a pre-selection

    council.get_by_role("row", name=re.compile(world.student_b.massar_code)).get_by_role(
        "link", name="Override").click()
    council.select_option("select[name=offer]", value=str(orientation.offers["SE"].pk))
    council.fill("textarea[name=reason]", "Medical file: the literature stream's school is out of reach.")
    fits(council)
    council.get_by_role("button", name="Change the decision").click()
    expect(council.locator(".audit")).to_contain_text("Medical file")
    expect(council.get_by_role("row", name=re.compile(world.student_b.massar_code))).to_contain_text(
        "changed by the council")
    council.get_by_role("button", name="Publish the orientation").click()
    expect(council.locator(".run-state")).to_have_text("Published")

    student.reload()
    main = student.locator("main")
    expect(main).to_contain_text("Experimental sciences")
    expect(student.locator(".wish.above")).to_contain_text("Last admitted score")
    expect(student.locator(".wish.above")).to_contain_text("18.67/20")
    expect(student.locator(".wish.above")).to_contain_text("14.33/20")
    fits(student)
