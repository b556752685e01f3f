"""Staff accounts are created by their administration and opened by an e-mailed invitation.

A school administrator creates the accounts of their school's teachers; a directorate, academy or ministry
officer those of school administrators and officers of their territory (the scope layer decides the
territory). The sign-in name is `firstname.lastname@<SIGNIN_DOMAIN>`; the account starts with an unusable
password, and the person chooses theirs through a single-use invitation link.
"""

import re
import unicodedata

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.access.error_codes import AccessErrorCode
from massar.communication.mail import email_send
from massar.core.errors import Invalid, NotFound
from massar.core.roles import BACK_OFFICE_ROLES, STAFF_ROLES, Role
from massar.staff.models import StaffMember

from ..error_codes import AccountsErrorCode
from ..events import account_event_record
from ..links import (
    LinkState,
    TimedLinkTokenGenerator,
    account_from_uidb64,
    account_link,
    current_language,
    epoch_seconds,
    signin_url_absolute,
)
from ..models import AccountEventKind, User
from ..selectors import staff_manageable_by

SIGNIN_NAME_ATTEMPTS = 5


# --- Sign-in names ------------------------------------------------------------------------------------------


def _name_part(name: str) -> str:
    """`Aït Ben Haddou` → `ait-ben-haddou`: lower case, accents stripped, spaces to hyphens, apostrophes
    dropped, anything else outside a–z and 0–9 removed."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ascii_only = re.sub(r"['`]", "", ascii_only)
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def staff_signin_name_base(staff_member: StaffMember) -> str:
    parts = [_name_part(staff_member.first_name_latin), _name_part(staff_member.last_name_latin)]
    return ".".join(part for part in parts if part) or f"staff{staff_member.pk}"


def staff_signin_name_free(staff_member: StaffMember) -> str:
    """`firstname.lastname@domain`, or with a number appended (`ahmed.bennani2@…`) when a namesake has it."""
    base = staff_signin_name_base(staff_member)
    domain = settings.SIGNIN_DOMAIN.lower()
    taken = {name.lower() for name in User.objects.filter(username__istartswith=base)
             .values_list("username", flat=True)}
    candidate, number = f"{base}@{domain}", 2
    while candidate in taken:
        candidate, number = f"{base}{number}@{domain}", number + 1
    return candidate


# --- Invitations --------------------------------------------------------------------------------------------


class StaffInvitationTokenGenerator(TimedLinkTokenGenerator):
    """Single use: choosing a password changes the password hash, which the hash covers; a new invitation
    sets a new unusable password, which voids the previous link."""

    key_salt = "massar.accounts.staff_accounts.StaffInvitationTokenGenerator"
    timeout_setting = "MASSAR_STAFF_INVITATION_SECONDS"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}|{user.username}|{user.password}|{epoch_seconds(user.last_login)}|{user.is_active}|{timestamp}"


staff_invitation_tokens = StaffInvitationTokenGenerator()


def staff_invitation_mail_send(*, user_id: int, language: str) -> None:
    """The invitation e-mail (run by a task, tasks.staff_invitation_send). The link is made when the message leaves, from the account as it is then, so no
    secret waits in the task queue; a re-invitation made meanwhile voids it anyway."""
    user = User.objects.filter(pk=user_id).select_related("staff_member").first()
    if user is None or not user.email or user.has_usable_password():
        return
    context = {
        "user": user,
        "link": account_link("accounts:invitation_accept", user, staff_invitation_tokens.make_token(user)),
        "days": settings.MASSAR_STAFF_INVITATION_SECONDS // (24 * 60 * 60),
        "signin_url": signin_url_absolute(),
    }
    email_send(to=user.email, template="staff_invitation", context=context, language=language)


def _invitation_enqueue(user: User) -> None:
    from ..tasks import staff_invitation_send

    staff_invitation_send.enqueue(user_id=user.pk, language=current_language())


def _manageable_check(actor: User, staff_member: StaffMember) -> None:
    if not staff_manageable_by(actor).filter(pk=staff_member.pk).exists():
        raise NotFound(AccessErrorCode.NOT_FOUND)


def _invitation_address(staff_member: StaffMember, email: str, fallback: str = "") -> str:
    address = (email or staff_member.email or fallback).strip().lower()
    if not address:
        raise ValidationError({"email": ValidationError(
            _("%(name)s has no work e-mail: enter the address that will receive the invitation.")
            % {"name": staff_member.full_name_latin}, code=AccountsErrorCode.STAFF_EMAIL_MISSING)})
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": ValidationError(_("Enter a valid e-mail address."),
                                                        code=AccountsErrorCode.STAFF_EMAIL_INVALID)}) from None
    return address


@transaction.atomic
def staff_account_create(*, staff_member: StaffMember, actor: User, email: str = "",
                         ip_address: str | None = None) -> User:
    """Create the staff member's account (no usable password yet) and e-mail an invitation to choose one.
    The invitation goes to `email`, else the staff member's work e-mail."""
    _manageable_check(actor, staff_member)
    already = ValidationError(_("%(name)s already has an account.") % {"name": staff_member.full_name_latin},
                              code=AccountsErrorCode.STAFF_ACCOUNT_EXISTS)
    if User.objects.filter(staff_member=staff_member).exists():
        raise already
    address = _invitation_address(staff_member, email)
    role = Role(staff_member.position)
    for _attempt in range(SIGNIN_NAME_ATTEMPTS):
        user = User(username=staff_signin_name_free(staff_member), email=address, role=role,
                    staff_member=staff_member, is_staff=role in BACK_OFFICE_ROLES)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
            break
        except IntegrityError:
            if User.objects.filter(staff_member=staff_member).exists():
                raise already from None
            # a namesake took this sign-in name meanwhile: take the next number
    else:
        raise RuntimeError("no free sign-in name after several attempts")
    account_event_record(user=user, kind=AccountEventKind.INVITED, actor=actor, ip_address=ip_address, detail=address)
    _invitation_enqueue(user)
    return user


@transaction.atomic
def staff_invitation_resend(*, staff_member: StaffMember, actor: User, email: str = "",
                            ip_address: str | None = None) -> User:
    """A new invitation link; the previous one stops working. Only while the account has no password yet
    (an active account's password is reset, not re-invited)."""
    _manageable_check(actor, staff_member)
    account = User.objects.select_for_update().filter(staff_member=staff_member).first()
    if account is None:
        raise ValidationError(_("%(name)s has no account yet: create it.") % {"name": staff_member.full_name_latin},
                              code=AccountsErrorCode.STAFF_ACCOUNT_MISSING)
    if account.has_usable_password():
        raise ValidationError(
            _("%(name)s has already chosen a password: the account is active. If they forgot it, reset it.")
            % {"name": staff_member.full_name_latin}, code=AccountsErrorCode.STAFF_ACCOUNT_ACTIVE)
    account.email = _invitation_address(staff_member, email, fallback=account.email)
    account.set_unusable_password()  # a new random marker: the hash of every earlier link changes
    account.save(update_fields=["email", "password"])
    account_event_record(user=account, kind=AccountEventKind.INVITED, actor=actor, ip_address=ip_address,
                         detail=f"{account.email} (again)")
    _invitation_enqueue(account)
    return account


def _invitation_state(user: User, token: str) -> LinkState:
    state = staff_invitation_tokens.link_state(user, token)
    if state is not LinkState.VALID and user.has_usable_password():
        return LinkState.USED
    return state


def staff_invitation_state(*, uidb64: str, token: str) -> tuple[LinkState, User | None]:
    """What an invitation link is worth now, without using it."""
    user = account_from_uidb64(uidb64, active_only=True)
    if user is None or user.role not in STAFF_ROLES or not user.is_active:
        return LinkState.INVALID, None
    return _invitation_state(user, token), user


class InvitationRefused(Invalid):
    """The invitation link is used, expired or wrong (`state` says which, for the page to explain)."""

    def __init__(self, state: LinkState):
        super().__init__(AccountsErrorCode.LINK_INVALID, state=state.value)
        self.state = state


@transaction.atomic
def staff_invitation_accept(*, uidb64: str, token: str, password: str,
                            ip_address: str | None = None) -> User:
    """The invited person chooses their password (validated against the password rules): the link is then
    used. Raises InvitationRefused for a used, expired or wrong link, ValidationError for a refused password."""
    state, user = staff_invitation_state(uidb64=uidb64, token=token)
    if user is None or state is not LinkState.VALID:
        raise InvitationRefused(state)
    user = User.objects.select_for_update().get(pk=user.pk)
    state = _invitation_state(user, token)
    if state is not LinkState.VALID:
        raise InvitationRefused(state)
    validate_password(password, user)
    now = timezone.now()
    user.set_password(password)
    user.password_changed_at = now
    user.activated_at = user.activated_at or now
    user.must_change_password = False
    user.temporary_password_expires_at = None
    # The invitation went to the account's e-mail (a new one voids this link): that proves the address,
    # which reset links may now use.
    user.email_confirmed_at = user.email_confirmed_at or now
    user.save(update_fields=["password", "password_changed_at", "activated_at", "must_change_password",
                             "temporary_password_expires_at", "email_confirmed_at"])
    account_event_record(user=user, kind=AccountEventKind.ACTIVATED, actor=user, ip_address=ip_address,
                         detail="invitation accepted")
    return user
