"""The canevas from the teacher's grid page: download the sheet's Excel file, upload a filled one (all or
nothing, every problem located), only for the sheet's teacher and only while the sheet is a draft."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from massar.grades.canevas import layout as L
from massar.grades.models import GradeSheet, Mark, SheetStatus, StudentRemark
from massar.testing import factories as make
from massar.testing.grades import sheet_args, the_sheet


@pytest.fixture
def teacher(en_client, world):
    en_client.force_login(world.accounts["teacher"])
    return en_client


def download(client, world):
    return client.get(reverse("portals:grades_teacher_canevas_download", kwargs=sheet_args(world.class_a)))


def upload(client, world, data: bytes | None, name="canevas.xlsx"):
    """Upload, then follow the redirect to the GET that shows the grid with what the upload said."""
    files = {} if data is None else {"canevas": SimpleUploadedFile(name, data)}
    url = reverse("portals:grades_teacher_canevas_upload", kwargs=sheet_args(world.class_a))
    posted = client.post(url, files)
    if posted.status_code != 302:
        return posted
    assert posted["Location"] == url
    return client.get(url)


def exported(teacher, world) -> bytes:
    response = download(teacher, world)
    assert response.status_code == 200
    return response.content


def row_of(data: bytes, code: str) -> int:
    ws = openpyxl.load_workbook(BytesIO(data))[L.SHEET_NAME]
    return next(r for r in range(L.FIRST_STUDENT_ROW, ws.max_row + 1) if ws.cell(r, L.CODE_COLUMN).value == code)


def edit(data: bytes, cells: dict[str, object]) -> bytes:
    workbook = openpyxl.load_workbook(BytesIO(data))
    for ref, value in cells.items():
        workbook[L.SHEET_NAME][ref] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def remark_column(world) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(L.FIRST_MARK_COLUMN + 2 * (the_sheet(world).tests_count + 1))


def nothing_written() -> bool:
    return not Mark.objects.exists() and not StudentRemark.objects.exists()


# --- Download ------------------------------------------------------------------------------------------------


def test_the_grid_links_to_the_canevas_and_offers_the_upload_form(teacher, world):
    body = teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    assert reverse("portals:grades_teacher_canevas_download", kwargs=sheet_args(world.class_a)) in body
    assert 'enctype="multipart/form-data"' in body and 'name="canevas"' in body and "csrfmiddlewaretoken" in body
    assert "Download the canevas" in body and "Upload a filled canevas" in body


def test_the_teacher_downloads_the_canevas(teacher, world):
    response = download(teacher, world)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"Export_{world.school.code}_{world.class_a.code}_" in disposition
    assert "no-store" in response["Cache-Control"]
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert L.SHEET_NAME in workbook.sheetnames
    row_of(response.content, world.student_a.massar_code)  # the class's students are listed


@pytest.mark.parametrize("who", ["other_teacher", "school_admin", "student"])
def test_the_canevas_is_a_404_for_anyone_else(world, who):
    client = Client(headers={"accept-language": "en"})
    account = (make.account(make.staff(school_=world.school)) if who == "other_teacher"
               else world.accounts[who])
    client.force_login(account)
    assert download(client, world).status_code == 404


# --- Upload --------------------------------------------------------------------------------------------------


def test_a_filled_canevas_writes_the_marks_and_shows_the_summary(teacher, world):
    data = exported(teacher, world)
    row = row_of(data, world.student_a.massar_code)
    filled = edit(data, {f"G{row}": 14.75, f"I{row}": "13,5", f"{remark_column(world)}{row}": "Très bien"})
    response = upload(teacher, world, filled)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 marks and 1 remark changed" in body
    marks = {m.slot: m.value for m in Mark.objects.filter(sheet=the_sheet(world), student=world.student_a)}
    assert marks == {1: Decimal("14.75"), 2: Decimal("13.50")}
    assert StudentRemark.objects.get(student=world.student_a).text == "Très bien"
    assert 'value="14,75"' in body  # the grid shows the imported marks
    # The same file again changes nothing, and the teacher is told it was imported already.
    again = upload(teacher, world, filled).content.decode()
    assert "This file was already imported on" in again and "nothing was written" in again


def test_a_bad_canevas_lists_every_located_problem_and_writes_nothing(teacher, world):
    data = exported(teacher, world)
    row = row_of(data, world.student_a.massar_code)
    workbook = openpyxl.load_workbook(BytesIO(data))
    del workbook[L.TOKEN_SHEET_NAME]  # a file laid out like the ministry's: matched by its codes
    out = BytesIO()
    workbook.save(out)
    other = next(r for r in (18, 19) if r != row)
    bad = edit(out.getvalue(), {f"G{row}": 21, f"C{other}": "Z999999999"})
    response = upload(teacher, world, bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was written" in body
    assert f"<td>{L.SHEET_NAME}</td><td>{row}</td><td>G</td><td>A mark is between 0 and 20 (got 21)." in body
    assert f"<td>{L.SHEET_NAME}</td><td>{other}</td><td>C</td><td>Z999999999 is not in this class.</td>" in body
    assert nothing_written()


def test_an_upload_without_a_file_is_a_form_error(teacher, world):
    response = upload(teacher, world, None)
    assert response.status_code == 200
    assert "Choose the filled canevas (.xlsx) to upload." in response.content.decode()
    assert nothing_written()


def test_a_submitted_sheet_refuses_an_upload(teacher, world):
    data = exported(teacher, world)
    GradeSheet.objects.filter(pk=the_sheet(world).pk).update(status=SheetStatus.SUBMITTED)
    row = row_of(data, world.student_a.massar_code)
    response = upload(teacher, world, edit(data, {f"G{row}": 12}))
    body = response.content.decode()
    assert response.status_code == 200 and "submitted" in body and "Nothing was written" in body
    assert 'name="canevas"' not in body  # no upload form on a read-only sheet
    assert nothing_written()


def test_an_oversized_upload_is_refused_before_it_is_read(teacher, world):
    data = exported(teacher, world)
    with override_settings(MASSAR_CANEVAS_MAX_BYTES=1000):
        response = upload(teacher, world, data)
    assert response.status_code == 200 and "The file is too large" in response.content.decode()
    assert nothing_written()


def test_a_file_that_is_not_a_workbook_is_refused(teacher, world):
    response = upload(teacher, world, b"ID;code;mark\n", name="notes.csv")
    assert response.status_code == 200 and "not an Excel workbook" in response.content.decode()


@pytest.mark.parametrize("who", ["other_teacher", "school_admin"])
def test_a_forged_upload_to_someone_elses_sheet_is_a_404(teacher, world, who):
    data = exported(teacher, world)
    row = row_of(data, world.student_a.massar_code)
    client = Client(headers={"accept-language": "en"})
    client.force_login(make.account(make.staff(school_=world.school)) if who == "other_teacher"
                       else world.accounts[who])
    assert upload(client, world, edit(data, {f"G{row}": 12})).status_code == 404
    assert nothing_written()


def test_after_an_upload_a_reload_or_a_language_switch_shows_the_result_again_without_importing(teacher, world):
    from massar.grades.models import CanevasImport

    data = exported(teacher, world)
    row = row_of(data, world.student_a.massar_code)
    url = reverse("portals:grades_teacher_canevas_upload", kwargs=sheet_args(world.class_a))
    posted = teacher.post(url, {"canevas": SimpleUploadedFile("c.xlsx", edit(data, {f"G{row}": 15}))})
    assert posted.status_code == 302 and posted["Location"] == url
    assert "1 mark and 0 remarks changed" in teacher.get(url).content.decode()
    switched = teacher.get(url, headers={"accept-language": "ar"})  # the language buttons re-request this address
    assert switched.status_code == 200 and "1 mark and 0 remarks changed" not in switched.content.decode()
    assert "تم استيراد النموذج" in switched.content.decode()  # told again, in Arabic
    assert CanevasImport.objects.count() == 1
    other_sheet = teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a)))
    assert other_sheet.status_code == 200


def test_a_file_with_too_many_problems_lists_the_first_ones_and_counts_the_rest(teacher, world, monkeypatch):
    from massar.portals.staff import canevas as page

    monkeypatch.setattr(page, "PROBLEMS_KEPT", 1)
    data = exported(teacher, world)
    rows = [row_of(data, world.student_a.massar_code)]
    bad = edit(data, {f"G{rows[0]}": 21, f"I{rows[0]}": 22})
    body = upload(teacher, world, bad).content.decode()
    assert "1 more problem is not listed" in body and body.count("A mark is between 0 and 20") == 1
    assert nothing_written()
