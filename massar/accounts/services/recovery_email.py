"""The recovery e-mail: where reset links go, once its owner has shown that they read it.

A mistyped address is somebody else's mailbox, and a reset link opens the account. So an address is stored
unconfirmed (at activation, at every change) and a confirmation link is mailed to it; until that link is used,
no reset link goes there (recovery.password_reset_email_send).

- The link is built from settings.SITE_URL (never from the request's Host header) and is valid
  MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS. Its hash covers the address and email_confirmed_at: it works
  once, and only for the address it was sent to (after a change, links sent to the old address are void).
- Opening the link shows a button; only the POST confirms (mail scanners open the links they see).
- A change takes the current password; the old address gets the RECOVERY_EMAIL_CHANGED notice.
- A parent signs in with an e-mail too: their recovery e-mail starts as that address, and changing it never
  changes how they sign in.
"""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from massar.communication.mail import email_send

from ..error_codes import AccountsErrorCode
from ..events import account_event_record, message_language
from ..links import (
    LinkState,
    TimedLinkTokenGenerator,
    account_from_uidb64,
    account_link,
    current_language,
    epoch_seconds,
    link_use_once,
    signin_url_absolute,
)
from ..models import AccountEventKind, User
from ..throttles import throttle_count, throttle_hit

EMAIL_MAX_LENGTH = 254
CONFIRMATIONS_WINDOW_SECONDS = 60 * 60


class RecoveryEmailTokenGenerator(TimedLinkTokenGenerator):
    key_salt = "massar.accounts.recovery_email.RecoveryEmailTokenGenerator"
    timeout_setting = "MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}|{user.email.lower()}|{epoch_seconds(user.email_confirmed_at)}|{user.is_active}|{timestamp}"


recovery_email_tokens = RecoveryEmailTokenGenerator()


def link_days() -> int:
    return max(1, settings.MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS // (24 * 60 * 60))


def too_many_confirmations_message() -> str:
    return _("Several confirmation messages were sent in the last hour. Wait a while, check the spam folder, "
             "and try again later.")


# --- Sending the confirmation link ----------------------------------------------------------------------


def recovery_email_confirmation_email_send(*, user_id: int, email: str, language: str = "") -> bool:
    """Mail the confirmation link (run by a task). The link is made here, from the account as it is when the
    message leaves, so no secret waits in the task queue; nothing goes if the address changed meanwhile (the
    change queued its own message) or was confirmed already. True when sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.email != email or user.email_confirmed_at is not None:
        return False
    context = {
        "name": user.display_name,
        "username": user.username,
        "email": user.email,
        "link": account_link("accounts:recovery_email_confirm", user, recovery_email_tokens.make_token(user)),
        "days": link_days(),
        "signin_url": signin_url_absolute(),
    }
    email_send(to=user.email, template="recovery_email_confirm", context=context,
               language=message_language(user, language))
    return True


def _confirmations_left_check(user: User) -> None:
    if throttle_count(f"massar:recovery-email:account:{user.pk}") >= \
            settings.MASSAR_RECOVERY_EMAIL_CONFIRMATIONS_PER_HOUR:
        raise ValidationError(too_many_confirmations_message(), code=AccountsErrorCode.TOO_MANY_CONFIRMATIONS)


def recovery_email_confirmation_queue(*, user: User) -> None:
    """Queue the confirmation message for the account's current (unconfirmed) recovery e-mail, at most
    MASSAR_RECOVERY_EMAIL_CONFIRMATIONS_PER_HOUR per account (ValidationError TOO_MANY_CONFIRMATIONS)."""
    from ..tasks import recovery_email_confirmation_send

    _confirmations_left_check(user)
    throttle_hit(f"massar:recovery-email:account:{user.pk}", window_seconds=CONFIRMATIONS_WINDOW_SECONDS)
    recovery_email_confirmation_send.enqueue(user.pk, user.email, current_language())


def recovery_email_confirmation_resend(*, user: User) -> None:
    """A new confirmation link for the unconfirmed recovery e-mail (earlier links stay valid until they
    expire: they all confirm the same address)."""
    if not user.email:
        raise ValidationError(_("Your account has no recovery e-mail yet: add one below."),
                              code=AccountsErrorCode.NOTHING_TO_CONFIRM)
    if user.email_confirmed_at is not None:
        raise ValidationError(_("Your recovery e-mail is already confirmed."), code=AccountsErrorCode.NOTHING_TO_CONFIRM)
    recovery_email_confirmation_queue(user=user)


# --- Using the link -------------------------------------------------------------------------------------


def _link_state(user: User, token: str) -> LinkState:
    state = recovery_email_tokens.link_state(user, token)
    if state is LinkState.INVALID and user.email_confirmed_at is not None:
        # Made for this very address before it was confirmed: the link was used (by this or another click).
        before = copy.copy(user)
        before.email_confirmed_at = None
        if recovery_email_tokens.link_state(before, token) is not LinkState.INVALID:
            return LinkState.USED
    return state


def recovery_email_link_state(*, uidb64: str, token: str) -> tuple[LinkState, User | None]:
    """What a confirmation link is worth now, without using it."""
    user = account_from_uidb64(uidb64, active_only=True)
    if user is None or not user.email:
        return LinkState.INVALID, None
    return _link_state(user, token), user


@transaction.atomic
def recovery_email_confirm(*, uidb64: str, token: str, ip_address: str | None = None) -> LinkState:
    """Use a confirmation link: the recovery e-mail is confirmed, once. Returns the link's state before use."""
    state, user = recovery_email_link_state(uidb64=uidb64, token=token)
    if user is None or state is not LinkState.VALID:
        return state
    return link_use_once(user, token, _link_state,
                         lambda locked: _recovery_email_confirmed(locked, ip_address=ip_address))


def _recovery_email_confirmed(user: User, *, ip_address: str | None) -> None:
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    # Whoever opened the mailbox confirmed it; it need not be the account's holder (a parent's address).
    account_event_record(user=user, kind=AccountEventKind.EMAIL_CONFIRMED, ip_address=ip_address,
                         detail=f"recovery e-mail {user.email}")


# --- Changing the address -------------------------------------------------------------------------------


def recovery_email_normalize(email: str) -> str:
    """Spaces around dropped, the domain in lower case (it is not case-sensitive; the local part may be)."""
    return User.objects.normalize_email((email or "").strip())


def recovery_email_problem(email: str) -> ValidationError | None:
    if not email or len(email) > EMAIL_MAX_LENGTH:
        return ValidationError(_("Enter a valid e-mail address."), code=AccountsErrorCode.EMAIL_INVALID)
    try:
        validate_email(email)
    except ValidationError:
        return ValidationError(_("Enter a valid e-mail address."), code=AccountsErrorCode.EMAIL_INVALID)
    return None


@sensitive_variables("password")
@transaction.atomic
def recovery_email_change(*, user: User, email: str, password: str, ip_address: str | None = None) -> None:
    """Set a new recovery e-mail, unconfirmed, and mail it a confirmation link. The current password is
    needed (a session left open must not be enough to redirect reset links). The old address is told.

    Raises ValidationError on `email` (malformed, unchanged), on `password` (not the current one), or
    without a field (too many confirmation messages this hour). Nothing changes when it raises.
    """
    address = recovery_email_normalize(email)
    problem = recovery_email_problem(address)
    if problem is not None:
        raise ValidationError({"email": problem})
    if not user.check_password(password):
        raise ValidationError({"password": ValidationError(_("This is not your current password."),
                                                           code=AccountsErrorCode.PASSWORD_INCORRECT)})
    if address.lower() == user.email.lower():
        raise ValidationError({"email": ValidationError(
            _("This is already your recovery e-mail."), code=AccountsErrorCode.EMAIL_UNCHANGED)})
    _confirmations_left_check(user)
    previous = user.email
    user.email = address
    user.email_confirmed_at = None
    user.save(update_fields=["email", "email_confirmed_at"])
    account_event_record(user=user, kind=AccountEventKind.RECOVERY_EMAIL_CHANGED, actor=user, ip_address=ip_address,
                         previous_email=previous, detail=f"{previous or '-'} -> {address}")
    recovery_email_confirmation_queue(user=user)
