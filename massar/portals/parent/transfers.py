"""A parent's transfers: for each linked child, the requests and their states; on a child's page, asking for a
transfer (the destination found by its name or code, a reason) and cancelling it before the school issues the
leaving certificate. The child and the request come from the parent's scope only: another child is a 404."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Conflict, Invalid
from massar.core.roles import Role
from massar.students import transfer_selectors as selectors
from massar.students import transfers
from massar.students.models import Student
from massar.students.scopes import students_visible_to, transfers_visible_to
from massar.students.selectors import student_enrolment_current

from ..errors import domain_errors_as_pages

parents_only = roles_required(Role.PARENT)


def _child(request: MemberRequest, massar_code: str) -> Student:
    return get_object_or_404(students_visible_to(request.user), massar_code=massar_code)


@require_safe
@parents_only
def children_transfers(request: MemberRequest) -> HttpResponse:
    children = [(child, student_enrolment_current(student=child),
                 selectors.transfers_of_student(actor=request.user, student=child).first())
                for child in students_visible_to(request.user).order_by("first_name_latin", "pk")]
    return render(request, "portals/transfers/children.html", {"children": children})


@require_http_methods(["GET", "HEAD", "POST"])
@parents_only
@domain_errors_as_pages
def child_transfers(request: MemberRequest, massar_code: str) -> HttpResponseBase:
    """The child's requests; without an open one, the form to ask (a GET `q` searches the destination)."""
    child = _child(request, massar_code)
    errors: dict[str, str] = {}
    chosen = request.POST.get("to_school", "").strip()[:20]
    reason = request.POST.get("reason", "")[:400]
    if request.method == "POST":
        try:
            transfers.transfer_request(actor=request.user, student=child,
                                       to_school=selectors.transfer_destination_by_code(chosen), reason=reason)
        except (Invalid, Conflict) as refused:
            errors[refused.details.get("field", "form")] = str(refused.message)
        else:
            messages.success(request, _("Your request is sent to the school."))
            return redirect("portals:transfers_child", massar_code=child.massar_code)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "child": child, "enrolment": student_enrolment_current(student=child),
        "requests": selectors.transfers_of_student(actor=request.user, student=child),
        "open": selectors.transfer_open_of_student(actor=request.user, student=child),
        "query": query, "destinations": selectors.transfer_destinations(query=query) if query else None,
        "chosen": chosen or request.GET.get("to_school", "")[:20], "reason": reason, "errors": errors,
    }
    return render(request, "portals/transfers/child.html", context, status=400 if errors else 200)


@require_POST
@parents_only
@domain_errors_as_pages
def child_transfer_cancel(request: MemberRequest, massar_code: str, request_id: int) -> HttpResponseBase:
    child = _child(request, massar_code)
    transfer = get_object_or_404(transfers_visible_to(request.user).filter(student=child), pk=request_id)
    try:
        transfers.transfer_cancel(actor=request.user, request=transfer)
    except (Invalid, Conflict) as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("The request is cancelled."))
    return redirect("portals:transfers_child", massar_code=child.massar_code)
