"""The accounts API: bearer tokens (`/auth/...`) and who the caller is (`/me`).

Tokens are obtained with the sign-in name and password, under the same limits as the sign-in page: the
per-account lockout (django-axes) and the per-network throttle. Accounts that use two-factor authentication
(required for school administrators and directorate, academy and ministry officers) also send `otp`, the
current 6-digit code. Every other operation takes `Authorization: Bearer <token>`.
"""

import re

import pydantic
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError
from ninja.responses import Status

from massar.access.error_codes import AccessErrorCode
from massar.access.gates import api_caller, client_ip
from massar.core.errors import NotAuthenticated, NotFound, Refused, Throttled
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.schools.models import SchoolClass
from massar.schools.scopes import classes_visible_to, schools_visible_to
from massar.students.models import Student
from massar.students.scopes import students_visible_to
from massar.students.selectors import student_enrolment_current

from .api_errors import answers_as
from .error_codes import AccountsErrorCode
from .models import ApiToken, User
from .schemas import (
    ClassOut,
    Me,
    StaffScope,
    StudentOut,
    TokenCreated,
    TokenInfo,
    TokenRequest,
    Unit,
)
from .services import (
    lockout_clear,
    signin_attempt,
    signin_error_text,
    two_factor_code_check,
    two_factor_device,
    two_factor_needed,
)
from .throttles import network_failure_record
from .tokens import api_token_issue, api_token_revoke, api_tokens_active

router = Router(tags=["accounts"])

UNAUTHORIZED = {401: ApiError}
# Tokens are URL-safe base64: anything else cannot be one of their prefixes.
TOKEN_PREFIX = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _token(request: HttpRequest) -> ApiToken:
    """The caller's token (ApiTokenAuth put it on the request); its account is the caller (api_caller)."""
    api_caller(request)
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)  # these operations take the bearer token only
    return token


def _token_request(request: HttpRequest) -> TokenRequest:
    """The body, parsed here so that a body that is not JSON is a 422 like any other invalid body (ninja's own
    parsing answers 400 for it)."""
    try:
        return TokenRequest.model_validate_json(request.body or b"")
    except pydantic.ValidationError as error:
        problems = error.errors(include_url=False, include_context=False, include_input=False)
        raise ValidationError([{**problem, "loc": ["body", *problem["loc"]]} for problem in problems]) from None


TOKEN_REQUEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": TokenRequest.model_json_schema()}}}}


@router.post(
    "/auth/token", auth=None, summary="Obtain a bearer token", openapi_extra=TOKEN_REQUEST_BODY,
    response={200: TokenCreated, 401: ApiError, 403: ApiError, 422: ValidationErrorOut, 429: ApiError},
)
@answers_as(ApiError)
def token_create(request: HttpRequest) -> TokenCreated:
    """Exchange a sign-in name and password (and `otp` for accounts with two-factor authentication) for a token.

    - 401 `invalid_credentials`: the name or the password is wrong (the same answer for an unknown name);
      `temporary_password_expired`; `otp_required` / `otp_invalid`: the code is missing or wrong.
    - 403 `account_locked` (with `unlocks_at`): too many failures on this account; the right password is
      refused until then. 403 `password_change_required`: a temporary password must first be replaced on the
      website. 403 `two_factor_enrolment_required`: the account must set up two-factor on the website first.
    - 429 `network_throttled` / `otp_throttled`: too many failures from this network, or too many wrong codes;
      `Retry-After` says when to try again.
    """
    body = _token_request(request)
    ip_address = client_ip(request)
    result = signin_attempt(request=request, ip_address=ip_address, username=body.username, password=body.password)
    if result.error == AccountsErrorCode.NETWORK_THROTTLED:
        raise Throttled(result.error, signin_error_text(result), retry_after_seconds=result.retry_after_seconds)
    if result.error == AccountsErrorCode.ACCOUNT_LOCKED:
        raise Refused(result.error, signin_error_text(result), unlocks_at=result.unlocks_at)
    if result.error is not None or result.user is None:
        raise NotAuthenticated(result.error or AccountsErrorCode.INVALID_CREDENTIALS, signin_error_text(result))
    user: User = result.user
    if user.must_change_password or user.temporary_password_expires_at is not None:
        # A temporary password is for the website, where it leads to choosing a new one; it stays unused here.
        raise Refused(AccountsErrorCode.PASSWORD_CHANGE_REQUIRED,
                      _("Sign in on the website and choose a new password first."))
    if two_factor_needed(user):
        device = two_factor_device(user)
        if device is None:
            raise Refused(AccountsErrorCode.TWO_FACTOR_ENROLMENT_REQUIRED,
                          _("Set up two-factor authentication on the website first (Security page)."))
        if not body.otp:
            raise NotAuthenticated(AccountsErrorCode.OTP_REQUIRED,
                                   _("This account needs its 6-digit two-factor code: send it as `otp`."))
        check = two_factor_code_check(device=device, code=body.otp)
        if check.error == AccountsErrorCode.OTP_THROTTLED:
            raise Throttled(check.error, _("Too many wrong codes. Wait and try again."),
                            retry_after_seconds=check.retry_after_seconds)
        if not check.ok:
            network_failure_record(ip_address=ip_address)
            raise NotAuthenticated(AccountsErrorCode.OTP_INVALID, _("This two-factor code is not right."))
    # As a successful sign-in on the website does, clear the account's failure count.
    lockout_clear(user=user)
    api_token, token = api_token_issue(user=user, name=body.name.strip(), ip_address=ip_address)
    return TokenCreated(token=token, prefix=api_token.prefix, name=api_token.name, expires_at=api_token.expires_at)


@router.get("/auth/tokens", summary="My active tokens", response={200: list[TokenInfo], **UNAUTHORIZED})
def token_list(request: HttpRequest) -> list[TokenInfo]:
    """The caller's tokens that still work (never the tokens themselves: only their prefix)."""
    current = _token(request)
    return [
        TokenInfo(prefix=t.prefix, name=t.name, created_at=t.created_at, expires_at=t.expires_at,
                  last_used_at=t.last_used_at, current=t.pk == current.pk)
        for t in api_tokens_active(user=current.user)
    ]


@router.delete("/auth/tokens/{prefix}", summary="Revoke one of my tokens",
               response={204: None, 401: ApiError, 404: ApiError})
@answers_as(ApiError)
def token_revoke(request: HttpRequest, prefix: str) -> Status:
    """Revoke the caller's token that starts with `prefix`; another account's token is a 404."""
    caller = _token(request).user
    found = list(api_tokens_active(user=caller).filter(prefix=prefix)) if TOKEN_PREFIX.fullmatch(prefix) else []
    if not found:
        raise NotFound(AccessErrorCode.NOT_FOUND, _("You have no active token with this prefix."))
    for api_token in found:
        api_token_revoke(api_token=api_token, actor=caller, ip_address=client_ip(request))
    return Status(204, None)


@router.post("/auth/logout", summary="Revoke the token making this request", response={204: None, **UNAUTHORIZED})
def token_logout(request: HttpRequest) -> Status:
    api_token = _token(request)
    api_token_revoke(api_token=api_token, actor=api_token.user, ip_address=client_ip(request))
    return Status(204, None)


# --- /me ------------------------------------------------------------------------------------------------------


def _unit(unit) -> Unit | None:
    return Unit(code=unit.code, name=unit.name) if unit is not None else None


def _class_out(school_class: SchoolClass) -> ClassOut:
    return ClassOut(code=school_class.code, school_year=school_class.school_year.label,
                    level=school_class.level.code,
                    school=Unit(code=school_class.school.code, name=school_class.school.name))


def _student_out(student: Student) -> StudentOut:
    enrolment = student_enrolment_current(student=student)
    return StudentOut(massar_code=student.massar_code, first_name_ar=student.first_name_ar,
                      last_name_ar=student.last_name_ar, first_name_latin=student.first_name_latin,
                      last_name_latin=student.last_name_latin,
                      current_class=_class_out(enrolment.school_class) if enrolment else None)


def _staff_scope(user: User) -> StaffScope:
    staff = user.staff_member
    school = staff.school if staff else None
    directorate = (staff.directorate if staff and staff.directorate_id else school.directorate if school else None)
    academy = (staff.academy if staff and staff.academy_id else directorate.academy if directorate else None)
    classes: list[ClassOut] = []
    if user.role in (Role.TEACHER, Role.SCHOOL_ADMIN):
        in_scope = (classes_visible_to(user).filter(school_year__is_current=True)
                    .select_related("school", "school_year", "level").order_by("level__order", "code"))
        classes = [_class_out(c) for c in in_scope]
    return StaffScope(position=user.role, school=_unit(school), directorate=_unit(directorate),
                      academy=_unit(academy), school_count=schools_visible_to(user).count(),
                      classes=classes)


@router.get("/me", summary="Who I am", response={200: Me, **UNAUTHORIZED})
def me(request: HttpRequest) -> Me:
    """The caller's account, role and scope: a student's own file; a parent's linked children (codes and names);
    a staff member's school, directorate, academy and classes. Always the caller's own, never chosen by the
    request."""
    user = _token(request).user
    students = students_visible_to(user).order_by("last_name_latin", "first_name_latin", "massar_code")
    own_file = students.first() if user.role == Role.STUDENT else None
    return Me(
        username=user.username, role=user.role, role_label=str(user.get_role_display()),
        display_name=user.display_name, preferred_language=user.preferred_language or None,
        two_factor_enabled=two_factor_device(user) is not None,
        student=_student_out(own_file) if own_file is not None else None,
        children=[_student_out(child) for child in students] if user.role == Role.PARENT else None,
        staff=_staff_scope(user) if user.staff_member_id or user.role == Role.MINISTRY_OFFICER else None,
    )
