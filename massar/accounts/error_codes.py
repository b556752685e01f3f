"""The codes of every refusal in the accounts domain: stable for programs (the API's `code`), asserted by
tests; the messages for people go with them in the raised `DomainError`."""

from enum import StrEnum


class AccountsErrorCode(StrEnum):
    # Signing in (services/signin.py, services/lockout.py, throttles.py)
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_LOCKED = "account_locked"
    NETWORK_THROTTLED = "network_throttled"
    TEMPORARY_PASSWORD_EXPIRED = "temporary_password_expired"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    # The second factor (services/two_factor.py)
    OTP_INVALID = "otp_invalid"
    OTP_THROTTLED = "otp_throttled"
    OTP_REQUIRED = "otp_required"
    TWO_FACTOR_ENROLMENT_REQUIRED = "two_factor_enrolment_required"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    # Activation (services/activation.py)
    DETAILS_MISMATCH = "details_mismatch"
    ALREADY_ACTIVATED = "already_activated"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    # Self-service reset (services/recovery.py)
    TOO_MANY_REQUESTS = "too_many_requests"
    LINK_INVALID = "link_invalid"
    # Any input that a form or a service refuses, located on its field
    INVALID = "invalid"
    MASSAR_CODE_FORMAT = "massar_code_format"
    PASSWORD_INCORRECT = "password_incorrect"
    # The recovery e-mail (services/recovery_email.py)
    EMAIL_INVALID = "email_invalid"
    EMAIL_UNCHANGED = "email_unchanged"
    NOTHING_TO_CONFIRM = "nothing_to_confirm"
    TOO_MANY_CONFIRMATIONS = "too_many_confirmations"
    # Parents (services/parents.py, services/children.py)
    NOT_A_PARENT = "not_a_parent"
    CHILD_NO_MATCH = "child_no_match"
    CHILD_LINK_THROTTLED = "child_link_throttled"
    PARENT_ACCOUNT_NOT_FOUND = "parent_account_not_found"
    SIGNIN_DOMAIN = "signin_domain"
    # Staff accounts (services/staff_invitations.py)
    STAFF_EMAIL_MISSING = "staff_email_missing"
    STAFF_EMAIL_INVALID = "staff_email_invalid"
    STAFF_ACCOUNT_EXISTS = "staff_account_exists"
    STAFF_ACCOUNT_MISSING = "staff_account_missing"
    STAFF_ACCOUNT_ACTIVE = "staff_account_active"
    # Password rules (passwords.py)
    PASSWORD_TOO_LONG = "password_too_long"
    PASSWORD_SERVICE_NAME = "password_service_name"
    PASSWORD_MASSAR_CODE = "password_massar_code"
    PASSWORD_PERSONAL_NAME = "password_personal_name"
    PASSWORD_ACCOUNT_NAME = "password_account_name"
    # Names typed on the forms (validation.py)
    LATIN_LETTERS = "latin_letters"
    ARABIC_LETTERS = "arabic_letters"
    # Who may act (an object out of the caller's scope is massar.access's NOT_FOUND)
    NOT_ALLOWED = "not_allowed"
