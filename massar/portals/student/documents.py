"""A student's documents: their report cards (each semester's, and the annual one) once the selector gives them
the general average, their school certificate, and the transcript of each published exam result, as PDFs in
Arabic or French. What the parent's and the
administration's pages share is here too: which cards are available to a viewer, and the PDF answer."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core.errors import Invalid
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.documents import selectors, services
from massar.documents.models import Document, DocumentLanguage
from massar.documents.printing import document_pdf
from massar.documents.transcripts import exam_transcript_issue
from massar.students.models import Student

from ..errors import domain_errors_as_pages

students_only = roles_required(Role.STUDENT)


def print_language(request: HttpRequest) -> str:
    """The language asked for (`?lang=ar|fr`), else the page's: Arabic, or French for French and English
    readers (documents are printed in the two official languages)."""
    wanted = request.GET.get("lang", "")
    if wanted in DocumentLanguage.values:
        return wanted
    return "ar" if (request.LANGUAGE_CODE or "ar")[:2] == "ar" else "fr"


def pdf_answer(document: Document, language: str) -> HttpResponse:
    """The document's PDF, opened in the browser (a phone shows it, or offers to save it)."""
    response = HttpResponse(document_pdf(document, language), content_type="application/pdf")
    kind = document.kind.replace("_", "-")
    response["Content-Disposition"] = f'inline; filename="{kind}-{document.reference}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@dataclass
class Availability:
    """What a viewer may download for a student this year: the semesters whose report card is available, the
    annual card, the school certificate; and why not, for the others."""

    semesters: list[tuple[Semester, str]]  # (semester, "" when available, else the reason)
    annual: str  # "" when available, else the reason
    certificate: str


def _reason(error: Invalid) -> str:
    return str(error.message)


def availability(viewer: User, student: Student) -> Availability:
    year = SchoolYear.objects.filter(is_current=True).first()
    semesters: list[tuple[Semester, str]] = []
    annual = certificate = ""
    if year is None:
        return Availability([], "-", "-")
    for semester in Semester.objects.filter(school_year=year).order_by("number"):
        try:
            selectors.report_card_facts(viewer=viewer, student=student, semester=semester)
            semesters.append((semester, ""))
        except Invalid as error:
            semesters.append((semester, _reason(error)))
    try:
        selectors.annual_report_card_facts(viewer=viewer, student=student, school_year=year)
    except Invalid as error:
        annual = _reason(error)
    try:
        selectors.school_certificate_facts(student=student)
    except Invalid as error:
        certificate = _reason(error)
    return Availability(semesters, annual, certificate)


def current_semester(number: int) -> Semester:
    semester = Semester.objects.filter(school_year__is_current=True, number=number).select_related("school_year").first()
    if semester is None:
        raise Http404
    return semester


def issued_pdf(request: HttpRequest, issue, back: str, **back_kwargs) -> HttpResponseBase:
    """Issue (or find, when its facts are unchanged) a document and answer its PDF; when it is not available,
    back to the documents page with the reason."""
    try:
        document = issue()
    except Invalid as error:
        messages.error(request, str(error.message))
        return redirect(back, **back_kwargs)
    return pdf_answer(document, print_language(request))


def report_card_issue(viewer: User, student: Student, semester: int):
    return lambda: services.report_card_issue(viewer=viewer, student=student, semester=current_semester(semester))


def annual_issue(viewer: User, student: Student):
    def issue() -> Document:
        year = SchoolYear.objects.filter(is_current=True).first()
        if year is None:
            raise Http404
        return services.annual_report_card_issue(viewer=viewer, student=student, school_year=year)
    return issue


def certificate_issue(viewer: User, student: Student):
    return lambda: services.school_certificate_issue(actor=viewer, student=student)


def transcript_issue(viewer: User, student: Student, session_id: int):
    return lambda: exam_transcript_issue(viewer=viewer, student=student, session_id=session_id)


def _own(request: MemberRequest) -> Student:
    student = request.user.student
    if student is None:
        raise Http404
    return student


@require_safe
@students_only
def my_documents(request: MemberRequest) -> HttpResponse:
    student = _own(request)
    return render(request, "portals/documents/mine.html",
                  {"student": student, "available": availability(request.user, student), "cards": "portals:documents_mine"})


@require_safe
@students_only
def my_report_card(request: MemberRequest, semester: int) -> HttpResponseBase:
    return issued_pdf(request, report_card_issue(request.user, _own(request), semester), "portals:documents_mine")


@require_safe
@students_only
def my_annual_report_card(request: MemberRequest) -> HttpResponseBase:
    return issued_pdf(request, annual_issue(request.user, _own(request)), "portals:documents_mine")


@require_safe
@students_only
def my_school_certificate(request: MemberRequest) -> HttpResponseBase:
    return issued_pdf(request, certificate_issue(request.user, _own(request)), "portals:documents_mine")


@require_safe
@students_only
@domain_errors_as_pages
def my_exam_transcript(request: MemberRequest, session_id: int) -> HttpResponseBase:
    """The transcript of the student's published result in an exam session (not found before publication)."""
    return issued_pdf(request, transcript_issue(request.user, _own(request), session_id), "portals:results_mine")
