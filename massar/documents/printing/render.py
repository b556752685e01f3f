"""Documents as A4 PDFs (WeasyPrint), in Arabic (right to left) or French, printable in black and white.

A document is rendered from what it states (`Document.facts`), never from live data, so a reprint is the same
document; the PDF of each document and language is rendered once and kept (`DocumentFile`). Figures are
formatted here once (`14,75`), and the templates isolate every number, code and date as a left-to-right run
(`<bdi dir="ltr">`), so `14,75/20` reads as written inside Arabic text. Fonts are bundled (Amiri, OFL); no
network is ever asked for anything (the URL fetcher refuses everything but the bundled files)."""

import base64
import datetime
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote as url_unquote

import qrcode
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.document import Document as WeasyDocument
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from massar.core import dates
from massar.core.numbers import coefficient_text, format_decimal
from massar.exams.models import YearOutcome
from massar.schools.models import SchoolClass
from massar.students.models import Student

from ..models import Document, DocumentFile, DocumentKind
from ..transcripts import transcript_context

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
TEMPLATES = {DocumentKind.REPORT_CARD: "documents/report_card.html",
             DocumentKind.ANNUAL_REPORT_CARD: "documents/annual_report_card.html",
             DocumentKind.SCHOOL_CERTIFICATE: "documents/school_certificate.html",
             DocumentKind.LEAVING_CERTIFICATE: "documents/leaving_certificate.html",
             DocumentKind.EXAM_TRANSCRIPT: "documents/exam_transcript.html",
             DocumentKind.ORIENTATION_REQUEST: "documents/orientation_request.html"}


class BundledFilesOnly(URLFetcher):
    """WeasyPrint's URL fetcher for documents: the bundled fonts and data: URIs (the QR code), nothing else."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url_unquote(url[len("file://"):])).resolve()
            if path.parent == FONTS.resolve() and path.suffix == ".ttf":
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})
        raise ValueError(f"documents fetch nothing from outside: {url}")


UA_STYLESHEET = Path(__file__).with_name("documents_ua.css")


@functools.cache
def _ua_stylesheet() -> CSS:
    return CSS(string=UA_STYLESHEET.read_text(encoding="utf-8"))


class DocumentHTML(HTML):
    """A document's HTML, styled by the documents' own user agent stylesheet (documents_ua.css: WeasyPrint's
    rules for the few elements the templates use): matching WeasyPrint's whole one against every element of
    every page was about a third of a report card's layout."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_ua_stylesheet()]


def verify_url(reference: str) -> str:
    return settings.SITE_URL + reverse("portals:documents_verify", kwargs={"reference": reference})


def qr_data_uri(text: str) -> str:
    """`text` as a black and white QR code, a PNG data URI drawn here (one module per pixel, scaled up without
    smoothing when printed: a raster costs far less to lay out and draw than thousands of vector squares)."""
    image = qrcode.make(text, box_size=1, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _number(value: str | None, language: str) -> str:
    return "" if value is None else format_decimal(Decimal(value), language=language)


def _numbers(language: str) -> Callable[..., str]:
    """A decimal text formatted for `language`: a mark (`13,25`) or, `coefficient=True`, a coefficient or
    weight as people write it (`7`, `0,25`)."""
    def number(value: str | None, *, coefficient: bool = False) -> str:
        if value is None:
            return ""
        return coefficient_text(value, language=language) if coefficient else _number(value, language)
    return number


def _date(value: str | None, language: str) -> str:
    return "" if not value else dates.date_text(datetime.date.fromisoformat(value), language=language)


def _name(names: dict[str, str] | None, language: str) -> str:
    return "" if not names else names["ar" if language == "ar" else "fr"]


def _person(student: dict[str, str], language: str) -> dict[str, str]:
    arabic = f"{student['first_name_ar']} {student['last_name_ar']}"
    latin = f"{student['last_name_latin'].upper()} {student['first_name_latin']}"
    place = student["birth_place_ar"] if language == "ar" else student["birth_place_latin"]
    return {"name": arabic if language == "ar" else latin, "other_name": latin if language == "ar" else arabic,
            "code": student["code"], "birth_date": _date(student["birth_date"], language), "birth_place": place}


def _lines(facts: dict[str, Any], language: str) -> list[dict[str, Any]]:
    rows = []
    for line in facts.get("lines", []):
        rows.append({"name": _name(line["name"], language), "coefficient": coefficient_text(
            line["coefficient"], language=language) if line.get("coefficient") else "",
            "out_of": line["out_of"], "average": _number(line.get("average"), language),
            "minimum": _number(line.get("minimum"), language), "mean": _number(line.get("mean"), language),
            "maximum": _number(line.get("maximum"), language), "remark": line.get("remark", ""),
            "averages": [_number(line.get("averages", {}).get(str(n)), language) for n in (1, 2)]})
    return rows


def _council(council: dict[str, str] | None, language: str) -> dict[str, str] | None:
    """The council's decision in `language` (its label), with its remark as written."""
    if not council:
        return None
    with translation.override(language):
        return {"decision": str(YearOutcome(council["decision"]).label), "remark": council.get("remark", "")}


def page_context(*, facts: dict[str, Any], language: str, reference: str | None, issued_at: datetime.datetime | None
                 ) -> dict[str, Any]:
    """What a document's template reads, formatted for `language`."""
    school = facts["school"]
    school_class = facts.get("class") or {}
    context = {
        "facts": facts, "language": language, "person": _person(facts["student"], language),
        "school": {"code": school["code"], "name_ar": school["name"]["ar"], "name_fr": school["name"]["fr"],
                   "academy_ar": school["academy"]["ar"], "academy_fr": school["academy"]["fr"],
                   "directorate_ar": school["directorate"]["ar"], "directorate_fr": school["directorate"]["fr"]},
        "class_code": school_class.get("code", ""), "level": _name(school_class.get("level"), language),
        "stream": _name(school_class.get("stream"), language), "year": facts["year"],
        "lines": _lines(facts, language), "out_of": facts.get("out_of", 20),
        "general_average": _number(facts.get("general_average"), language),
        "annual_average": _number(facts.get("annual_average"), language),
        "semesters": [{**term, "general_average": _number(term["general_average"], language)}
                      for term in facts.get("semesters", [])],
        "enrolled_on": _date(facts.get("enrolled_on"), language), "left_on": _date(facts.get("left_on"), language),
        "absences": facts.get("absences"), "council": _council(facts.get("council"), language),
        "wishes": [{**wish, "stream_name": _name(wish["stream"], language),
                    "school_name": _name(wish["school"], language)} for wish in facts.get("wishes", [])],
        "to_level": _name(facts.get("to_level"), language), "confirmed_on": _date(facts.get("confirmed_on"), language),
        "reference": reference, "issued_on": dates.date_text(issued_at, language=language) if issued_at else "",
    }
    if facts.get("kind") == DocumentKind.EXAM_TRANSCRIPT:
        context["transcript"] = transcript_context(facts, language, _numbers(language))
    if reference:
        context["verify_url"] = verify_url(reference)
        context["qr"] = qr_data_uri(context["verify_url"])
    return context


class Printer:
    """Renders pages of documents into one PDF, in one language, with one font configuration (the fonts are
    loaded once for all the pages of a batch)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.fonts = FontConfiguration()
        with translation.override(language):
            css = render_to_string("documents/print.css", {"fonts": FONTS.as_uri(), "language": language})
        self.stylesheet = CSS(string=css, font_config=self.fonts, url_fetcher=BundledFilesOnly())

    def layout(self, pages: Sequence[tuple[str, dict[str, Any]]], *, title: str) -> WeasyDocument:
        """`pages` (template, context) laid out, each starting on a new sheet."""
        with translation.override(self.language):
            html = render_to_string("documents/print.html",
                                    {"pages": pages, "title": title, "language": self.language,
                                     "direction": "rtl" if self.language == "ar" else "ltr"})
        return DocumentHTML(string=html, url_fetcher=BundledFilesOnly(), base_url=str(FONTS)).render(
            stylesheets=[self.stylesheet], font_config=self.fonts)

    def pdf(self, pages: Sequence[tuple[str, dict[str, Any]]], *, title: str) -> bytes:
        """One PDF of `pages` (template, context), each starting on a new sheet."""
        return self.layout(pages, title=title).write_pdf() or b""

    def render(self, documents: Sequence[Document]) -> WeasyDocument:
        """Documents laid out one after the other (a chunk of a batch)."""
        return self.layout([document_page(document, self.language) for document in documents],
                           title=", ".join(document.reference for document in documents[:1]))

    def combine(self, laid_out: Sequence[WeasyDocument]) -> bytes:
        """The pages of several layouts in one PDF (the fonts, shared, are embedded once)."""
        pages = [page for layout in laid_out for page in layout.pages]
        return laid_out[0].copy(pages).write_pdf() or b""


def document_page(document: Document, language: str) -> tuple[str, dict[str, Any]]:
    return source_page(document_source(document), language)


DocumentSource = tuple[str, dict[str, Any], str, datetime.datetime | None]  # kind, facts, reference, issued at


def document_source(document: Document) -> DocumentSource:
    """What printing a document reads of it (its row stays in the parent: a batch's child gets only this)."""
    return document.kind, document.facts, document.reference, document.issued_at


def source_page(source: DocumentSource, language: str) -> tuple[str, dict[str, Any]]:
    """A document's page (template, context) in `language`, its QR code drawn."""
    kind, facts, reference, issued_at = source
    return TEMPLATES[DocumentKind(kind)], page_context(facts=facts, language=language, reference=reference,
                                                       issued_at=issued_at)


def _title(document: Document) -> str:
    return f"{document.get_kind_display()} {document.reference}"


def document_pdf(document: Document, language: str) -> bytes:
    """The PDF of `document` in `language`: rendered the first time, then read back."""
    kept = DocumentFile.objects.filter(document=document, language=language).values_list("pdf", flat=True).first()
    if kept is not None:
        return bytes(kept)
    with translation.override(language):
        pdf = Printer(language).pdf([document_page(document, language)], title=_title(document))
    try:
        with transaction.atomic():
            DocumentFile.objects.create(document=document, language=language, pdf=pdf)
    except IntegrityError:
        pass  # rendered at the same moment by another request: the same facts, the same document
    return pdf


def documents_pdf(documents: Iterable[Document], language: str, *, title: str) -> bytes:
    """Many documents in one PDF (a class's report cards), one after the other."""
    printer = Printer(language)
    return printer.pdf([document_page(document, language) for document in documents], title=title)


def class_list_pdf(*, school_class: SchoolClass, students: Sequence[Student], language: str,
                   printed_on: datetime.date) -> bytes:
    """The class list a teacher prints: names in both scripts, Massar codes, birth dates."""
    rows = [{"number": number, "name_ar": f"{s.last_name_ar} {s.first_name_ar}",
             "name_latin": f"{s.last_name_latin.upper()} {s.first_name_latin}", "code": s.massar_code,
             "birth_date": dates.date_text(s.birth_date, style=dates.SHORT, language=language)}
            for number, s in enumerate(students, start=1)]
    school = school_class.school
    context = {"school": {"code": school.code, "name_ar": school.name_ar, "name_fr": school.name_fr,
                          "academy_ar": school.directorate.academy.name_ar,
                          "academy_fr": school.directorate.academy.name_fr,
                          "directorate_ar": school.directorate.name_ar, "directorate_fr": school.directorate.name_fr},
               "class_code": school_class.code, "level": _name({"ar": school_class.level.name_ar,
                                                                "fr": school_class.level.name_fr}, language),
               "year": school_class.school_year.label, "rows": rows,
               "printed_on": dates.date_text(printed_on, language=language)}
    return Printer(language).pdf([("documents/class_list.html", context)], title=school_class.code)
