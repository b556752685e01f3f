"""`POST /api/v1/me/children`: a parent links a child, with the same rules and messages as the "add a child"
page (exact match of Massar code and birth date, one answer for every mismatch, throttled)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from massar.core.roles import Role
from massar.core.schemas import ApiError, ValidationErrorOut
from massar.students.models import Relation

from . import parents
from .models import ApiToken, User
from .parents import ChildLinkRefused

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


def _caller(request: HttpRequest) -> User | None:
    """The account the API's authentication class identified: it sets `request.auth` to the account, or to the
    API token (whose `user` is the account). A session cookie alone never counts here (no CSRF on the API)."""
    auth = getattr(request, "auth", None)
    user = auth.user if isinstance(auth, ApiToken) else auth
    if isinstance(user, User) and user.is_active:
        return user
    return None


@router.post(
    "/me/children",
    response={200: ChildLinkedOut, 201: ChildLinkedOut, 400: ChildLinkError, 401: ApiError, 403: ApiError,
              422: ValidationErrorOut, 429: ChildLinkError},
    summary="Link a child to my parent account",
    operation_id="me_children_add",
)
def me_children_add(request: HttpRequest, response: HttpResponse, payload: ChildLinkIn):
    """201 when linked; 200 when the child was already linked (nothing changes). 400 with code `child_no_match`
    whenever the code and the birth date don't match one record (the same answer whatever was wrong), or code
    `invalid` and `field` for a malformed Massar code. 429 (code `child_link_throttled`, Retry-After) after
    too many mismatches from this account or address. 403 for accounts that are not parents'."""
    caller = _caller(request)
    if caller is None:
        return Status(401, ApiError(detail=_("Sign in first."), code="not_authenticated"))
    if caller.role != Role.PARENT or caller.guardian_id is None:
        return Status(403, ApiError(detail=_("Only a parent's account adds children."), code="not_a_parent"))
    try:
        linked = parents.child_link(parent=caller, massar_code=payload.massar_code, birth_date=payload.birth_date,
                                    relation=str(payload.relation.value), request=request)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        return Status(400, ChildLinkError(detail=messages[0], code="invalid", field=field))
    except ChildLinkRefused as refused:
        if refused.code == ChildLinkRefused.THROTTLED:
            seconds = parents.child_link_retry_after_seconds()
            response["Retry-After"] = str(seconds)
            return Status(429, ChildLinkError(detail=refused.message, code=refused.code,
                                              retry_after_seconds=seconds))
        return Status(400, ChildLinkError(detail=refused.message, code=refused.code))
    student = linked.student
    return Status(201 if linked.created else 200, ChildLinkedOut(
        massar_code=student.massar_code, first_name_ar=student.first_name_ar, last_name_ar=student.last_name_ar,
        first_name_latin=student.first_name_latin, last_name_latin=student.last_name_latin,
        relation=linked.link.relation, created=linked.created))
