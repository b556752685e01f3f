"""The administration's documents: any document of the school's students (report cards, the annual one, school
and leaving certificates), revoking one with a reason, and a class's (a level's, the school's) report cards
printed at once by a background task with its progress; and the class lists teachers print.

Rows come from the scope layer only (massar.documents.scopes, massar.schools.scopes): a student, a document, a
class or a batch outside the caller's school is a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Conflict, Invalid
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.documents import selectors, services
from massar.documents.batches import batch_classes, batch_request
from massar.documents.models import BatchPrint, DocumentLanguage
from massar.documents.printing import class_list_pdf
from massar.documents.scopes import batches_visible_to, documents_printable_by
from massar.documents.tasks import report_cards_batch_task
from massar.documents.transcripts import student_transcript_results
from massar.schools.models import SchoolClass
from massar.schools.scopes import classes_visible_to
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from ..errors import domain_errors_as_pages
from ..student.documents import (
    annual_issue,
    availability,
    certificate_issue,
    issued_pdf,
    pdf_answer,
    print_language,
    report_card_issue,
    transcript_issue,
)

administration_only = roles_required(Role.SCHOOL_ADMIN)
STUDENT_PAGE = "portals:documents_staff_student"


def _current_year() -> SchoolYear:
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        raise Http404
    return year


def _student(request: MemberRequest, massar_code: str) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=massar_code)


@require_http_methods(["GET", "HEAD", "POST"])
@administration_only
@domain_errors_as_pages
def staff_documents(request: MemberRequest) -> HttpResponseBase:
    """The school's classes this year, each with its class list and its report cards to print at once; a POST
    starts a batch and goes to its progress."""
    year = _current_year()
    if request.method == "POST":
        chosen = request.POST.get("semester", "")
        semester = None
        if chosen != "annual":
            semester = Semester.objects.filter(school_year=year, number=int(chosen)).first() \
                if chosen in ("1", "2") else None
            if semester is None:
                raise Http404
        try:
            batch = batch_request(actor=request.user, target=request.POST.get("target", "")[:40], semester=semester,
                                  school_year=year, language=request.POST.get("lang", ""))
        except Invalid as error:
            messages.error(request, str(error.message))
            return redirect("portals:documents_staff")
        report_cards_batch_task.enqueue(str(batch.pk))
        return redirect("portals:documents_batch", batch_id=batch.pk)
    classes = list(batch_classes(actor=request.user, school_year=year))
    levels = sorted({(c.level.order, c.level.code, c.level.name) for c in classes})
    return render(request, "portals/documents/staff_index.html", {
        "classes": classes, "batch_levels": [(code, name) for _order, code, name in levels],
        "semesters": Semester.objects.filter(school_year=year).order_by("number"),
        "print_languages": DocumentLanguage.choices,
        "batches": batches_visible_to(request.user).select_related("school_class", "semester")[:10]})


@require_safe
@administration_only
def staff_student_documents(request: MemberRequest, massar_code: str) -> HttpResponse:
    student = _student(request, massar_code)
    documents = selectors.student_documents(documents=documents_printable_by(request.user), student=student)
    staff = request.user.staff_member
    school = staff.school if staff else None
    leaving = selectors.left_enrolment(student=student, school=school) if school else None
    return render(request, "portals/documents/staff_student.html", {
        "student": student, "available": availability(request.user, student), "documents": documents,
        "leaving": leaving, "exam_results": student_transcript_results(viewer=request.user, student=student)})


@require_safe
@administration_only
def staff_report_card(request: MemberRequest, massar_code: str, semester: int) -> HttpResponseBase:
    return issued_pdf(request, report_card_issue(request.user, _student(request, massar_code), semester),
                      STUDENT_PAGE, massar_code=massar_code)


@require_safe
@administration_only
def staff_annual_report_card(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    return issued_pdf(request, annual_issue(request.user, _student(request, massar_code)), STUDENT_PAGE,
                      massar_code=massar_code)


@require_safe
@administration_only
@domain_errors_as_pages
def staff_exam_transcript(request: MemberRequest, massar_code: str, session_id: int) -> HttpResponseBase:
    """The transcript of a published exam result the candidate sat from this school."""
    return issued_pdf(request, transcript_issue(request.user, _student(request, massar_code), session_id),
                      STUDENT_PAGE, massar_code=massar_code)


@require_safe
@administration_only
def staff_school_certificate(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    return issued_pdf(request, certificate_issue(request.user, _student(request, massar_code)), STUDENT_PAGE,
                      massar_code=massar_code)


@require_safe
@administration_only
@domain_errors_as_pages
def staff_leaving_certificate(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    student = _student(request, massar_code)
    return issued_pdf(request, lambda: services.leaving_certificate_issue(actor=request.user, student=student),
                      STUDENT_PAGE, massar_code=massar_code)


@require_safe
@administration_only
@domain_errors_as_pages
def staff_document_download(request: MemberRequest, reference: str) -> HttpResponse:
    """An issued document as it was issued (a superseded or revoked one too: the school's copy)."""
    document = selectors.document_by_reference(documents=documents_printable_by(request.user), reference=reference)
    return pdf_answer(document, print_language(request))


@require_http_methods(["GET", "HEAD", "POST"])
@administration_only
@domain_errors_as_pages
def staff_document_revoke(request: MemberRequest, reference: str) -> HttpResponseBase:
    document = selectors.document_by_reference(documents=documents_printable_by(request.user), reference=reference)
    error = ""
    if request.method == "POST":
        try:
            services.document_revoke(document=document, actor=request.user, reason=request.POST.get("reason", ""))
        except (Invalid, Conflict) as refused:
            error = str(refused.message)
        else:
            messages.success(request, str(document.reference))
            return redirect(STUDENT_PAGE, massar_code=document.student.massar_code)
    return render(request, "portals/documents/staff_revoke.html",
                  {"document": document, "error": error, "reason": request.POST.get("reason", "")[:300]},
                  status=400 if error else 200)


def _batch(request: MemberRequest, batch_id: str) -> BatchPrint:
    return get_object_or_404(batches_visible_to(request.user).select_related("school_class", "semester",
                                                                              "school_year"), pk=batch_id)


@require_safe
@administration_only
def staff_batch(request: MemberRequest, batch_id: str) -> HttpResponse:
    return render(request, "portals/documents/batch.html", {"batch": _batch(request, batch_id)})


@require_safe
@administration_only
def staff_batch_status(request: MemberRequest, batch_id: str) -> HttpResponse:
    """The polled part of the progress page (htmx, every 2 s until the batch is done or failed)."""
    return render(request, "portals/documents/batch_status.html", {"batch": _batch(request, batch_id)})


@require_safe
@administration_only
def staff_batch_download(request: MemberRequest, batch_id: str) -> HttpResponse:
    batch = _batch(request, batch_id)
    if batch.pdf is None:
        raise Http404
    response = HttpResponse(bytes(batch.pdf), content_type="application/pdf")
    name = batch.school_class.code if batch.school_class else (batch.level_code or batch.school.code)
    term = f"s{batch.semester.number}" if batch.semester else "annual"
    response["Content-Disposition"] = f'attachment; filename="report-cards-{name}-{term}-{batch.language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Class lists (teachers, and the administration) ------------------------------------------------------


@require_safe
@roles_required(Role.TEACHER)
def teacher_class_lists(request: MemberRequest) -> HttpResponse:
    classes = (classes_visible_to(request.user).filter(school_year__is_current=True)
               .select_related("school", "level").order_by("level__order", "code"))
    return render(request, "portals/documents/teacher_classes.html", {"classes": classes})


@require_safe
@roles_required(Role.TEACHER, Role.SCHOOL_ADMIN)
def class_list_download(request: MemberRequest, class_id: int) -> HttpResponse:
    school_class: SchoolClass = get_object_or_404(
        classes_visible_to(request.user).select_related("school__directorate__academy", "level", "school_year"),
        pk=class_id)
    language = print_language(request)
    pdf = class_list_pdf(school_class=school_class, students=selectors.class_list(school_class=school_class),
                         language=language, printed_on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="class-list-{school_class.code}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
