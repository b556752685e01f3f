"""The school administration's transfers: the outgoing and incoming lists with their states, a request's page
with the steps the school may take (issue the leaving certificate, then print it; accept into one of its
classes; refuse with a reason; cancel what it asked), and asking for a transfer from a student's file.

Rows come from the scope layer only (students.scopes.transfers_visible_to): a request that neither leaves nor
enters the caller's school is a 404. The services decide which school may take which step."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Conflict, Invalid
from massar.core.roles import Role
from massar.schools.models import School
from massar.students import transfer_selectors as selectors
from massar.students import transfers
from massar.students.models import TransferRequest, TransferState
from massar.students.scopes import students_visible_to, transfers_visible_to
from massar.students.selectors import student_enrolment_current

from ..errors import domain_errors_as_pages

administration_only = roles_required(Role.SCHOOL_ADMIN)
PAGE = "portals:transfers_staff_detail"


def _school(request: MemberRequest) -> School:
    staff = request.user.staff_member
    if staff is None or staff.school is None:
        raise Http404
    return staff.school


def _transfer(request: MemberRequest, request_id: int) -> TransferRequest:
    return get_object_or_404(transfers_visible_to(request.user).select_related(
        "student", "from_school", "to_school", "from_enrolment__school_class__level", "to_enrolment__school_class",
        "certificate"), pk=request_id)


@require_safe
@administration_only
def staff_transfers(request: MemberRequest) -> HttpResponse:
    school = _school(request)
    states = [state for state in request.GET.getlist("state") if state in TransferState.values]
    return render(request, "portals/transfers/staff_list.html", {
        "school": school, "states": TransferState.choices, "chosen": states,
        "outgoing": selectors.transfers_outgoing(actor=request.user, school=school, states=states)[:200],
        "incoming": selectors.transfers_incoming(actor=request.user, school=school, states=states)[:200]})


@require_safe
@administration_only
def staff_transfer_detail(request: MemberRequest, request_id: int) -> HttpResponse:
    transfer = _transfer(request, request_id)
    school = _school(request)
    receiving = transfer.to_school_id == school.pk
    return render(request, "portals/transfers/staff_detail.html", {
        "transfer": transfer, "origin": transfer.from_school_id == school.pk, "receiving": receiving,
        "classes": transfers.classes_for_transfer(request=transfer) if receiving else []})


def _step(request: MemberRequest, request_id: int, step) -> HttpResponseBase:
    """Take one step on the request; its refusal is shown on the request's page."""
    transfer = _transfer(request, request_id)
    try:
        step(transfer)
    except (Invalid, Conflict) as refused:
        messages.error(request, str(refused.message))
    return redirect(PAGE, request_id=transfer.pk)


@require_POST
@administration_only
@domain_errors_as_pages
def staff_transfer_certificate(request: MemberRequest, request_id: int) -> HttpResponseBase:
    def issue(transfer: TransferRequest) -> None:
        transfers.transfer_certificate_issue(actor=request.user, request=transfer)
        messages.success(request, _("The enrolment has ended and the leaving certificate is issued."))
    return _step(request, request_id, issue)


@require_POST
@administration_only
@domain_errors_as_pages
def staff_transfer_accept(request: MemberRequest, request_id: int) -> HttpResponseBase:
    def accept(transfer: TransferRequest) -> None:
        chosen = request.POST.get("school_class", "")
        school_class = transfers.classes_for_transfer(request=transfer).filter(
            pk=int(chosen) if chosen.isdigit() else 0).first()
        if school_class is None:
            raise Invalid("class_not_offered", _("Choose one of your classes of this year."))
        transfers.transfer_accept(actor=request.user, request=transfer, school_class=school_class)
        messages.success(request, _("The student is placed in the class."))
    return _step(request, request_id, accept)


@require_POST
@administration_only
@domain_errors_as_pages
def staff_transfer_refuse(request: MemberRequest, request_id: int) -> HttpResponseBase:
    def refuse(transfer: TransferRequest) -> None:
        transfers.transfer_refuse(actor=request.user, request=transfer, reason=request.POST.get("reason", "")[:400])
        messages.success(request, _("The request is refused."))
    return _step(request, request_id, refuse)


@require_POST
@administration_only
@domain_errors_as_pages
def staff_transfer_cancel(request: MemberRequest, request_id: int) -> HttpResponseBase:
    def cancel(transfer: TransferRequest) -> None:
        transfers.transfer_cancel(actor=request.user, request=transfer)
        messages.success(request, _("The request is cancelled."))
    return _step(request, request_id, cancel)


@require_http_methods(["GET", "HEAD", "POST"])
@administration_only
@domain_errors_as_pages
def staff_transfer_start(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    """Ask for a transfer of a student of the school, from their file."""
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    errors: dict[str, str] = {}
    chosen = request.POST.get("to_school", "").strip()[:20]
    reason = request.POST.get("reason", "")[:400]
    if request.method == "POST":
        try:
            transfer = transfers.transfer_request(actor=request.user, student=student, reason=reason,
                                                  to_school=selectors.transfer_destination_by_code(chosen))
        except (Invalid, Conflict) as refused:
            errors[refused.details.get("field", "form")] = str(refused.message)
        else:
            return redirect(PAGE, request_id=transfer.pk)
    query = request.GET.get("q", "").strip()[:100]
    enrolment = student_enrolment_current(student=student)
    return render(request, "portals/transfers/staff_start.html", {
        "student": student, "enrolment": enrolment,
        "ours": enrolment is not None and enrolment.school_class.school_id == _school(request).pk,
        "open": selectors.transfer_open_of_student(actor=request.user, student=student),
        "query": query, "destinations": selectors.transfer_destinations(query=query) if query else None,
        "chosen": chosen, "reason": reason, "errors": errors}, status=400 if errors else 200)
