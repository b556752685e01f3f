"""What the account pages share with each other and with the staff account pages: the caller's address for
the services, the page after a step, signing a session in, and the headers of a page opened from a secret link.

The sign-in's refusal for a page (with the unlock time isolated in right-to-left text) is here too: the API
gives the same refusal as plain text (massar.accounts.services.signin_error_text).
"""

import time
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import conditional_escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.access.gates import client_ip
from massar.accounts.authentication import SIGNIN_BACKEND
from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import User
from massar.accounts.services import (
    LAST_ACTIVITY_SESSION_KEY,
    SignInResult,
    local_time_text,
    locked_until_template,
    session_seconds,
    signin_error_text,
    temporary_password_consume,
)


def next_url(request: HttpRequest) -> str:
    """Where to go after a step: the `next` asked for if it is on this site, else the personal space."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, next_to: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_to})}"


def errors_to_form(form: Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def session_signin(*, request: HttpRequest, user: User, remember_device: bool = False) -> None:
    """Sign `user` in on this request (a new session key: Django's login() cycles it)."""
    # Before login(), so that the session's hash is the new (unusable) password's and the session survives.
    temporary_password_consume(user=user, ip_address=client_ip(request))
    login(request, user, backend=SIGNIN_BACKEND)
    request.session.set_expiry(session_seconds(user=user, remember_device=remember_device))
    request.session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())


def session_two_factor_verified(request: HttpRequest, device: TOTPDevice | None) -> None:
    """The session passed the second factor with `device`: a new session key (a privilege change, ASVS 3.2.1)."""
    if device is None:
        return
    request.session.cycle_key()
    django_otp.login(request, device)


def signin_error_message(result: SignInResult) -> SafeString:
    """The refusal for a page: the unlock time is isolated (`<bdi>`) inside right-to-left text."""
    if result.error == AccountsErrorCode.ACCOUNT_LOCKED and result.unlocks_at is not None:
        time_html = format_html('<bdi dir="ltr">{}</bdi>', local_time_text(result.unlocks_at))
        # The sentence is escaped first, then the (escaped) time put in its place.
        return mark_safe(conditional_escape(locked_until_template()) % {"time": time_html})  # noqa: S308
    return conditional_escape(signin_error_text(result))


def page(request: HttpRequest, template: str, context: dict[str, Any] | None = None,
         status: int = 200) -> HttpResponse:
    """render(), with the sign-in page's address that every account page offers."""
    return render(request, template, {"signin_url": resolve_url(settings.LOGIN_URL), **(context or {})},
                  status=status)


# Pages opened from an e-mailed link: a Referer (with the token in its URL) goes to this site only. Not
# "no-referrer": under it browsers send `Origin: null` with the page's own form, and the CSRF check refuses it
# (the confirmation, invitation and new-password forms would never work in a browser).
SECRET_LINK_REFERRER_POLICY = "same-origin"


def secret_link_page(response: HttpResponse) -> HttpResponse:
    """A page opened from an e-mailed link carries the token in its URL: no Referer may leak it to another
    site, and no cache may keep it."""
    response["Referrer-Policy"] = SECRET_LINK_REFERRER_POLICY
    add_never_cache_headers(response)
    return response


def verified(user: Any) -> bool:
    """django-otp's OTPMiddleware gives the request's user `is_verified()`."""
    return bool(user.is_verified())
