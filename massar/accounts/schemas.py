"""Input and output schemas of the accounts API (`/api/v1/auth/...`, `/api/v1/me`)."""

from datetime import datetime

from ninja import Field, Schema
from pydantic import field_validator


class TokenRequest(Schema):
    username: str = Field(max_length=150, description="Sign-in name; a bare Massar code works; surrounding spaces "
                                                      "are ignored.")
    password: str = Field(max_length=4096, description="As typed (case-sensitive). A password longer than "
                                                       "128 characters is a wrong password (401).")
    otp: str | None = Field(None, max_length=12, description="The 6-digit code of the account's authenticator app. "
                                                             "Required for school administrators and "
                                                             "directorate, academy and ministry officers, and for "
                                                             "any account that turned two-factor on.")
    name: str = Field("", max_length=100, description="A label to recognise the token by, e.g. the app's name.")

    @field_validator("username", "password", "otp", "name")
    @classmethod
    def _storable_text(cls, value: str | None) -> str | None:
        # What a form field refuses too: NUL characters and lone surrogates (no database stores them).
        if value is not None:
            if "\x00" in value:
                raise ValueError("Null characters are not allowed.")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("The text is not valid Unicode.") from None
        return value


class TokenCreated(Schema):
    token: str = Field(description="The bearer token. Shown once: only its digest is stored.")
    prefix: str = Field(description="Its first 8 characters, to recognise it in the list and revoke it.")
    name: str
    expires_at: datetime


class TokenInfo(Schema):
    prefix: str
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    current: bool = Field(description="Whether this is the token making this request.")


class Unit(Schema):
    code: str
    name: str


class ClassOut(Schema):
    code: str
    school_year: str
    level: str
    school: Unit


class StudentOut(Schema):
    massar_code: str
    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    current_class: ClassOut | None = Field(description="The class of the current school year, if enrolled.")


class StaffScope(Schema):
    position: str
    school: Unit | None
    directorate: Unit | None
    academy: Unit | None
    school_count: int = Field(description="Schools in the caller's scope.")
    classes: list[ClassOut] = Field(description="Current-year classes: a teacher's own, a school administrator's "
                                                "school's. Officers get their territory and counts, not every "
                                                "class of it.")


class Me(Schema):
    username: str
    role: str
    role_label: str
    display_name: str
    preferred_language: str | None
    two_factor_enabled: bool
    student: StudentOut | None = Field(description="A student's own file.")
    children: list[StudentOut] | None = Field(description="A parent's linked children.")
    staff: StaffScope | None = Field(description="A staff member's units and classes.")
