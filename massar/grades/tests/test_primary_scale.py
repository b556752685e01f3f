"""Primary school marks are out of 10 (DOMAIN §5): the scale is a rule table per level and year (MarkScale),
taken by a sheet when it is opened. A primary sheet refuses 10.5 (typed, corrected or imported), its averages
and class statistics are on /10, and pages, the API and the canevas say so."""

import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from massar.accounts.tokens import api_token_issue
from massar.core.errors import Invalid
from massar.grades.canevas import CanevasImporter, CanevasRefused, canevas_export
from massar.grades.canevas import layout as L
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import MarkScale, SemesterResult, SheetResult
from massar.grades.services import mark_correct
from massar.testing.grades import PRIMARY_SUBJECTS, Grades


@pytest.fixture
def primary(world):
    return Grades(world, extra_students=2, primary=True)


def test_the_seeded_scale_is_10_in_primary_and_20_elsewhere_and_a_sheet_keeps_its_own(world, primary):
    year = primary.school_class.school_year
    assert MarkScale.objects.get(school_year=year, level__code="6AP").out_of == 10
    assert MarkScale.objects.get(school_year=year, level__code="2BAC").out_of == 20
    assert {sheet.out_of for sheet in primary.sheets.values()} == {10}
    MarkScale.objects.filter(school_year=year, level__code="6AP").update(out_of=20)
    primary.sheets["MATH"].refresh_from_db()
    assert primary.sheets["MATH"].out_of == 10  # opened out of 10, it stays out of 10


def test_a_primary_sheet_refuses_10_5_and_a_lycee_sheet_takes_it(world, primary):
    pupil = primary.students[0]
    with pytest.raises(Invalid) as refused:
        primary.enter("MATH", pupil, 1, "10,5")
    assert refused.value.code == GradesErrorCode.OUT_OF_RANGE
    assert "between 0 and 10" in str(refused.value)
    primary.enter("MATH", pupil, 1, "10")
    lycee = Grades(world, extra_students=0)
    lycee.enter("MATH", lycee.students[0], 1, "10,5")


def test_a_correction_on_a_primary_sheet_refuses_10_5(world, primary):
    pupil = primary.students[0]
    primary.enter("AR", pupil, 1, "7")
    primary.publish("AR")
    with pytest.raises(Invalid) as refused:
        mark_correct(sheet=primary.sheets["AR"], student=pupil, slot=1, value="10.5", absent=False,
                     reason="typo", actor=primary.admin)
    assert refused.value.code == GradesErrorCode.OUT_OF_RANGE


def test_the_canevas_of_a_primary_sheet_is_out_of_10_and_its_import_refuses_10_5(world, primary):
    sheet = primary.sheets["MATH"]
    _name, data = canevas_export(sheet=sheet)
    workbook = openpyxl.load_workbook(BytesIO(data))
    ws = workbook[L.SHEET_NAME]
    assert ws["B13"].value == L.SCALE_LABEL and ws["D13"].value == 10
    assert {v.formula2 for v in ws.data_validations.dataValidation} == {"10"}
    ws["G18"] = 10.5
    ws["I18"] = 9.75
    out = BytesIO()
    workbook.save(out)
    with pytest.raises(CanevasRefused) as refused:
        CanevasImporter(actor=primary.teacher, sheet=sheet).run(out.getvalue())
    assert [(p.cell, str(p)) for p in refused.value.problems] == [
        ("G18", "Sheet NotesCC, row 18, column G: A mark is between 0 and 10 (got 10.5).")]


def test_averages_and_statistics_of_a_primary_class_are_on_10_in_pages_and_the_api(en_client, world, primary):
    first, second, third = primary.students
    for code in PRIMARY_SUBJECTS:
        primary.enter(code, first, 1, "9")
        primary.enter(code, first, 2, "8")
        primary.enter(code, second, 1, "6")
        primary.enter(code, third, 1, "10")
    primary.publish(*PRIMARY_SUBJECTS)
    primary.close()
    stats = SheetResult.objects.get(sheet=primary.sheets["MATH"])
    assert (stats.class_minimum, stats.class_mean, stats.class_maximum) == (6, Decimal("8.166666666666"), 10)
    assert SemesterResult.objects.get(student=first, semester=primary.semester).general_average == Decimal("8.5")

    en_client.force_login(primary.student_account)
    page = en_client.get(reverse("portals:grades_mine"), {"semester": 1}).content.decode()
    row = re.search(r'<tr data-subject="MATH">(.*?)</tr>', page, flags=re.S).group(1)
    assert re.findall(r'class="num">([^<]*)<', row) == ["9.00/10", "8.00/10", "8.50/10", "3", "6.00/10", "8.17/10",
                                                        "10.00/10"]
    assert not re.search(r"\d/20<", page)
    general = re.search(r'<p class="general">.*?<strong>(.*?)</strong>', page, flags=re.S).group(1)
    assert "8.50/10" in general
    assert "out of <bdi" in page  # the chart's caption says the scale

    _token, secret = api_token_issue(user=primary.student_account, name="test")
    body = en_client.get("/api/v1/me/grades", {"year": "2025/2026", "semester": 1},
                         headers={"authorization": f"Bearer {secret}"}).json()
    assert body["out_of"] == 10 and body["general"]["average"] == "8.50"
    math = next(s for s in body["subjects"] if s["subject"] == "MATH")
    assert (math["out_of"], math["average"], math["class_mean"]) == (10, "8.50", "8.17")


def test_the_teachers_grid_of_a_primary_sheet_says_out_of_10(en_client, world, primary):
    en_client.force_login(primary.teacher)
    page = en_client.get(reverse("portals:grades_teacher_grid", kwargs={
        "class_id": primary.school_class.pk, "subject": "MATH", "semester": 1})).content.decode()
    assert re.search(r'between 0 and <bdi dir="ltr">10</bdi>', page)
