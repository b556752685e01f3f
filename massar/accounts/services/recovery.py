"""Getting back into an account, and changing its password.

- Self-service: a single-use link to the recovery e-mail once it is confirmed (recovery_email.py), valid
  settings.PASSWORD_RESET_TIMEOUT. Django's token generator makes it single-use: its hash covers the password
  hash and the last sign-in, so it stops working once the password changes. Links are built from
  settings.SITE_URL, never from the Host header.
- By the administration (no recovery e-mail): a temporary password (temporary_passwords.py).
- Any new password ends every other session (Django's session hash covers the password hash) and revokes
  every API token; the change is recorded and a notice goes to the recovery e-mail.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from massar.communication.mail import email_send

from ..events import account_event_record, message_language, moment_display, recovery_address
from ..links import account_from_uidb64
from ..models import User
from ..selectors import signin_name_normalize
from ..throttles import throttle_count, throttle_hit
from ..tokens import api_tokens_revoke_all


def reset_request_answer() -> str:
    """The one answer to "I forgot my password", whether or not the account exists or has an e-mail."""
    return _("If an account with a recovery e-mail matches this name, a link to choose a new password was sent "
             "to that e-mail; it works once, for one hour. If nothing arrives (check the spam folder), ask "
             "your school's administration for a temporary password.")


def reset_requests_throttled_message() -> str:
    return _("Too many requests from your network. Wait an hour and try again, or ask your school's "
             "administration.")


def link_invalid_message() -> str:
    return _("This link has expired or was already used. Ask for a new one.")


def password_changed_message() -> str:
    return _("Your password was changed. Other devices signed in to your account were signed out.")


# --- Self-service reset ---------------------------------------------------------------------------------


def password_reset_request(*, signin_name: str, ip_address: str | None = None) -> bool:
    """Queue the reset e-mail for whatever name was typed; False when this address asked too often.

    The page does the same work whether or not the account exists: the lookup happens in the task, so the
    answer, its status and its timing say nothing about the account.
    """
    from ..tasks import reset_link_email_send

    if ip_address:
        key = f"massar:reset:ip:{ip_address}"
        if throttle_count(key) >= settings.MASSAR_RESET_REQUESTS_PER_IP:
            return False
        throttle_hit(key, window_seconds=settings.MASSAR_RESET_WINDOW_SECONDS)
    reset_link_email_send.enqueue((signin_name or "")[:150], translation.get_language() or "")
    return True


def account_for_reset(signin_name: str) -> User | None:
    name = signin_name_normalize(signin_name)
    if not name:
        return None
    return User.objects.filter(username__iexact=name, is_active=True).first()


def password_reset_url(user: User) -> str:
    path = reverse("accounts:password_reset", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return settings.SITE_URL + path


def password_reset_email_send(*, signin_name: str, language: str = "") -> bool:
    """Send the reset link if the name is an active account with a confirmed recovery e-mail (at most
    MASSAR_RESET_EMAILS_PER_ACCOUNT per window, so a mailbox cannot be flooded). True when sent.

    An unconfirmed address may be a typo, somebody else's mailbox: it gets nothing, and the page that asked
    says the same as for any other name."""
    user = account_for_reset(signin_name)
    address = recovery_address(user) if user else ""
    if user is None or not address or user.email_confirmed_at is None:
        return False
    key = f"massar:reset:account:{user.pk}"
    if throttle_count(key) >= settings.MASSAR_RESET_EMAILS_PER_ACCOUNT:
        return False
    throttle_hit(key, window_seconds=settings.MASSAR_RESET_WINDOW_SECONDS)
    with translation.override(message_language(user, language)):
        valid_until = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        email_send(to=address, template="password_reset",
                   context={"name": user.display_name, "username": user.username,
                            "reset_url": password_reset_url(user), "valid_until": moment_display(valid_until)})
    return True


def reset_link_account(*, uidb64: str, token: str) -> User | None:
    """The account a reset link opens, or None when the link is unknown, used or expired."""
    user = account_from_uidb64(uidb64, active_only=True)
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


# --- Any new password -----------------------------------------------------------------------------------


def password_set(*, user: User, password: str, kind: str, ip_address: str | None = None,
                 actor: User | None = None) -> None:
    """Give `user` the (already validated) `password`: ends any temporary password and the obligation to
    choose one, every other session (through the session hash) and every API token; recorded, and noticed."""
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.temporary_password_expires_at = None
    with transaction.atomic():
        user.save(update_fields=["password", "password_changed_at", "must_change_password",
                                 "temporary_password_expires_at"])
        api_tokens_revoke_all(user=user, actor=actor or user, ip_address=ip_address)
        account_event_record(user=user, kind=kind, actor=actor or user, ip_address=ip_address)
