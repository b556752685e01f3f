"""The exam transcript states the stored result (values, order and rounding as published, never recomputed),
prints it in Arabic and French with its reference and QR code, and exists for nobody before publication; then
for the student, their linked parents and the administration of the school the candidate sat from — nobody
else (a foreign student is not found)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from massar.core.errors import NotFound
from massar.documents import transcripts
from massar.documents.models import Document, DocumentKind
from massar.documents.printing import document_pdf
from massar.exams.models import ExamResult
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.exams import Bac

from .test_report_card_content import ARABIC, logical_rtl, pdf_lines, pdf_text, png_of_first_page

# Distinct marks: the national exam (15,5×7 + 13×7 + 14,25×5 + 11×2 + 16×2) / 23 = 14,1195… → 14,12; the bac
# 0,25 × 14,5 + 0,25 × 12 + 0,5 × 14,1195… = 13,6847… → 13,68, admitted, "Fairly good".
NATIONAL = {"MATH": "15.5", "PC": "13", "SVT": "14.25", "PHILO": "11", "EN": "16"}


@pytest.fixture
def bac(world):
    return Bac(world)


@pytest.fixture
def published(world, bac):
    """student_a's bac: the 1BAC regional exam of last year (12,00), continuous assessment 14,50, this year's
    national exam marked and published."""
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL)
    bac.publish(bac.national)
    return ExamResult.objects.select_related("session", "candidate").get(session=bac.national,
                                                                         student=world.student_a)


def _issue(world, session_id, role="student"):
    return transcripts.exam_transcript_issue(viewer=world.accounts[role], student=world.student_a,
                                             session_id=session_id)


def test_the_facts_are_the_stored_result_in_its_order(world, published):
    facts = transcripts.transcript_facts(published)
    assert (facts["mark"], facts["decision"], facts["mention"]) == ("13.68", "admitted", "fairly_good")
    assert Decimal(facts["mark"]) == published.mark
    stored = published.explanation["components"]
    assert [part["component"] for part in facts["components"]] == [part["component"] for part in stored] == [
        "continuous", "regional", "national"]
    for stated, part in zip(facts["components"], stored, strict=True):
        assert (stated["weight"], stated["value"], stated["missing"]) == (part["weight"], part["value"],
                                                                          part["missing"])
        assert [(row["subject"], row["coefficient"], row["mark"]) for row in stated["subjects"]] == [
            (row["subject"], row["coefficient"], row["mark"]) for row in part.get("subjects", [])]
    national = facts["components"][2]
    assert national["value"] == "14.12" and national["weight"] == "0.50"
    assert {row["subject"]: row["mark"] for row in national["subjects"]}["SVT"] == "14.25"
    assert national["subjects"][0]["name"]["fr"] and national["subjects"][0]["name"]["ar"]
    assert facts["exam_number"] == published.candidate.exam_number and facts["year"] == "2025/2026"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_prints_every_figure(world, published, language, tmp_path):
    document = _issue(world, published.session_id)
    assert (document.kind, document.exam_session_id) == (DocumentKind.EXAM_TRANSCRIPT, published.session_id)
    pdf = document_pdf(document, language)
    text = pdf_text(pdf)
    for figure in ("13,68/20", "14,12/20", "12,00/20", "14,50/20", "15,50/20", "14,25/20", "0,25", "0,5",
                   published.candidate.exam_number, document.reference, world.student_a.massar_code, "2025/2026"):
        assert figure in text, figure
    assert "20/13,68" not in text and "68,13" not in text
    if language == "fr":
        assert "Admis" in text and "Assez bien" in text and "Relevé de notes" in text
    png_of_first_page(pdf, tmp_path / f"exam-transcript-{language}.png")


def test_an_arabic_line_with_the_mark_reads_in_logical_order(world, published):
    """The bac's general mark, read back from the Arabic PDF in logical order: the label, then 13,68/20 whole,
    on the left of its label."""
    lines = pdf_lines(document_pdf(_issue(world, published.session_id), "ar"))
    line = next(line for line in lines if any(w["text"] == "13,68/20" for w in line))
    assert logical_rtl(line) == "المعدل العام 13,68/20", logical_rtl(line)
    label = min(w["x0"] for w in line if ARABIC.search(w["text"]))
    number = next(w for w in line if w["text"] == "13,68/20")
    assert number["x1"] < label


def test_the_same_result_gives_the_same_transcript_to_each_reader(world, published):
    mine = _issue(world, published.session_id)
    assert _issue(world, published.session_id, "parent").pk == mine.pk
    assert _issue(world, published.session_id, "school_admin").pk == mine.pk
    regional = _issue(world, _regional_id(world))
    assert regional.pk != mine.pk and mine.is_current  # two exams, two transcripts: neither supersedes the other
    mine.refresh_from_db()
    assert mine.is_current and regional.facts["mark"] == "12.00"


def _regional_id(world) -> int:
    return ExamResult.objects.get(student=world.student_a, session__kind="bac_regional").session_id


def test_nobody_has_a_transcript_before_publication(world, bac):
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL)
    bac.lock(bac.national)
    for role in ("student", "parent", "school_admin", "teacher", "ministry_officer"):
        with pytest.raises(NotFound):
            _issue(world, bac.national.pk, role)
    assert not Document.objects.filter(kind=DocumentKind.EXAM_TRANSCRIPT).exists()


def test_the_verify_page_shows_the_transcripts_facts(world, published, en_client):
    document = _issue(world, published.session_id)
    html = en_client.get(f"/verify/{document.reference}/").content.decode()
    assert 'data-state="valid"' in html
    for stated in ("2BAC national exam", published.candidate.exam_number, "13.68/20", "Admitted", "Fairly good",
                   "14.12/20", world.student_a.massar_code):
        assert stated in html, stated


# --- Pages: who downloads what -----------------------------------------------------------------------------


def _urls(world, session_id, student=None):
    code = (student or world.student_a).massar_code
    return {"student": reverse("portals:documents_my_exam_transcript", args=[session_id]),
            "parent": reverse("portals:documents_child_exam_transcript", args=[code, session_id]),
            "school_admin": reverse("portals:documents_staff_exam_transcript", args=[code, session_id])}


def test_before_publication_every_page_is_not_found(world, bac, en_client):
    bac.mark(bac.national, world.student_a, NATIONAL)
    bac.lock(bac.national)
    for role, url in _urls(world, bac.national.pk).items():
        en_client.force_login(world.accounts[role])
        assert en_client.get(url).status_code == 404, role


def test_a_foreign_student_or_another_school_is_not_found(world, published, en_client):
    for role, url in _urls(world, published.session_id, student=world.far_student).items():
        if role == "student":
            continue  # the student's own address names no student
        en_client.force_login(world.accounts[role])
        assert en_client.get(url).status_code == 404, role
    elsewhere = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    en_client.force_login(elsewhere)
    assert en_client.get(_urls(world, published.session_id)["school_admin"]).status_code == 404


def test_the_results_pages_and_the_students_documents_page_link_the_transcript(world, published, en_client):
    session_id = published.session_id
    en_client.force_login(world.accounts["student"])
    assert (reverse("portals:documents_my_exam_transcript", args=[session_id]) + "?lang=ar"
            in en_client.get(reverse("portals:results_mine")).content.decode())
    en_client.force_login(world.accounts["parent"])
    page = en_client.get(reverse("portals:results_child", args=[world.student_a.massar_code])).content.decode()
    assert reverse("portals:documents_child_exam_transcript", args=[world.student_a.massar_code, session_id]) in page
    en_client.force_login(world.accounts["school_admin"])
    page = en_client.get(reverse("portals:documents_staff_student", args=[world.student_a.massar_code]))
    assert reverse("portals:documents_staff_exam_transcript",
                   args=[world.student_a.massar_code, session_id]) in page.content.decode()
