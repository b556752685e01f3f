"""Reads on transfers: a school's outgoing and incoming lists, a child's requests, the destination search.

Every list starts from the caller's scope (scopes.transfers_visible_to): a request outside it does not exist
for them."""

from typing import Any

from django.db.models import Q, QuerySet

from massar.schools.models import School

from .models import Student, TransferRequest, TransferState
from .scopes import transfers_visible_to

DESTINATIONS_SHOWN = 20


def _listed(requests: QuerySet[TransferRequest]) -> QuerySet[TransferRequest]:
    return (requests.select_related("student", "from_school", "to_school", "from_enrolment__school_class__level",
                                    "to_enrolment__school_class", "certificate")
            .order_by("-requested_at", "-pk"))


def _in_states(requests: QuerySet[TransferRequest], states: list[str] | None) -> QuerySet[TransferRequest]:
    chosen = [state for state in (states or []) if state in TransferState.values]
    return requests.filter(state__in=chosen) if chosen else requests


def transfers_outgoing(*, actor: Any, school: School, states: list[str] | None = None
                       ) -> QuerySet[TransferRequest]:
    """The requests of students leaving `school`, newest first, optionally in some states."""
    return _listed(_in_states(transfers_visible_to(actor).filter(from_school=school), states))


def transfers_incoming(*, actor: Any, school: School, states: list[str] | None = None
                       ) -> QuerySet[TransferRequest]:
    """The requests of students coming to `school`, newest first, optionally in some states."""
    return _listed(_in_states(transfers_visible_to(actor).filter(to_school=school), states))


def transfers_of_student(*, actor: Any, student: Student) -> QuerySet[TransferRequest]:
    """A student's requests the caller sees (a parent: their child's), newest first."""
    return _listed(transfers_visible_to(actor).filter(student=student))


def transfer_open_of_student(*, actor: Any, student: Student) -> TransferRequest | None:
    return transfers_of_student(actor=actor, student=student).filter(
        state__in=(TransferState.REQUESTED, TransferState.CERTIFICATE_ISSUED)).first()


def transfer_destinations(*, query: str) -> QuerySet[School]:
    """Schools a student may move to, found by their code (exactly, any case) or a part of their name in
    Arabic, French or English. The list of the nation's schools is public knowledge; a short query finds
    nothing rather than the first twenty schools of the nation."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return School.objects.none()
    return (School.objects.filter(Q(code__iexact=query) | Q(name_fr__icontains=query) | Q(name_ar__contains=query)
                                  | Q(name_en__icontains=query))
            .select_related("directorate").order_by("name_fr", "code")[:DESTINATIONS_SHOWN])


def transfer_destination_by_code(code: str) -> School | None:
    return School.objects.filter(code__iexact=code.strip()[:20]).first() if code.strip() else None
