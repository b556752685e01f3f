"""Writes on accounts that every account journey shares."""

from django.http import HttpRequest

from .models import AccountEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address as the WSGI server saw it (a proxy in front must set REMOTE_ADDR correctly)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def account_event_record(*, user: User, kind: str, actor: User | None = None, request: HttpRequest | None = None,
                         detail: str = "", previous_email: str = "") -> AccountEvent:
    """Append an event to the account's history (never updated, never deleted).

    A credential change (notices.NOTICE_KINDS) also queues a notice e-mail to the recovery e-mail, and to
    `previous_email` when the recovery e-mail itself was changed (the old owner must hear of it).
    """
    from .notices import NOTICE_KINDS
    from .tasks import notice_email_send

    event = AccountEvent.objects.create(user=user, kind=kind, actor=actor, ip_address=client_ip(request),
                                        detail=detail[:200])
    if kind in NOTICE_KINDS:
        notice_email_send.enqueue(event.pk, [previous_email] if previous_email else [])
    return event
