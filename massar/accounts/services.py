"""Writes on accounts that every account journey shares."""

from django.http import HttpRequest

from .models import AccountEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address as the WSGI server saw it (a proxy in front must set REMOTE_ADDR correctly)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def account_event_record(*, user: User, kind: str, actor: User | None = None, request: HttpRequest | None = None,
                         detail: str = "") -> AccountEvent:
    """Append an event to the account's history (never updated, never deleted)."""
    return AccountEvent.objects.create(user=user, kind=kind, actor=actor, ip_address=client_ip(request),
                                       detail=detail[:200])
