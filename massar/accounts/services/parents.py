"""Parent accounts: sign-up confirmed by an e-mailed link (children.py links their children).

Its e-mails are sent by a task (tasks.parent_email_send), with the link helpers every e-mailed account link
shares (links.py), through the communication app.
"""

import enum
import hashlib

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from massar.communication.mail import email_send
from massar.core.roles import Role
from massar.students.services import guardian_checked, guardian_create, guardian_details_update

from ..events import account_event_record
from ..links import (
    LinkState,
    TimedLinkTokenGenerator,
    account_from_uidb64,
    account_link,
    current_language,
    epoch_seconds,
    link_use_once,
    signin_url_absolute,
    site_url_if_exists,
)
from ..models import AccountEventKind, User

# --- Sign-up and e-mail confirmation ---------------------------------------------------------------------


class ParentConfirmationTokenGenerator(TimedLinkTokenGenerator):
    """Single use: confirming sets email_confirmed_at and is_active, both in the hash. The password is in it
    too, so that signing up again with the same address (a new password) voids the earlier link."""

    key_salt = "massar.accounts.parents.ParentConfirmationTokenGenerator"
    timeout_setting = "MASSAR_PARENT_CONFIRM_LINK_SECONDS"

    def _make_hash_value(self, user, timestamp):
        return (f"{user.pk}|{user.username}|{user.password}|{epoch_seconds(user.email_confirmed_at)}|"
                f"{user.is_active}|{timestamp}")


parent_confirmation_tokens = ParentConfirmationTokenGenerator()


class ParentMail(enum.StrEnum):
    CONFIRM = "confirm"
    ALREADY_REGISTERED = "already_registered"


def parent_mail_send(*, kind: str, user_id: int, language: str) -> None:
    """Run by a task (tasks.parent_email_send): the database task backend writes the task inside the sign-up's transaction, so a
    rolled-back sign-up sends nothing, and the page never waits on SMTP. The link is made here, from the
    account as it is when the message leaves, so no secret waits in the task queue."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or "@" not in user.username:
        return
    context = {
        "user": user,
        "signin_url": signin_url_absolute(),
        "reset_url": site_url_if_exists("accounts:password_forgot"),
    }
    if kind == ParentMail.CONFIRM:
        if user.email_confirmed_at is not None:
            return
        context["link"] = account_link("accounts:parent_confirm", user, parent_confirmation_tokens.make_token(user))
        context["days"] = settings.MASSAR_PARENT_CONFIRM_LINK_SECONDS // (24 * 60 * 60)
        email_send(to=user.username, template="parent_confirm", context=context, language=language)
    elif kind == ParentMail.ALREADY_REGISTERED:
        email_send(to=user.username, template="parent_already_registered", context=context, language=language)


def _parent_email_enqueue(kind: ParentMail, user: User) -> None:
    """Queue a sign-up message, unless this address already got its share this hour: the sign-up form must not
    become a way to flood somebody's mailbox. Past the limit nothing is sent, and the page says the same."""
    key = "massar:signup-mail:" + hashlib.sha256(user.username.lower().encode()).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        sent = 1
        cache.set(key, sent, timeout=60 * 60)
    if sent > settings.MASSAR_SIGNUP_EMAILS_PER_ADDRESS_PER_HOUR:
        return
    from ..tasks import parent_email_send

    parent_email_send.enqueue(kind=str(kind), user_id=user.pk, language=current_language())


def _is_pending_parent(user: User) -> bool:
    return user.role == Role.PARENT and not user.is_active and user.email_confirmed_at is None


@transaction.atomic
def parent_signup(*, email: str, phone: str, first_name_latin: str, last_name_latin: str,
                  first_name_ar: str = "", last_name_ar: str = "", ip_address: str | None = None) -> None:
    """Create an inactive parent account without a password (and its guardian record) and e-mail a link where
    the holder of the mailbox checks the details and chooses the password. Nobody else can: whoever signs up
    first with somebody's address never knows the password the account ends up with.

    Returns nothing on purpose: the caller answers the same way whether the address was new or not (no
    account enumeration). An address that already has an account gets a "you already have an account"
    message instead; one still waiting for confirmation takes the new details and gets a new link (the
    earlier link stops working), and the details can be corrected on the link's page."""
    guardian = guardian_checked(first_name_latin=first_name_latin, last_name_latin=last_name_latin,
                                first_name_ar=first_name_ar, last_name_ar=last_name_ar, phone=phone, email=email,
                                arabic_names_required=False)
    email, phone = guardian.email, guardian.phone
    existing = User.objects.select_for_update().filter(username__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                guardian_create(guardian=guardian)
                user = User(username=email, email=email, phone=phone, role=Role.PARENT, guardian=guardian,
                            is_active=False)
                user.set_unusable_password()
                user.save()
        except IntegrityError:  # the same address signed up in a parallel request
            existing = User.objects.filter(username__iexact=email).first()
        else:
            account_event_record(user=user, kind=AccountEventKind.SIGNED_UP, actor=user, ip_address=ip_address)
            _parent_email_enqueue(ParentMail.CONFIRM, user)
            return
    if existing is not None and _is_pending_parent(existing):
        assert existing.guardian_id is not None  # a parent account always has its guardian record
        guardian_details_update(guardian_id=existing.guardian_id, details=guardian)
        existing.phone = phone
        existing.set_unusable_password()  # a new random mark: the earlier link no longer matches
        existing.save(update_fields=["phone", "password"])
        account_event_record(user=existing, kind=AccountEventKind.SIGNED_UP, actor=existing, ip_address=ip_address,
                             detail="signed up again before confirming")
        _parent_email_enqueue(ParentMail.CONFIRM, existing)
        return
    if existing is not None:
        _parent_email_enqueue(ParentMail.ALREADY_REGISTERED, existing)


def parent_confirmation_state(*, uidb64: str, token: str) -> tuple[LinkState, User | None]:
    """What a confirmation link is worth now, without using it."""
    user = account_from_uidb64(uidb64, active_only=False)  # confirming is what activates it
    if user is None or user.role != Role.PARENT:
        return LinkState.INVALID, None
    return _confirmation_state(user, token), user


def _confirmation_state(user: User, token: str) -> LinkState:
    state = parent_confirmation_tokens.link_state(user, token)
    if state is not LinkState.VALID and user.email_confirmed_at is not None:
        return LinkState.USED
    return state


@transaction.atomic
def parent_email_confirm(*, uidb64: str, token: str, password: str, phone: str, first_name_latin: str,
                         last_name_latin: str, first_name_ar: str = "", last_name_ar: str = "",
                         ip_address: str | None = None) -> LinkState:
    """Use a confirmation link: the holder of the mailbox confirms (or corrects) the details, chooses the
    password (checked against the password rules: ValidationError), and the account becomes active, once.
    Returns the link's state before use."""
    state, user = parent_confirmation_state(uidb64=uidb64, token=token)
    if user is None or state is not LinkState.VALID:
        return state
    guardian = guardian_checked(first_name_latin=first_name_latin, last_name_latin=last_name_latin,
                                first_name_ar=first_name_ar, last_name_ar=last_name_ar, phone=phone,
                                email=user.username, arabic_names_required=False)
    validate_password(password, user)
    return link_use_once(user, token, _confirmation_state,
                         lambda locked: _parent_email_confirmed(locked, guardian=guardian, password=password,
                                                                ip_address=ip_address))


def _parent_email_confirmed(user: User, *, guardian, password: str, ip_address: str | None) -> None:
    assert user.guardian_id is not None  # a parent account always has its guardian record
    guardian_details_update(guardian_id=user.guardian_id, details=guardian)
    now = timezone.now()
    user.phone = guardian.phone
    user.set_password(password)
    user.password_changed_at = now
    user.is_active = True
    user.email_confirmed_at = now
    user.activated_at = user.activated_at or now
    user.save(update_fields=["phone", "password", "password_changed_at", "is_active", "email_confirmed_at",
                             "activated_at"])
    account_event_record(user=user, kind=AccountEventKind.EMAIL_CONFIRMED, actor=user, ip_address=ip_address)
