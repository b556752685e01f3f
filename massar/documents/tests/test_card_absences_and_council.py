"""A report card states the student's absence totals — the very figures of their school-life page (one
selector: massar.attendance.selectors) — and the annual card the class council's decision and remark, once
published and not before."""

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.core.models import Semester
from massar.documents import selectors, services
from massar.documents.printing import document_pdf
from massar.testing.documents import (
    COUNCIL_REMARK,
    absences_recorded,
    close_second_semester,
    year_decision_recorded,
)

from .test_report_card_content import pdf_text


def _semester(world, number: int) -> Semester:
    return Semester.objects.get(school_year=world.class_a.school_year, number=number)


def _page_row(page, number: int):
    return next(totals for semester, totals in page.context["totals"] if semester.number == number)


def test_the_semester_card_states_the_school_life_pages_totals(world, graded, en_client):
    absences_recorded(world, _semester(world, 1))
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert facts["absences"] == {"justified": 1, "unjustified": 2, "lateness": 1}
    for role, url in (("student", reverse("portals:attendance_mine")),
                      ("parent", reverse("portals:attendance_child", args=[world.student_a.massar_code]))):
        en_client.force_login(world.accounts[role])
        row = _page_row(en_client.get(url), 1)
        assert facts["absences"] == {"justified": row.justified, "unjustified": row.unjustified,
                                     "lateness": row.lateness}, role


def test_a_card_without_absences_says_none(world, graded):
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert facts["absences"] == {"justified": 0, "unjustified": 0, "lateness": 0}


@pytest.mark.parametrize(("language", "words"), [("fr", ("Absences et retards", "Justifiée", "Non justifiée")),
                                                 ("ar", ("الغياب",))])
def test_the_pdf_prints_the_totals(world, graded, language, words):
    absences_recorded(world, _semester(world, 1))
    document = services.report_card_issue(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    text = pdf_text(document_pdf(document, language))
    for word in words:  # an Arabic word is extracted in visual order: its letters right to left
        assert (word[::-1] if language == "ar" else word) in text, word
    assert len(text.split("\n")) > 10


def test_the_annual_card_states_the_years_totals_as_the_page_sums_them(world, graded, en_client):
    absences_recorded(world, _semester(world, 1))
    absences_recorded(world, _semester(world, 2))
    close_second_semester(graded)
    facts = selectors.annual_report_card_facts(viewer=graded.admin, student=world.student_a,
                                               school_year=graded.semester.school_year)
    assert facts["absences"] == {"justified": 2, "unjustified": 4, "lateness": 2}
    en_client.force_login(world.accounts["student"])
    page = en_client.get(reverse("portals:attendance_mine"))
    year = page.context["year_total"]
    assert facts["absences"] == {"justified": year.justified, "unjustified": year.unjustified,
                                 "lateness": year.lateness}
    assert 'class="year-total"' in page.content.decode()


def test_the_council_decision_is_on_the_annual_card_once_published_only(world, graded, en_client):
    close_second_semester(graded)
    year = graded.semester.school_year
    decision = year_decision_recorded(graded, published=False)
    for viewer in (graded.admin, world.accounts["student"]):
        facts = selectors.annual_report_card_facts(viewer=viewer, student=world.student_a, school_year=year)
        assert facts["council"] is None
    before = services.annual_report_card_issue(viewer=graded.admin, student=world.student_a, school_year=year)
    assert COUNCIL_REMARK not in pdf_text(document_pdf(before, "fr"))
    decision.published_at = timezone.now()
    decision.save(update_fields=["published_at"])
    facts = selectors.annual_report_card_facts(viewer=world.accounts["student"], student=world.student_a,
                                               school_year=year)
    assert facts["council"] == {"decision": "promoted", "remark": COUNCIL_REMARK}
    after = services.annual_report_card_issue(viewer=graded.admin, student=world.student_a, school_year=year)
    before.refresh_from_db()
    assert after.pk != before.pk and before.superseded_by == after  # the published decision re-issues the card
    text = pdf_text(document_pdf(after, "fr"))
    assert "Admis en classe supérieure" in text and "Remarque du conseil de classe" in text
    assert "Travail sérieux" in text
    assert "ينتقل"[::-1] in pdf_text(document_pdf(after, "ar"))
    verified = en_client.get(f"/verify/{after.reference}/").content.decode()
    assert "Promoted" in verified and COUNCIL_REMARK in verified


def test_the_semester_card_has_no_council_decision(world, graded):
    year_decision_recorded(graded, published=True)
    facts = selectors.report_card_facts(viewer=graded.admin, student=world.student_a, semester=graded.semester)
    assert "council" not in facts
