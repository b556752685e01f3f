"""A report card states the grades report selector's figures, in its order, rounded as it rounds them; the PDF
prints them (read back with pdfplumber), and its Arabic lines keep numbers whole and in logical order."""

import io
import re
from decimal import Decimal

import pdfplumber
import pypdfium2
import pytest

from massar.documents import selectors, services
from massar.documents.printing import document_pdf
from massar.grades.selectors import student_semester_report
from massar.testing.documents import REMARK, certificate_issued

ARABIC = re.compile(r"[\u0600-\u06FF]")


def pdf_lines(pdf: bytes) -> list[list[dict]]:
    """The words of each line of the first page (pdfplumber, in visual order: left to right)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words(keep_blank_chars=False, use_text_flow=False)
    lines: dict[int, list[dict]] = {}
    for word in words:
        lines.setdefault(round(word["top"] / 3), []).append(word)
    return [sorted(line, key=lambda w: w["x0"]) for _top, line in sorted(lines.items())]


def logical_rtl(line: list[dict]) -> str:
    """A right-to-left line read back in logical order: words from right to left, each Arabic word's letters
    reversed (the PDF holds them in visual order), numbers as drawn (left to right)."""
    words = sorted(line, key=lambda w: -w["x0"])
    return " ".join(w["text"][::-1] if ARABIC.search(w["text"]) else w["text"] for w in words)


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def png_of_first_page(pdf: bytes, path) -> None:
    """One page rendered to PNG (pypdfium2), kept in the test's directory to look at when a test fails."""
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=1).to_pil().save(path)
    assert path.stat().st_size > 10_000


def test_facts_are_the_selectors_figures_in_its_order(world, graded):
    report = student_semester_report(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert [line["subject"] for line in facts["lines"]] == [line.subject.code for line in report.lines]
    for stated, line in zip(facts["lines"], report.lines, strict=True):
        assert Decimal(stated["average"]) == line.average
        assert Decimal(stated["coefficient"]) == line.coefficient
        assert (Decimal(stated["minimum"]), Decimal(stated["mean"]), Decimal(stated["maximum"])) == tuple(
            line.statistics)
    assert Decimal(facts["general_average"]) == report.general_average
    assert (facts["rank"], facts["class_size"]) == (report.rank, report.class_size) == (2, 3)


def test_figures_are_rounded_half_up_once(world, graded):
    """MATH: (14,75 + 15) / 2 = 14,875 → 14,88; general: (11,5×2 + 14,875×7 + 12,75×7 + 15,625×5) / 21."""
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    by_subject = {line["subject"]: line for line in facts["lines"]}
    assert by_subject["MATH"]["average"] == "14.88"
    assert by_subject["SVT"]["average"] == "15.63"
    exact = (Decimal("11.5") * 2 + Decimal("14.875") * 7 + Decimal("12.75") * 7 + Decimal("15.625") * 5) / 21
    assert facts["general_average"] == f"{exact.quantize(Decimal('0.01'), rounding='ROUND_HALF_UP')}" == "14.02"


def test_teacher_remarks_are_on_the_card(world, graded):
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert {line["subject"]: line["remark"] for line in facts["lines"]} == {"EN": "", "MATH": "", "PC": REMARK,
                                                                            "SVT": ""}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_prints_every_figure(world, graded, language, tmp_path):
    document = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    pdf = document_pdf(document, language)
    text = pdf_text(pdf)
    for figure in ("14,88/20", "11,50/20", "12,75/20", "15,63/20", "14,02/20", "2/3", "17,75", "9,75",
                   document.reference, world.student_a.massar_code, "2025/2026"):
        assert figure in text, figure
    assert "20/14,88" not in text and "88,14" not in text
    png_of_first_page(pdf, tmp_path / f"report-card-{language}.png")


def test_an_arabic_line_with_a_number_reads_in_logical_order(world, graded):
    """The general average's line, read back from the PDF in logical order: the label, then 14,02/20 whole."""
    document = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    lines = pdf_lines(document_pdf(document, "ar"))
    line = next(line for line in lines if any(w["text"] == "14,02/20" for w in line))
    logical = logical_rtl(line)
    assert logical == "المعدل العام 14,02/20", logical
    label = min(w["x0"] for w in line if ARABIC.search(w["text"]))
    number = next(w for w in line if w["text"] == "14,02/20")
    assert number["x1"] < label, "in a right-to-left line the number comes after (left of) its label"


def test_the_annual_card_states_both_semesters_and_the_annual_average(world, graded, tmp_path):
    from massar.testing.documents import close_second_semester

    close_second_semester(graded)
    facts = selectors.annual_report_card_facts(viewer=graded.admin, student=world.student_a,
                                               school_year=graded.semester.school_year)
    assert [term["number"] for term in facts["semesters"]] == [1, 2]
    assert facts["semesters"][0]["general_average"] == "14.02"
    assert facts["annual_average"] is not None
    math = next(line for line in facts["lines"] if line["subject"] == "MATH")
    assert math["averages"]["1"] == "14.88"
    document = services.annual_report_card_issue(viewer=graded.admin, student=world.student_a,
                                                 school_year=graded.semester.school_year)
    pdf = document_pdf(document, "ar")
    assert f"{facts['annual_average'].replace('.', ',')}/20" in pdf_text(pdf)
    png_of_first_page(pdf, tmp_path / "annual-report-card-ar.png")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_school_certificate_states_the_enrolment(world, language, tmp_path):
    document = certificate_issued(world.student_a)
    pdf = document_pdf(document, language)
    text = pdf_text(pdf)
    assert world.student_a.massar_code in text and world.class_a.code in text and document.reference in text
    assert ("2025" in text) and ("Lycée" in text)  # the school's French name is on the letterhead of both
    png_of_first_page(pdf, tmp_path / f"school-certificate-{language}.png")


def test_the_leaving_certificate_states_when_the_student_left(world, tmp_path):
    from massar.testing import factories as make

    make.transfer(student=world.student_a, to_class=world.other_class)
    facts = selectors.leaving_certificate_facts(student=world.student_a, school=world.school)
    assert facts["class"]["code"] == world.class_a.code and facts["left_on"]
    admin = world.accounts["school_admin"]
    document = services.leaving_certificate_issue(actor=admin, student=world.student_a)
    pdf = document_pdf(document, "fr")
    assert world.student_a.massar_code in pdf_text(pdf)
    png_of_first_page(pdf, tmp_path / "leaving-certificate-fr.png")


def test_the_class_list_names_every_student_with_code_and_birth_date(world, graded, tmp_path):
    import datetime

    from massar.documents.printing import class_list_pdf

    students = selectors.class_list(school_class=world.class_a)
    pdf = class_list_pdf(school_class=world.class_a, students=students, language="ar",
                         printed_on=datetime.date(2026, 5, 4))
    text = pdf_text(pdf)
    for student in students:
        assert student.massar_code in text
    assert "14/03/2008" in text
    png_of_first_page(pdf, tmp_path / "class-list-ar.png")
