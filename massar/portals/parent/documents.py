"""A parent's documents of their children: the student's (report cards once the selector gives the parent the
general average, after the parents' delay; the school certificate), read as their parent."""

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.roles import Role
from massar.students.models import Student
from massar.students.scopes import students_visible_to

from ..errors import domain_errors_as_pages
from ..student.documents import (
    annual_issue,
    availability,
    certificate_issue,
    issued_pdf,
    report_card_issue,
    transcript_issue,
)

parents_only = roles_required(Role.PARENT)
BACK = "portals:documents_children"


def _child(request: MemberRequest, massar_code: str) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=massar_code)


@require_safe
@parents_only
def children_documents(request: MemberRequest) -> HttpResponse:
    children = [(child, availability(request.user, child))
                for child in students_visible_to(request.user).order_by("first_name_latin", "pk")]
    return render(request, "portals/documents/children.html", {"children": children})


@require_safe
@parents_only
def child_report_card(request: MemberRequest, massar_code: str, semester: int) -> HttpResponseBase:
    return issued_pdf(request, report_card_issue(request.user, _child(request, massar_code), semester), BACK)


@require_safe
@parents_only
def child_annual_report_card(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    return issued_pdf(request, annual_issue(request.user, _child(request, massar_code)), BACK)


@require_safe
@parents_only
def child_school_certificate(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    return issued_pdf(request, certificate_issue(request.user, _child(request, massar_code)), BACK)


@require_safe
@parents_only
@domain_errors_as_pages
def child_exam_transcript(request: MemberRequest, massar_code: str, session_id: int) -> HttpResponseBase:
    """The transcript of a child's published exam result (not found before publication)."""
    child = _child(request, massar_code)
    return issued_pdf(request, transcript_issue(request.user, child, session_id), "portals:results_child",
                      massar_code=massar_code)
