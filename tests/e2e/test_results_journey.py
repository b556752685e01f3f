"""Results day in the browser: the academy imports the 1BAC regional exam's marks from Excel sheets (anonymous
numbers, never names) and publishes them; the ministry marks the national exam's copies on the anonymous grid,
locks the marks and publishes; the student, on a phone, sees the result with its explanation and mention; after
the second session, a candidate sees the recomputed mark with the replaced subject."""

import re
from io import BytesIO

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from massar.exams.marks_import import exam_marks_sheet
from massar.exams.models import Copy
from massar.testing.browser import sign_in
from massar.testing.exams import Bac

PHONE = {"width": 390, "height": 844}
WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def officer_page(page: Page, base: str, account) -> Page:
    device = TOTPDevice.objects.create(user=account, name="phone", confirmed=True)
    officer = page.context.browser.new_context(locale="en").new_page()
    sign_in(officer, base, account.username)
    officer.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    officer.click("main form button[type=submit]")
    return officer


def student_phone(page: Page, base: str, account) -> Page:
    phone = page.context.browser.new_context(locale="en", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, base, account.username)
    return phone


def fits(page: Page) -> None:
    scroll, client = page.evaluate(WIDTHS)
    assert scroll <= client, f"{page.url} scrolls sideways on a phone: {scroll} > {client}"


def filled_sheet(paper, tmp_path, mark: float):
    """The paper's marks sheet as the academy downloads it, every copy marked `mark`."""
    book = load_workbook(BytesIO(exam_marks_sheet(paper=paper)))
    for row in book["Notes"].iter_rows(min_row=4):
        row[1].value = mark
    path = tmp_path / f"marks-{paper.pk}.xlsx"
    book.save(path)
    return path


@pytest.mark.browser_context_args(locale="en")
def test_the_ministry_publishes_and_the_student_reads_the_result_on_a_phone(page: Page, live_server, world,
                                                                            tmp_path):
    base = live_server.url
    bac = Bac(world)
    bac.continuous(world.student_a, "14", "15")  # 14.50
    bac.mark(bac.regional, world.student_a, {})  # opens the marking

    academy = officer_page(page, base, bac.academy)
    academy.get_by_role("link", name="Exams").click()
    academy.get_by_role("link", name="1BAC regional exam").first.click()
    for paper in bac.regional.papers.filter(stream__code="SE").select_related("subject"):
        academy.get_by_role("row", name=re.compile(rf"^SE\s+{paper.subject.name_en}")).get_by_role("link").click()
        academy.set_input_files("input[name=file]", str(filled_sheet(paper, tmp_path, 12)))
        academy.get_by_role("button", name="Import", exact=True).click()
        expect(academy.locator(".messages")).to_contain_text("imported")
        academy.get_by_role("link", name="1BAC regional exam").click()
    academy.get_by_role("button", name="Lock the marks").click()
    academy.get_by_role("button", name="Publish the results").click()
    expect(academy.locator("main")).to_contain_text("result published")
    bac.mark(bac.national, world.student_a, {})  # opens the marking

    ministry = officer_page(page, base, bac.ministry)
    ministry.get_by_role("link", name="Exams").click()
    ministry.get_by_role("link", name="2BAC national exam").first.click()
    expect(ministry.locator("h1")).to_contain_text("2BAC national exam")
    for subject in ("Mathematics", "Physics and chemistry", "Life and earth sciences", "Philosophy", "English"):
        ministry.get_by_role("row", name=re.compile(f"SP.*{subject}")).get_by_role("link").click()
        grid = ministry.locator("main")
        for student in (world.student_a, world.student_b, world.other_student, world.far_student):
            expect(grid).not_to_contain_text(student.massar_code)
            expect(grid).not_to_contain_text(student.last_name_latin)
        copy = Copy.objects.get(candidate__student=world.student_a, paper__subject__name_en=subject,
                                paper__session=bac.national)
        ministry.fill(f"input[name=mark-{copy.anonymous_number}]", "13,25")
        ministry.get_by_role("button", name="Save the marks").click()
        expect(ministry.locator(f"input[name=mark-{copy.anonymous_number}]")).to_have_value("13.25")
        ministry.get_by_role("link", name="2BAC national exam").click()
    ministry.get_by_role("button", name="Lock the marks").click()
    ministry.get_by_role("button", name="Publish the results").click()
    expect(ministry.locator("main")).to_contain_text("results published")

    phone = student_phone(page, base, world.accounts["student"])
    phone.goto(f"{base}/me/results/")
    result = phone.locator("section.exam-result[data-kind=bac_national]")
    expect(result).to_contain_text("13.25/20")
    expect(result).to_contain_text("Admitted")
    expect(result).to_contain_text("Fairly good")
    expect(result).to_contain_text("Continuous assessment")
    expect(result).to_contain_text("14.50/20")
    expect(result).to_contain_text("1BAC regional exam")
    fits(phone)


@pytest.mark.browser_context_args(locale="en")
def test_a_second_session_candidate_sees_the_recomputed_mark(page: Page, live_server, world):
    base = live_server.url
    bac = Bac(world)
    bac.regional_done({"AR": "8", "FR": "8", "EI": "8", "HG": "8"})
    bac.continuous(world.student_a, "9", "9")
    bac.mark(bac.national, world.student_a, {"MATH": "6", "PC": "8", "SVT": "10", "PHILO": "10", "EN": "10"})
    bac.publish(bac.national)
    bac.second_session({"MATH": "16"})

    phone = student_phone(page, base, world.accounts["student"])
    phone.goto(f"{base}/me/results/")
    recomputed = phone.locator("section.exam-result").first
    expect(recomputed).to_contain_text("Second session")
    # national (7 × 16 + 7 × 8 + 5 × 10 + 2 × 10 + 2 × 10) / 23 = 11.2173…; 2.25 + 2 + 5.6086… = 9.86
    expect(recomputed).to_contain_text("9.86/20")
    expect(recomputed).to_contain_text("first session 6.00/20")
    fits(phone)
