"""Two-factor authentication with time-based codes (TOTP, django-otp).

Optional for every staff member, required for school administrators and for directorate, academy and ministry
officers. Students and parents do not use it. Wrong codes are throttled by django-otp's ThrottlingMixin on the
device (exponential back-off): the refusal says how long to wait.

Someone who lost their phone cannot sign in: the level above them resets their second factor
(`two_factor_reset`), and at their next sign-in they set it up again (required) or sign in without it (optional).
"""

import base64
import math
from dataclasses import dataclass
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.access.error_codes import AccessErrorCode
from massar.accounts.scopes import accounts_visible_to
from massar.core.errors import NotFound
from massar.core.roles import STAFF_ROLES, Role

from ..error_codes import AccountsErrorCode
from ..events import account_event_record
from ..models import AccountEventKind, User

TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                                       Role.MINISTRY_OFFICER})
DEVICE_NAME = "Massar"
# Whose second factor each level resets: the level it oversees, in its territory (massar.access.scope).
TWO_FACTOR_RESET_ROLES: dict[str, frozenset[str]] = {
    Role.SCHOOL_ADMIN: frozenset({Role.TEACHER}),
    Role.DIRECTORATE_OFFICER: frozenset({Role.SCHOOL_ADMIN}),
    Role.ACADEMY_OFFICER: frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER}),
    Role.MINISTRY_OFFICER: STAFF_ROLES,
}


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    error: AccountsErrorCode | None = None
    retry_after_seconds: int | None = None
    # The device a good code came from: the page marks the session verified with it.
    device: TOTPDevice | None = None


def two_factor_required_for(user: User) -> bool:
    """Required by role (administrators and officers, superusers included)."""
    return user.is_superuser or user.role in TWO_FACTOR_REQUIRED_ROLES


def two_factor_may_enrol(user: User) -> bool:
    return user.is_superuser or user.role in STAFF_ROLES


def two_factor_device(user: User) -> TOTPDevice | None:
    """The account's confirmed device, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_needed(user: User) -> bool:
    """Whether a session of `user` must be verified with a code: required by role, or enabled by choice."""
    return two_factor_required_for(user) or two_factor_device(user) is not None


def two_factor_pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up: the same one across page reloads, so a scanned code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def two_factor_secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def two_factor_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data URI made here (no external service sees the secret)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _wait_seconds(device: TOTPDevice) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until: datetime | None = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def two_factor_code_check(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Verify a code on `device`, honouring its throttle (a throttled device refuses even the right code)."""
    code = (code or "").strip().replace(" ", "")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        wait = _wait_seconds(device)
        if wait is not None:
            return CodeCheck(ok=False, error=AccountsErrorCode.OTP_THROTTLED, retry_after_seconds=wait)
        if not (code.isascii() and code.isdigit() and len(code) == device.digits):
            device.throttle_increment(commit=True)
            return CodeCheck(ok=False, error=AccountsErrorCode.OTP_INVALID)
        if device.verify_token(code):
            return CodeCheck(ok=True, device=device)
    return CodeCheck(ok=False, error=AccountsErrorCode.OTP_INVALID)


def two_factor_verify(*, user: User, code: str) -> CodeCheck:
    """Sign-in's second step: a code from the account's confirmed device (the page then marks the session
    verified with `check.device`)."""
    device = two_factor_device(user)
    if device is None:
        return CodeCheck(ok=False, error=AccountsErrorCode.TWO_FACTOR_ENROLMENT_REQUIRED)
    return two_factor_code_check(device=device, code=code)


def two_factor_enrol_confirm(*, user: User, device: TOTPDevice, code: str,
                             ip_address: str | None = None) -> CodeCheck:
    """The first code from a newly scanned device confirms it: the device becomes the account's second factor."""
    if device.user_id != user.pk or device.confirmed:
        return CodeCheck(ok=False, error=AccountsErrorCode.OTP_INVALID)
    check = two_factor_code_check(device=device, code=code)
    if not check.ok:
        return check
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        account_event_record(user=user, kind=AccountEventKind.TWO_FACTOR_ENABLED, actor=user,
                             ip_address=ip_address)
    device.refresh_from_db()
    return CodeCheck(ok=True, device=device)


def two_factor_disable(*, user: User, code: str, ip_address: str | None = None) -> CodeCheck:
    """Turn off an optional second factor; a current code proves the device is in hand."""
    device = two_factor_device(user)
    if device is None or two_factor_required_for(user):
        return CodeCheck(ok=False, error=AccountsErrorCode.OTP_INVALID)
    check = two_factor_code_check(device=device, code=code)
    if check.ok:
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            account_event_record(user=user, kind=AccountEventKind.TWO_FACTOR_DISABLED, actor=user,
                                 ip_address=ip_address)
    return check


# --- Reset by a superior ----------------------------------------------------------------------------------


def two_factor_resettable_by(actor: User) -> QuerySet[User]:
    """The accounts whose second factor `actor` may reset: in their scope, at a level they oversee
    (TWO_FACTOR_RESET_ROLES), with a confirmed device; never their own (the security page is for that), and a
    superuser's only by a superuser (a lesser account must not weaken the strongest one's protection)."""
    if not actor.is_authenticated or not actor.is_active:
        return User.objects.none()
    roles = TWO_FACTOR_RESET_ROLES.get(Role.MINISTRY_OFFICER if actor.is_superuser else actor.role)
    if not roles:
        return User.objects.none()
    with_device = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    accounts = accounts_visible_to(actor).filter(role__in=roles, pk__in=with_device).exclude(pk=actor.pk)
    return accounts if actor.is_superuser else accounts.exclude(is_superuser=True)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, ip_address: str | None = None) -> int:
    """Remove every TOTP device of `user` (a lost phone), recorded with `actor` and noticed to `user`.
    Raises NotFound for an account outside `actor`'s reach, whatever the request says. Returns how many
    devices were removed.

    Sessions of `user` that had passed the second factor lose it (django-otp no longer finds the device):
    where it is required, every page then leads to setting it up again.
    """
    target = two_factor_resettable_by(actor).filter(pk=user.pk).first()
    if target is None:
        raise NotFound(AccessErrorCode.NOT_FOUND)
    removed, _by_model = TOTPDevice.objects.filter(user=target).delete()
    account_event_record(user=target, kind=AccountEventKind.TWO_FACTOR_DISABLED, actor=actor, ip_address=ip_address,
                         detail="reset by the administration")
    return removed
