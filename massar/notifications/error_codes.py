"""Error codes of the notifications domain: tests and API clients assert on these, never on messages."""

from enum import StrEnum


class NotificationsErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    UNKNOWN_PARAMETER = "unknown_parameter"
    UNKNOWN_KIND = "unknown_kind"
    NO_RECIPIENTS = "no_recipients"
    RECIPIENTS_AND_STUDENT = "recipients_and_student"
    DEDUPE_KEY_REQUIRED = "dedupe_key_required"
    UNKNOWN_CHANNEL = "unknown_channel"
    BAD_QUIET_HOURS = "bad_quiet_hours"
    BAD_SUBSCRIPTION = "bad_subscription"
    PUSH_NOT_CONFIGURED = "push_not_configured"
    NOT_AN_ISSUER = "not_an_issuer"
    BAD_AUDIENCE = "bad_audience"
    TITLE_REQUIRED = "title_required"
    TEXT_TOO_LONG = "text_too_long"
    BAD_EXPIRY = "bad_expiry"
    BAD_ATTACHMENT = "bad_attachment"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
