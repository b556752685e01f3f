"""A batch is laid out in chunks on several processes and joined: the same pages, in the same order, as laid
out in one process (printing/chunks.py)."""

import io

import pdfplumber

from massar.core.models import Semester
from massar.documents import services
from massar.documents.printing.chunks import chunk_pdfs, joined
from massar.documents.printing.render import document_page


def _texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_chunks_on_two_processes_join_into_the_pages_of_one_process(graded, world):
    semester = Semester.objects.get(school_year=world.class_a.school_year, number=1)
    students = graded.students
    cards = [services.report_card_issue(viewer=world.accounts["school_admin"], student=student, semester=semester)
             for student in students]
    pages = [document_page(card, "fr") for card in cards]
    # As BatchPrinter does: chunks (here of one card) on two processes, in order, then joined.
    parts = list(chunk_pdfs([[page] for page in pages], language="fr", title="class", workers=2))
    parallel = joined(parts, title="class")
    alone = joined(list(chunk_pdfs([pages], language="fr", title="class", workers=1)), title="class")
    in_parallel, in_one = _texts(parallel), _texts(alone)
    assert len(in_parallel) == len(in_one) == len(parts) == 3
    for text, student, card in zip(in_parallel, students, cards, strict=True):
        assert student.massar_code in text and card.reference in text
    assert in_parallel == in_one
