"""The Excel canevas round trip in the browser: the teacher downloads the sheet's canevas from the grid page,
fills a mark in it (as a spreadsheet program would), uploads it and sees the mark in the grid."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from massar.grades.canevas import layout as L
from massar.grades.models import Mark
from massar.testing.browser import sign_in
from massar.testing.grades import grading_school


@pytest.fixture
def school(db):
    return grading_school()


@pytest.mark.browser_context_args(locale="en")
def test_teacher_downloads_fills_and_uploads_the_canevas(page: Page, live_server, school, tmp_path):
    first = school["first"]
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    sign_in(page, live_server.url, school["teacher"].username)
    page.get_by_role("link", name="My classes").click()
    page.get_by_role("link", name="Semester 1").click()
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("")

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the canevas").click()
    download = caught.value
    assert download.suggested_filename.startswith(f"Export_{school['class'].school.code}_")
    workbook = openpyxl.load_workbook(BytesIO(download.path().read_bytes()))
    sheet = workbook[L.SHEET_NAME]
    row = next(r for r in range(L.FIRST_STUDENT_ROW, sheet.max_row + 1)
               if sheet.cell(r, L.CODE_COLUMN).value == first.massar_code)
    sheet.cell(row, L.FIRST_MARK_COLUMN).value = "15,5"
    filled = tmp_path / download.suggested_filename
    out = BytesIO()
    workbook.save(out)
    filled.write_bytes(out.getvalue())

    page.set_input_files("input[name=canevas]", str(filled))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("1 mark and 0 remarks changed")
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("15,50")
    assert list(Mark.objects.values_list("value", flat=True)) == [Decimal("15.50")]
    assert refused == []
