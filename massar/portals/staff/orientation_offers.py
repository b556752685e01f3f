"""A school's stream places (DOMAIN §8): its administration says how many places each stream of the next level
it teaches has this school year — the capacities the orientation assignment fills. One form for all the
streams, saved all or nothing (massar.orientation.services.offer_capacity_set for each, in one transaction): a
wrong number names its stream and nothing is saved. Directorate and academy officers set them in the back
office for their schools."""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import DomainError
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.orientation.models import StreamOffer
from massar.orientation.services import offer_capacity_set
from massar.orientation.services.offers import offer_check
from massar.schools.models import School, Stream

from ..errors import domain_errors_as_pages


@dataclass
class Row:
    stream: Stream
    capacity: str  # as typed, or as saved
    error: str = ""


def _school(request: MemberRequest) -> School:
    staff = request.user.staff_member
    if staff is None or staff.school is None:
        raise Http404
    return staff.school


def _rows(school: School, year: SchoolYear) -> list[Row]:
    """Every stream of the levels the school teaches that have streams, with the places saved this year."""
    saved = dict(StreamOffer.objects.filter(school_year=year, school=school).values_list("stream_id", "capacity"))
    streams = (Stream.objects.filter(level__cycle__in=school.cycles.all()).select_related("level")
               .order_by("level__order", "code"))
    return [Row(stream, "" if stream.pk not in saved else str(saved[stream.pk])) for stream in streams]


class _Rejected(Exception):
    pass


def _save(request: MemberRequest, school: School, year: SchoolYear, rows: list[Row]) -> bool:
    """Every typed capacity saved, or none (each wrong one marked on its row)."""
    for row in rows:
        typed = request.POST.get(f"capacity-{row.stream.pk}", "").strip()
        if typed == "" and row.capacity != "":
            row.error = _("Give a number of places (0 closes the stream).")
        elif typed:
            # The service's own rule says what a capacity may be; a word is not a number of places at all.
            try:
                offer_check(actor=request.user, school=school, stream=row.stream,
                            capacity=int(typed) if typed.lstrip("-").isdigit() else -1)
            except DomainError as error:
                row.error = str(error)
        row.capacity = typed
    if any(row.error for row in rows):
        return False
    try:
        with transaction.atomic():
            for row in rows:
                if row.capacity:
                    offer_capacity_set(actor=request.user, school_year=year, school=school, stream=row.stream,
                                       capacity=int(row.capacity))
    except DomainError as error:
        messages.error(request, str(error))
        return False
    return True


@require_http_methods(["GET", "POST"])
@roles_required(Role.SCHOOL_ADMIN)
@domain_errors_as_pages
def orientation_offers(request: MemberRequest) -> HttpResponseBase:
    school = _school(request)
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        raise Http404
    rows = _rows(school, year)
    if request.method == "POST":
        if _save(request, school, year, rows):
            messages.success(request, _("The places of your streams are saved."))
            return redirect("portals:orientation_offers")
        status = 400
    else:
        status = 200
    response: HttpResponse = render(request, "portals/staff/orientation_offers.html",
                                    {"school": school, "year": year, "rows": rows}, status=status)
    return response
