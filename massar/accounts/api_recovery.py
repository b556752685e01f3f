"""The public account journeys in the API: activation, forgotten password, reset link.

They validate through the page forms, so the messages are the same as on the pages (in the language of
Accept-Language). Every error response is declared.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import AfterValidator

from massar.access.gates import client_ip
from massar.core.errors import Invalid, Throttled

from .api_errors import answers_as
from .error_codes import AccountsErrorCode
from .models import AccountEventKind
from .services import (
    link_invalid_message,
    password_changed_message,
    password_reset_request,
    password_set,
    reset_link_account,
    reset_request_answer,
    reset_requests_throttled_message,
    student_account_activate,
)
from .validation import ActivationForm, PasswordForgotForm, PasswordSetForm

router = Router(tags=["accounts"])


def _whole_characters(value: str) -> str:
    # JSON may carry a lone UTF-16 surrogate ("\ud800"): not text, and not encodable for the database
    # or the hasher. A form post never does (its bytes are decoded with replacement).
    if any("\ud800" <= character <= "\udfff" for character in value):
        raise ValueError("The text holds an unpaired surrogate code point.")
    return value


Text = Annotated[str, AfterValidator(_whole_characters)]


class ActivationIn(Schema):
    massar_code: Text
    birth_date: datetime.date
    last_name: Text
    password: Text
    email: Text


class SignInNameOut(Schema):
    username: str


class ProblemOut(Schema):
    """`code`: details_mismatch, already_activated, too_many_attempts, too_many_requests, link_invalid or
    invalid (then `errors` gives the messages per field). A body that is not JSON gets `detail` alone."""

    code: str = AccountsErrorCode.INVALID
    detail: str
    errors: dict[str, list[str]] = {}


class RequestValidationOut(Schema):
    """The body does not have the declared shape (a field missing, a date that is not a date)."""

    detail: list[dict[str, Any]]


class PasswordForgotIn(Schema):
    username: Text


class MessageOut(Schema):
    detail: str


class PasswordResetIn(Schema):
    uid: Text
    token: Text
    password: Text


FIELD_NAMES = {"password1": "password", "password2": "password", "__all__": "detail"}


def _problem(field_messages: Mapping[str, Iterable[Any]]) -> Invalid:
    """Every message per field (the API's names for them), the first one as `detail`."""
    errors: dict[str, list[str]] = {}
    for field, messages in field_messages.items():
        errors.setdefault(FIELD_NAMES.get(field, field), []).extend(str(m) for m in messages)
    return Invalid(AccountsErrorCode.INVALID, next(iter(errors.values()))[0], errors=errors)


def _form_problem(form: Form) -> Invalid:
    return _problem(form.errors)


def _validation_problem(error: ValidationError) -> Invalid:
    return _problem(error.message_dict)


@router.post("/auth/activate", auth=None, summary="Activate a student account",
             response={201: SignInNameOut, 400: ProblemOut, 422: RequestValidationOut, 429: ProblemOut})
@answers_as(ProblemOut)
def activate(request: HttpRequest, payload: ActivationIn) -> Status:
    """Prove identity with the Massar code, birth date and last name as on the school record, and set a
    password and a recovery e-mail. 201 gives the sign-in name (`<code>@<domain>`; the bare code works too).
    Wrong details give one message whichever field was wrong; an activated account is never activated again."""
    form = ActivationForm({"massar_code": payload.massar_code, "birth_date": payload.birth_date.isoformat(),
                           "last_name": payload.last_name, "password1": payload.password,
                           "password2": payload.password, "email": payload.email})
    if not form.is_valid():
        raise _form_problem(form)
    data = form.cleaned_data
    try:
        account = student_account_activate(
            massar_code=data["massar_code"], birth_date=data["birth_date"], last_name=data["last_name"],
            password=data["password1"], email=data["email"], language=getattr(request, "LANGUAGE_CODE", ""),
            ip_address=client_ip(request))
    except ValidationError as error:
        raise _validation_problem(error) from None
    return Status(201, SignInNameOut(username=account.username))


@router.post("/auth/password/forgot", auth=None, summary="Ask for a password reset link",
             response={202: MessageOut, 400: ProblemOut, 422: RequestValidationOut, 429: ProblemOut})
@answers_as(ProblemOut)
def password_forgot(request: HttpRequest, payload: PasswordForgotIn) -> Status:
    """The same answer whether or not the account exists or has a recovery e-mail: if it has one, a
    single-use link (valid one hour) is sent there."""
    form = PasswordForgotForm({"username": payload.username})
    if not form.is_valid():
        raise _form_problem(form)
    if not password_reset_request(signin_name=form.cleaned_data["username"], ip_address=client_ip(request)):
        raise Throttled(AccountsErrorCode.TOO_MANY_REQUESTS, reset_requests_throttled_message())
    return Status(202, MessageOut(detail=reset_request_answer()))


@router.post("/auth/password/reset", auth=None, summary="Set a new password with a reset link",
             response={200: MessageOut, 400: ProblemOut, 422: RequestValidationOut})
@answers_as(ProblemOut)
def password_reset(request: HttpRequest, payload: PasswordResetIn) -> Status:
    """`uid` and `token` are the last two parts of the link's path. The link works once; every session and
    API token of the account ends."""
    user = reset_link_account(uidb64=payload.uid, token=payload.token)
    if user is None:
        raise Invalid(AccountsErrorCode.LINK_INVALID, link_invalid_message())
    form = PasswordSetForm(user, {"password1": payload.password, "password2": payload.password})
    if not form.is_valid():
        raise _form_problem(form)
    password_set(user=user, password=form.cleaned_data["password1"], kind=AccountEventKind.PASSWORD_RESET,
                 ip_address=client_ip(request))
    return Status(200, MessageOut(detail=password_changed_message()))
