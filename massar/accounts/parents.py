"""Parent accounts: sign-up confirmed by an e-mailed link, "add a child" with the child's Massar code and
birth date, and guardians linked by the school from the student file.

Its e-mails are sent by a task, with the link helpers every e-mailed account link shares (links.py).
"""

import datetime
import enum
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.core.roles import Role
from massar.students.codes import massar_code_normalize, massar_code_problem
from massar.students.models import Guardian, Relation, Student, StudentGuardian
from massar.students.scopes import students_visible_to
from massar.students.selectors import student_list_for
from massar.students.services import guardian_link

from .links import (
    LinkState,
    TimedLinkTokenGenerator,
    account_email_send,
    account_from_uidb64,
    account_link,
    current_language,
    epoch_seconds,
    signin_url_absolute,
    site_url_if_exists,
)
from .models import AccountEventKind, User
from .services import account_event_record, client_ip

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


@task()
def parent_email_send(*, kind: str, user_id: int, language: str) -> None:
    """Run as a task: the database task backend writes the task inside the sign-up's transaction, so a
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
        account_email_send(to=user.username, template="parent_confirm", context=context, language=language)
    elif kind == ParentMail.ALREADY_REGISTERED:
        account_email_send(to=user.username, template="parent_already_registered", context=context,
                           language=language)


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
    parent_email_send.enqueue(kind=str(kind), user_id=user.pk, language=current_language())


def _is_pending_parent(user: User) -> bool:
    return user.role == Role.PARENT and not user.is_active and user.email_confirmed_at is None


@transaction.atomic
def parent_signup(*, email: str, phone: str, first_name_latin: str, last_name_latin: str, password: str,
                  first_name_ar: str = "", last_name_ar: str = "", request: HttpRequest | None = None) -> None:
    """Create an inactive parent account (and its guardian record) and e-mail a confirmation link.

    Returns nothing on purpose: the caller answers the same way whether the address was new or not (no
    account enumeration). An address that already has an account gets a "you already have an account"
    message instead; one still waiting for confirmation takes the new details and gets a new link (the
    latest sign-up wins: that is the one whose password the person remembers)."""
    email = email.strip().lower()
    phone = phone.replace(" ", "").replace("-", "")
    names = {"first_name_latin": first_name_latin.strip(), "last_name_latin": last_name_latin.strip(),
             "first_name_ar": first_name_ar.strip(), "last_name_ar": last_name_ar.strip()}
    guardian = Guardian(phone=phone, email=email, **names)
    # The Arabic names are optional for a parent signing up (the school's records have them).
    guardian.full_clean(exclude=[field for field in ("first_name_ar", "last_name_ar") if not names[field]])
    existing = User.objects.select_for_update().filter(username__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                guardian.save()
                user = User(username=email, email=email, phone=phone, role=Role.PARENT, guardian=guardian,
                            is_active=False)
                user.set_password(password)
                user.save()
        except IntegrityError:  # the same address signed up in a parallel request
            existing = User.objects.filter(username__iexact=email).first()
        else:
            account_event_record(user=user, kind=AccountEventKind.SIGNED_UP, actor=user, request=request)
            _parent_email_enqueue(ParentMail.CONFIRM, user)
            return
    if existing is not None and _is_pending_parent(existing):
        Guardian.objects.filter(pk=existing.guardian_id).update(phone=phone, email=email, **names)
        existing.phone = phone
        existing.set_password(password)
        existing.save(update_fields=["phone", "password"])
        account_event_record(user=existing, kind=AccountEventKind.SIGNED_UP, actor=existing, request=request,
                             detail="signed up again before confirming")
        _parent_email_enqueue(ParentMail.CONFIRM, existing)
        return
    # The same work as a new sign-up (one password hash), so that the answer's timing tells nothing.
    make_password(password)
    if existing is not None:
        _parent_email_enqueue(ParentMail.ALREADY_REGISTERED, existing)


def parent_confirmation_state(*, uidb64: str, token: str) -> tuple[LinkState, User | None]:
    """What a confirmation link is worth now, without using it."""
    user = account_from_uidb64(uidb64)
    if user is None or user.role != Role.PARENT:
        return LinkState.INVALID, None
    return _confirmation_state(user, token), user


def _confirmation_state(user: User, token: str) -> LinkState:
    state = parent_confirmation_tokens.link_state(user, token)
    if state is not LinkState.VALID and user.email_confirmed_at is not None:
        return LinkState.USED
    return state


@transaction.atomic
def parent_email_confirm(*, uidb64: str, token: str, request: HttpRequest | None = None) -> LinkState:
    """Use a confirmation link: the account becomes active, once. Returns the link's state before use."""
    state, user = parent_confirmation_state(uidb64=uidb64, token=token)
    if user is None or state is not LinkState.VALID:
        return state
    # Two clicks at once: the second waits for the first, then finds the link used.
    user = User.objects.select_for_update().get(pk=user.pk)
    state = _confirmation_state(user, token)
    if state is not LinkState.VALID:
        return state
    now = timezone.now()
    user.is_active = True
    user.email_confirmed_at = now
    user.activated_at = user.activated_at or now
    user.save(update_fields=["is_active", "email_confirmed_at", "activated_at"])
    account_event_record(user=user, kind=AccountEventKind.EMAIL_CONFIRMED, actor=user, request=request)
    return LinkState.VALID


# --- Add a child -------------------------------------------------------------------------------------------


class ChildLinkRefused(Exception):
    """The parent's attempt was refused; `code` is one of the constants below, `message` is for the parent."""

    NO_MATCH = "child_no_match"
    THROTTLED = "child_link_throttled"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def child_no_match_message() -> str:
    # One message whatever was wrong: it never tells whether the code exists or which field differs.
    return _("These details don't match a student's record. Check the Massar code and the birth date on a "
             "school document (report card, school certificate), or ask your child's school.")


def child_throttled_message() -> str:
    return _("Too many unsuccessful attempts: to protect children's records, adding a child is paused for up to "
             "%(minutes)d minutes. Check the details with your child's school meanwhile.") % {
        "minutes": child_link_retry_after_seconds() // 60}


def child_link_retry_after_seconds() -> int:
    return settings.MASSAR_CHILD_LINK_WINDOW_SECONDS


def _child_link_counters(parent: User, request: HttpRequest | None) -> list[tuple[str, int]]:
    counters = [(f"massar:child-link:account:{parent.pk}", settings.MASSAR_CHILD_LINK_FAILURE_LIMIT)]
    ip = client_ip(request)
    if ip:
        counters.append((f"massar:child-link:ip:{ip}", settings.MASSAR_CHILD_LINK_IP_FAILURE_LIMIT))
    return counters


def child_link_throttled(*, parent: User, request: HttpRequest | None = None) -> bool:
    """Whether this parent (or this address) used up its failed attempts for the current window."""
    return any((cache.get(key) or 0) >= limit for key, limit in _child_link_counters(parent, request))


def _child_link_failure_count(parent: User, request: HttpRequest | None) -> None:
    window = settings.MASSAR_CHILD_LINK_WINDOW_SECONDS
    for key, _limit in _child_link_counters(parent, request):
        cache.add(key, 0, timeout=window)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


@dataclass(frozen=True)
class ChildLinked:
    student: Student
    link: StudentGuardian
    created: bool


def _relation_check(relation: str) -> None:
    if relation not in Relation.values:
        raise ValidationError({"relation": ValidationError(_("Choose father, mother or tutor."),
                                                           code="relation_unknown")})


def child_link(*, parent: User, massar_code: str, birth_date: datetime.date, relation: str,
               request: HttpRequest | None = None) -> ChildLinked:
    """Link a child to a parent's account when the Massar code and the birth date match the record exactly.

    A malformed code is a ValidationError located on `massar_code` (it reveals nothing, and costs no
    attempt). A wrong code or birth date is ChildLinkRefused(NO_MATCH), and counts against the parent's and
    the address's attempts; once they are used up, ChildLinkRefused(THROTTLED), even for correct details.
    Linking a child already linked changes nothing (`created` is False)."""
    if parent.role != Role.PARENT or parent.guardian_id is None or not parent.is_active:
        raise PermissionDenied
    code = massar_code_normalize(massar_code)
    problem = massar_code_problem(code)
    if problem:
        raise ValidationError({"massar_code": ValidationError(problem, code="massar_code_format")})
    _relation_check(relation)
    if child_link_throttled(parent=parent, request=request):
        raise ChildLinkRefused(ChildLinkRefused.THROTTLED, child_throttled_message())
    student = Student.objects.filter(massar_code=code, birth_date=birth_date).first()
    if student is None:
        _child_link_failure_count(parent, request)
        raise ChildLinkRefused(ChildLinkRefused.NO_MATCH, child_no_match_message())
    guardian = parent.guardian
    assert guardian is not None  # a parent account always has its guardian record
    with transaction.atomic():
        existing = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
        if existing is not None:
            return ChildLinked(student=student, link=existing, created=False)
        link = guardian_link(student=student, guardian=guardian, relation=relation)
        account_event_record(user=parent, kind=AccountEventKind.CHILD_LINKED, actor=parent, request=request,
                             detail=f"{student.massar_code} ({relation})")
    return ChildLinked(student=student, link=link, created=True)


# --- Guardians linked by the school --------------------------------------------------------------------------


def _school_admin_check(actor: User, student: Student) -> None:
    """Only the administration of the student's school links guardians (the scope layer decides)."""
    if actor.role != Role.SCHOOL_ADMIN or not students_visible_to(actor).filter(pk=student.pk).exists():
        raise PermissionDenied


@transaction.atomic
def guardian_add(*, student: Student, actor: User, first_name_latin: str, last_name_latin: str,
                 first_name_ar: str, last_name_ar: str, relation: str, phone: str = "", email: str = "",
                 request: HttpRequest | None = None) -> StudentGuardian:
    """The school records a guardian (without an account) on the student's file. Nothing is written when
    anything is invalid; errors are located on their field."""
    _school_admin_check(actor, student)
    guardian = Guardian(first_name_latin=first_name_latin.strip(), last_name_latin=last_name_latin.strip(),
                        first_name_ar=first_name_ar.strip(), last_name_ar=last_name_ar.strip(),
                        phone=phone.replace(" ", "").replace("-", ""), email=email.strip().lower())
    guardian.full_clean()
    _relation_check(relation)
    if StudentGuardian.objects.filter(student=student,
                                      guardian__first_name_latin__iexact=guardian.first_name_latin,
                                      guardian__last_name_latin__iexact=guardian.last_name_latin).exists():
        raise ValidationError(_("%(name)s is already a guardian of this student.")
                              % {"name": guardian.full_name_latin}, code="guardian_already_listed")
    guardian.save()
    return guardian_link(student=student, guardian=guardian, relation=relation)


@transaction.atomic
def guardian_account_link(*, student: Student, actor: User, email: str, relation: str,
                          request: HttpRequest | None = None) -> tuple[StudentGuardian, bool]:
    """The school links an existing parent account, found by its e-mail, to the student. Returns the link
    and whether it is new (linking twice changes nothing)."""
    _school_admin_check(actor, student)
    _relation_check(relation)
    address = email.strip().lower()
    accounts = list(User.objects.filter(Q(username__iexact=address) | Q(email__iexact=address),
                                        role=Role.PARENT, is_active=True).select_related("guardian")[:2])
    if not address or len(accounts) != 1:
        raise ValidationError({"email": ValidationError(
            _("No active parent account uses this e-mail. The parent first signs up and confirms their "
              "e-mail; then link their account here."), code="parent_account_not_found")})
    account = accounts[0]
    guardian = account.guardian
    assert guardian is not None  # a parent account always has its guardian record
    existing = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
    if existing is not None:
        return existing, False
    link = guardian_link(student=student, guardian=guardian, relation=relation)
    account_event_record(user=account, kind=AccountEventKind.CHILD_LINKED, actor=actor, request=request,
                         detail=f"{student.massar_code} ({relation}) by the school")
    return link, True


# --- The school's accounts page --------------------------------------------------------------------------------


def school_student_accounts(*, actor: User, query: str = "") -> QuerySet[Student]:
    """The students in the administrator's scope, each with its account if one exists."""
    return student_list_for(actor=actor, query=query).select_related("account")


def school_parent_accounts(*, actor: User, query: str = "") -> QuerySet[User]:
    """Parent accounts linked to a student in the administrator's scope, each with those children only."""
    students = students_visible_to(actor)
    parents = User.objects.filter(role=Role.PARENT, guardian__student_links__student__in=students)
    if query:
        parents = parents.filter(
            Q(username__icontains=query) | Q(guardian__last_name_latin__icontains=query)
            | Q(guardian__first_name_latin__icontains=query) | Q(guardian__last_name_ar__contains=query)
            | Q(guardian__first_name_ar__contains=query)
            | Q(guardian__student_links__student__massar_code__iexact=query,
                guardian__student_links__student__in=students))
    children = StudentGuardian.objects.filter(student__in=students).select_related("student")
    return (User.objects.filter(pk__in=parents.values("pk")).select_related("guardian")
            .prefetch_related(Prefetch("guardian__student_links", queryset=children, to_attr="children_in_scope"))
            .order_by("guardian__last_name_latin", "guardian__first_name_latin", "pk"))
