"""Account events: the append-only history of an account's credentials and links, and the notice e-mail that
each credential change sends (what changed, when, from which address, and what to do if it was not you).

Notices never hold a secret (no password, no token, no link that opens the account): a notice read by
someone else must not help them. They are sent by a task (tasks.notice_email_send), enqueued in the
transaction that records the event, through the communication app, so a page never waits on SMTP.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from massar.communication.mail import email_send
from massar.core.dates import datetime_text
from massar.core.roles import Role

from .models import AccountEvent, AccountEventKind, User

# The events that change how one gets into the account: each sends a notice.
NOTICE_KINDS = frozenset({
    AccountEventKind.ACTIVATED,
    AccountEventKind.PASSWORD_CHANGED,
    AccountEventKind.PASSWORD_RESET,
    AccountEventKind.TEMPORARY_PASSWORD,
    AccountEventKind.RECOVERY_EMAIL_CHANGED,
    AccountEventKind.TWO_FACTOR_ENABLED,
    AccountEventKind.TWO_FACTOR_DISABLED,
    AccountEventKind.TOKEN_CREATED,
})

SUBJECTS = {
    AccountEventKind.ACTIVATED: gettext_lazy("Your Massar account is activated"),
    AccountEventKind.PASSWORD_CHANGED: gettext_lazy("Your Massar password was changed"),
    AccountEventKind.PASSWORD_RESET: gettext_lazy("Your Massar password was reset"),
    AccountEventKind.TEMPORARY_PASSWORD: gettext_lazy("A temporary Massar password was issued for your account"),
    AccountEventKind.RECOVERY_EMAIL_CHANGED: gettext_lazy("Your Massar recovery e-mail was changed"),
    AccountEventKind.TWO_FACTOR_ENABLED: gettext_lazy("Two-factor authentication was turned on"),
    AccountEventKind.TWO_FACTOR_DISABLED: gettext_lazy("Two-factor authentication was turned off"),
    AccountEventKind.TOKEN_CREATED: gettext_lazy("A new API token was created for your Massar account"),
}

WHAT_HAPPENED = {
    AccountEventKind.ACTIVATED: gettext_lazy(
        "Your account was activated: a password and this recovery e-mail were set."),
    AccountEventKind.PASSWORD_CHANGED: gettext_lazy(
        "The password of your account was changed. Other devices signed in to your account were signed out."),
    AccountEventKind.PASSWORD_RESET: gettext_lazy(
        "The password of your account was reset with a link sent to this e-mail address. Other devices "
        "signed in to your account were signed out."),
    AccountEventKind.TEMPORARY_PASSWORD: gettext_lazy(
        "Your school's administration issued a temporary password for your account, printed on a slip. "
        "Your previous password no longer works, and other devices were signed out."),
    AccountEventKind.RECOVERY_EMAIL_CHANGED: gettext_lazy(
        "The recovery e-mail of your account was changed. Password reset links now go to the new address."),
    AccountEventKind.TWO_FACTOR_ENABLED: gettext_lazy(
        "Two-factor authentication was turned on: signing in now also asks for a code from an app."),
    AccountEventKind.TWO_FACTOR_DISABLED: gettext_lazy(
        "Two-factor authentication was turned off: signing in no longer asks for a code."),
    AccountEventKind.TOKEN_CREATED: gettext_lazy(
        "A new API token was created for your account: an application can now act as you."),
}

# When someone else made the change, some events mean something else to the reader.
WHAT_SOMEONE_ELSE_DID = {
    AccountEventKind.TWO_FACTOR_DISABLED: gettext_lazy(
        "Your administration reset the two-factor authentication of your account (for example after a lost "
        "phone): the previous authenticator app no longer works. If your position requires it, the next "
        "sign-in asks you to set it up again."),
}


def recovery_address(user: User) -> str:
    """Where messages about the account may go: its recovery e-mail; a parent's only once confirmed
    (an unconfirmed address may be a typo, somebody else's mailbox)."""
    if not user.email or not user.is_active:
        return ""
    if user.role == Role.PARENT and user.email_confirmed_at is None:
        return ""
    return user.email


def message_language(user: User, fallback: str = "") -> str:
    """The user's chosen language, else `fallback` (the language they were reading), else the site's."""
    languages = dict(settings.LANGUAGES)
    for language in (user.preferred_language, fallback, settings.LANGUAGE_CODE):
        if language and language[:2] in languages:
            return language[:2]
    return settings.LANGUAGE_CODE


def moment_display(value: datetime.datetime) -> str:
    """A date and time as people read it in the current language, in Morocco's time."""
    return datetime_text(value)


def notice_send(*, event_id: int, also_to: Iterable[str] = ()) -> int:
    """Send the notice of one event to the account's recovery e-mail (and `also_to`, e.g. the address a
    recovery e-mail was changed from). Returns how many messages went out: none without an address."""
    event = AccountEvent.objects.select_related("user", "actor").filter(pk=event_id).first()
    if event is None or event.kind not in NOTICE_KINDS:
        return 0
    user = event.user
    kind = AccountEventKind(event.kind)
    by_someone_else = event.actor is not None and event.actor_id != user.pk
    addresses = [a for a in dict.fromkeys([recovery_address(user), *also_to]) if a]
    if not addresses:
        return 0
    with translation.override(message_language(user)):
        context: dict[str, object] = {
            "name": user.display_name,
            "username": user.username,
            "what": WHAT_SOMEONE_ELSE_DID.get(kind, WHAT_HAPPENED[kind]) if by_someone_else else WHAT_HAPPENED[kind],
            "when": moment_display(event.at),
            "ip_address": event.ip_address or _("unknown"),
            "actor": event.actor.display_name if event.actor is not None and by_someone_else else "",
            "kind": event.kind,
            "site_url": settings.SITE_URL,
            # The page where one asks for a reset link: reaching it grants nothing.
            "forgot_url": settings.SITE_URL + reverse("accounts:password_forgot"),
        }
        context["subject"] = str(SUBJECTS[kind])
        for address in addresses:
            email_send(to=address, template="notice", context=context)
    return len(addresses)


def account_event_record(*, user: User, kind: str, actor: User | None = None, ip_address: str | None = None,
                         detail: str = "", previous_email: str = "") -> AccountEvent:
    """Append an event to the account's history (never updated, never deleted), with the address the change
    came from (None outside a web request).

    A credential change (NOTICE_KINDS) also queues a notice e-mail to the recovery e-mail, and to
    `previous_email` when the recovery e-mail itself was changed (the old owner must hear of it).
    """
    from .tasks import notice_email_send

    event = AccountEvent.objects.create(user=user, kind=kind, actor=actor, ip_address=ip_address or None,
                                        detail=detail[:200])
    if kind in NOTICE_KINDS:
        notice_email_send.enqueue(event.pk, [previous_email] if previous_email else [])
    return event
