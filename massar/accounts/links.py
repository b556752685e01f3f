"""What every e-mailed account link shares (parent confirmation, staff invitation, recovery e-mail
confirmation): a timed, single-use token that tells a valid link from an expired or a used one, the account a
link names, and links built from settings.SITE_URL (never from the request's Host header). The e-mails
themselves are rendered and sent by the communication app.
"""

import datetime
import enum

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"  # the account already did what the link was for
    INVALID = "invalid"  # mistyped, forged, or replaced by a newer link


class TimedLinkTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset-token scheme (an HMAC of the account's state and a timestamp) with its own lifetime,
    and a check that tells an expired link from a wrong one: people need to know which to do next."""

    timeout_setting = ""

    def link_state(self, user: User | None, token: str) -> LinkState:
        if user is None or not token or len(token) > 64:
            return LinkState.INVALID
        try:
            timestamp_b36, _digest = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return LinkState.INVALID
        if not any(constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return LinkState.INVALID
        if self._num_seconds(self._now()) - timestamp > getattr(settings, self.timeout_setting):
            return LinkState.EXPIRED
        return LinkState.VALID

    def check_token(self, user, token) -> bool:
        return self.link_state(user, token) is LinkState.VALID


def epoch_seconds(moment: datetime.datetime | None) -> str:
    return "" if moment is None else str(int(moment.timestamp()))


def account_link(view_name: str, user: User, token: str) -> str:
    """An absolute link for an e-mail, from settings.SITE_URL, never from the request's Host header: a client
    chooses that header, and a forged one would send the secret link to the forger's site."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse(view_name, kwargs={"uidb64": uidb64, "token": token})


def site_url_if_exists(view_name: str) -> str:
    """An absolute URL to a page that may not exist yet in this deployment; "" if it does not."""
    try:
        return settings.SITE_URL + reverse(view_name)
    except NoReverseMatch:
        return ""


def signin_url_absolute() -> str:
    return settings.SITE_URL + reverse(settings.LOGIN_URL)


def account_from_uidb64(uidb64: str, *, active_only: bool) -> User | None:
    """The account a link's `uidb64` names, or None for anything that is not one. `active_only` for links that
    act on a working account (a reset link); a link that activates an account (a parent's confirmation) or
    says why it no longer works must find an inactive one too."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:  # beyond any database's integer: not an account
        return None
    accounts = User.objects.filter(is_active=True) if active_only else User.objects.all()
    return accounts.filter(pk=pk).first()


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]



def link_use_once(user: User, token: str, state_of, use) -> LinkState:
    """Use a link once, even under two clicks at once: the account is locked, the link's state read again under
    the lock (the second click finds it used), and `use(user)` runs only for a link still valid. Call inside a
    transaction. `state_of(user, token)` is the link's own notion of valid/used/expired."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    state = state_of(locked, token)
    if state is LinkState.VALID:
        use(locked)
    return state
