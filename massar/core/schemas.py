"""The answers every API operation shares: a refusal with its code, a request that does not match its schema."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class ApiError(Schema):
    """Every refusal: a message for people (in the caller's language) and a stable code for programs."""

    detail: str = Field(description="What went wrong, for people, in the language asked for (Accept-Language).")
    code: str | None = Field(None, description="A stable code for programs, e.g. `invalid_credentials`.")
    unlocks_at: datetime | None = Field(None, description="When a locked account unlocks (code `account_locked`).")
    retry_after_seconds: int | None = Field(None, description="When to try again (status 429); also in the "
                                                              "Retry-After header.")


class ValidationErrorOut(Schema):
    """The request does not match the schema (or is not JSON): one entry per problem."""

    detail: list[dict[str, Any]]
