"""One error model for every domain (STYLE: errors as named codes).

A service refuses by raising a `DomainError` carrying a code from its app's `error_codes.py` and a message for
people (already translated, or lazily translatable). The kind of error says how the edges answer: the API's one
exception handler (config/api.py) turns it into a status and `{"detail", "code"}`; pages show the message or,
for `NotFound`, the not-found page. Tests assert on codes, never on sentences.
"""

from enum import StrEnum
from typing import Any


class DomainError(Exception):
    """A rule said no. `code` is stable for programs; `message` is for people; `details` are extra fields the
    API shows beside them (e.g. `unlocks_at`, `retry_after_seconds`)."""

    def __init__(self, code: str | StrEnum, message: Any = "", **details: Any) -> None:
        self.code = str(code)
        self.message = message
        self.details = details
        super().__init__(f"{self.code}: {message}")

    def __str__(self) -> str:
        return str(self.message) or self.code


class Invalid(DomainError):
    """What was sent cannot be accepted as it is (400/422): a value, a state, a transition."""


class NotFound(DomainError):
    """No such object for this caller: it does not exist or is out of their scope (never said which)."""


class Refused(DomainError):
    """The caller is known but may not do this (403)."""


class NotAuthenticated(DomainError):
    """Nobody is signed in, or the credentials are wrong (401)."""


class Conflict(DomainError):
    """The object changed or exists already (409)."""


class Throttled(DomainError):
    """Too many attempts; `retry_after_seconds` says when to try again (429)."""
