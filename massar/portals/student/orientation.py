"""A student's orientation: their window, the streams open to them with each formula and their score, and their
ranked wishes, changed inside the window and confirmed with a receipt (DOMAIN §8).

Ranking works on a phone without any script: the wishes being arranged (the draft) travel in the address
(`?w=12,5,7&v=2`: offer ids in rank order, and the version of the saved wishes they started from), each Up,
Down, Remove and Add is a plain link to the page with the draft changed, and "Review and confirm" leads to a
confirmation page whose button posts the draft. The version makes a draft from another tab or phone that is
out of date refused instead of overwriting a newer change. The parent's pages (parent/orientation.py) show the
same read, read-only."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, roles_required
from massar.accounts.models import User
from massar.core import dates
from massar.core.errors import Conflict, Invalid
from massar.core.roles import Role
from massar.orientation import selectors, services
from massar.orientation.results import student_orientation_result
from massar.orientation.selectors import StreamChoice, StudentOrientation
from massar.students.models import Student

from ..errors import domain_errors_as_pages

students_only = roles_required(Role.STUDENT)
MAX_DRAFT = 30


@dataclass(frozen=True)
class DraftRow:
    rank: int
    choice: StreamChoice
    up: str  # the page's address with this wish one rank higher ("" for the first)
    down: str
    remove: str


@dataclass(frozen=True)
class OpenStream:
    choice: StreamChoice
    rank: int | None  # its rank in the draft
    add: str  # the page's address with it added last ("" when it cannot be added)


def orientation_context(viewer: User, student: Student) -> dict:
    """What the student's and the parent's pages read: the one selector's view and the window's dates said, and
    the published result with its explanation once the council has published it (None before)."""
    view = selectors.student_orientation(viewer=viewer, student=student)
    window = view.window
    return {"student": student, "view": view, "window": window,
            "result": student_orientation_result(viewer=viewer, student=student),
            "opens_on": dates.date_text(window.opens_at) if window else "",
            "closes_on": dates.date_text(window.closes_at) if window else "",
            "closes_at_time": dates.time_text(window.closes_at) if window else ""}


def _draft(request: HttpRequest, view: StudentOrientation) -> tuple[list[int], int]:
    """The wishes being arranged (offer ids, rank order) and the version they started from: from the address,
    else the saved wishes. Unknown or repeated ids are dropped; the service checks everything again."""
    raw = request.GET.get("w")
    try:
        version = int(request.GET.get("v", view.version))
    except ValueError:
        version = view.version
    if raw is None:
        return [wish.choice.offer.pk for wish in view.wishes], view.version
    ids: list[int] = []
    for part in raw.split(",")[:MAX_DRAFT]:
        if part.strip().isdigit() and (offer := int(part)) not in ids and view.choice(offer) is not None:
            ids.append(offer)
    return ids[:view.max_wishes], max(version, 0)


def _address(ids: list[int], version: int) -> str:
    return reverse("portals:orientation_mine") + "?" + urlencode({"w": ",".join(map(str, ids)), "v": version})


def _moved(ids: list[int], index: int, step: int) -> list[int]:
    changed = list(ids)
    changed[index], changed[index + step] = changed[index + step], changed[index]
    return changed


def _draft_rows(view: StudentOrientation, ids: list[int], version: int) -> list[DraftRow]:
    rows = []
    for index, offer in enumerate(ids):
        choice = view.choice(offer)
        assert choice is not None  # _draft kept only open offers
        rows.append(DraftRow(
            rank=index + 1, choice=choice,
            up=_address(_moved(ids, index, -1), version) if index > 0 else "",
            down=_address(_moved(ids, index, 1), version) if index < len(ids) - 1 else "",
            remove=_address(ids[:index] + ids[index + 1:], version)))
    return rows


def _open_streams(view: StudentOrientation, ids: list[int], version: int) -> list[OpenStream]:
    room = view.is_open and len(ids) < view.max_wishes
    return [OpenStream(choice, ids.index(choice.offer.pk) + 1 if choice.offer.pk in ids else None,
                       _address([*ids, choice.offer.pk], version) if room and choice.offer.pk not in ids else "")
            for choice in view.choices]


def _student(request: MemberRequest) -> Student:
    student = request.user.student
    if student is None:
        raise Http404
    return student


@require_safe
@students_only
def my_orientation(request: MemberRequest) -> HttpResponse:
    context = orientation_context(request.user, _student(request))
    view: StudentOrientation = context["view"]
    ids, version = _draft(request, view)
    saved = [wish.choice.offer.pk for wish in view.wishes]
    context.update(
        draft=_draft_rows(view, ids, version) if view.is_open else [],
        streams=_open_streams(view, ids, version),
        unsaved=view.is_open and (ids != saved or version != view.version),
        confirm_address=reverse("portals:orientation_confirm") + "?" + urlencode(
            {"w": ",".join(map(str, ids)), "v": version}))
    return render(request, "portals/student/orientation.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@students_only
@domain_errors_as_pages
def my_orientation_confirm(request: MemberRequest) -> HttpResponseBase:
    """GET: the wishes as they will be saved, with the button that saves them. POST: save them."""
    student = _student(request)
    if request.method == "POST":
        return _confirm(request, student)
    context = orientation_context(request.user, student)
    view: StudentOrientation = context["view"]
    ids, version = _draft(request, view)
    if not view.is_open or not ids:
        return redirect("portals:orientation_mine")
    context.update(draft=_draft_rows(view, ids, version), version=version,
                   back=_address(ids, version))
    return render(request, "portals/student/orientation_confirm.html", context)


def _confirm(request: MemberRequest, student: Student) -> HttpResponseBase:
    offers = request.POST.getlist("offer")[:MAX_DRAFT]
    try:
        version = int(request.POST.get("version", ""))
        ranked = [(rank, int(offer)) for rank, offer in enumerate(offers, start=1)]
    except ValueError:
        messages.error(request, _("This form was damaged: open the orientation page again."))
        return redirect("portals:orientation_mine")
    try:
        saved = services.wishes_save(actor=request.user, student=student, ranked=ranked, version=version)
    except Conflict as stale:
        messages.error(request, str(stale.message))
        return redirect("portals:orientation_mine")
    except Invalid as refused:
        messages.error(request, str(refused.message))
        return redirect(_address([offer for _rank, offer in ranked], version) if ranked
                        else reverse("portals:orientation_mine"))
    messages.success(request, _("Your wishes are saved. Receipt number %(receipt)s, %(when)s.") % {
        "receipt": saved.receipt, "when": dates.datetime_text(saved.confirmed_at)})
    return redirect(reverse("portals:orientation_mine") + "#receipt")
