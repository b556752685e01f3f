"""`POST /api/v1/me/children`: a parent links a child, with the same rules and messages as the "add a child"
page (exact match of Massar code and birth date, one answer for every mismatch, throttled)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from massar.access.gates import api_caller_in, client_ip
from massar.core.errors import Invalid, Throttled
from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.students.models import Relation

from .api_errors import answers_as
from .error_codes import AccountsErrorCode
from .services import child_link

router = Router(tags=["parents"])


class ChildLinkIn(Schema):
    massar_code: str = Field(max_length=20, description="The child's Massar code: one capital letter and 9 digits. "
                                                        "Spaces and a lower-case letter are accepted.",
                             examples=["F164115196"])
    birth_date: datetime.date = Field(description="The child's birth date, as on the school record.")
    relation: Relation = Field(description="What the parent is to the child.")


class ChildLinkedOut(Schema):
    massar_code: str
    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    relation: str = Field(description="The relation as recorded (an earlier link keeps its relation).")
    created: bool = Field(description="False when the child was already linked: nothing changed.")


class ChildLinkError(ApiError):
    field: str | None = Field(None, description="The input field the error is about (code `invalid`).")


@router.post(
    "/me/children",
    response={200: ChildLinkedOut, 201: ChildLinkedOut, 400: ChildLinkError, 401: ApiError, 403: ApiError,
              422: ValidationErrorOut, 429: ChildLinkError},
    summary="Link a child to my parent account",
    operation_id="me_children_add",
)
@answers_as(ChildLinkError, kinds=(Invalid, Throttled), otherwise=ApiError)
def me_children_add(request: HttpRequest, payload: ChildLinkIn) -> Status:
    """201 when linked; 200 when the child was already linked (nothing changes). 400 with code `child_no_match`
    whenever the code and the birth date don't match one record (the same answer whatever was wrong), or code
    `invalid` and `field` for a malformed Massar code. 429 (code `child_link_throttled`, Retry-After) after
    too many mismatches from this account or address. 403 for accounts that are not parents'."""
    caller = api_caller_in(request, {Role.PARENT}, code=AccountsErrorCode.NOT_A_PARENT,
                           message=_("Only a parent's account adds children."))
    try:
        linked = child_link(parent=caller, massar_code=payload.massar_code, birth_date=payload.birth_date,
                            relation=str(payload.relation.value), ip_address=client_ip(request))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Invalid(AccountsErrorCode.INVALID, messages[0], field=field) from None
    student = linked.student
    return Status(201 if linked.created else 200, ChildLinkedOut(
        massar_code=student.massar_code, first_name_ar=student.first_name_ar, last_name_ar=student.last_name_ar,
        first_name_latin=student.first_name_latin, last_name_latin=student.last_name_latin,
        relation=linked.link.relation, created=linked.created))
