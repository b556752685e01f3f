"""Pages: sign-in and sign-out, the second factor, the account's security page, locked accounts and unlock."""

from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from massar.accounts.scopes import accounts_visible_to

from .authentication import (
    SignInError,
    account_unlock,
    locked_accounts_for,
    may_unlock_accounts,
    signin_attempt,
    signin_complete,
    signin_error_message,
)
from .forms_signin import CodeForm, SignInForm
from .models import User
from .tokens import api_token_revoke, api_tokens_active
from .two_factor import (
    CodeCheck,
    TwoFactorError,
    two_factor_device,
    two_factor_disable,
    two_factor_enrol_confirm,
    two_factor_may_enrol,
    two_factor_pending_device,
    two_factor_qr_data_uri,
    two_factor_required_for,
    two_factor_reset,
    two_factor_resettable_by,
    two_factor_secret_text,
    two_factor_verify,
)


def _me(request: HttpRequest) -> User:
    """The signed-in account (the views below are behind login_required)."""
    return cast(User, request.user)


def _verified(user: User) -> bool:
    """django-otp's OTPMiddleware gives the request's user `is_verified()`."""
    return bool(user.is_verified())  # type: ignore[attr-defined]


def _next_url(request: HttpRequest) -> str:
    """Where to go after a step: the `next` asked for if it is on this site, else the personal space."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def signin(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.method != "POST" and request.user.is_authenticated:
        return redirect(next_url)
    form = SignInForm(request.POST if request.method == "POST" else None)
    error, status, retry_after = None, 200, None
    if form.is_bound and form.is_valid():
        result = signin_attempt(request=request, username=form.cleaned_data["username"],
                                password=form.cleaned_data["password"])
        if result.user is not None:
            signin_complete(request=request, user=result.user,
                            remember_device=form.cleaned_data["remember_device"])
            # The middleware takes it from here: second factor, new password, then `next`.
            response: HttpResponse = redirect(next_url)
            if result.user.preferred_language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, result.user.preferred_language,
                                    max_age=settings.LANGUAGE_COOKIE_AGE,
                                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
                                    secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False))
            return response
        error = signin_error_message(result)
        if result.error == SignInError.NETWORK_THROTTLED:
            status, retry_after = 429, result.retry_after_seconds
    context = {
        "form": form, "error": error, "next": next_url,
        "remember_days": settings.MASSAR_REMEMBER_DEVICE_SECONDS // (24 * 60 * 60),
        "temporary_password_hours": settings.MASSAR_TEMPORARY_PASSWORD_HOURS,
    }
    response = render(request, "accounts/signin.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    """A real sign-out: the session is flushed (deleted from the store), not merely forgotten by the browser."""
    was_signed_in = request.user.is_authenticated
    logout(request)
    if was_signed_in:
        messages.info(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Locked accounts ------------------------------------------------------------------------------------------


def _unlocker_only(request: HttpRequest) -> None:
    if not may_unlock_accounts(_me(request)):
        raise Http404


@login_required
def locked_accounts(request: HttpRequest) -> HttpResponse:
    _unlocker_only(request)
    return render(request, "accounts/locked_accounts.html", {"locked": locked_accounts_for(_me(request))})


@require_POST
@login_required
def account_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    _unlocker_only(request)
    # Outside the administrator's scope the account does not exist for them, even through a forged form.
    user = get_object_or_404(accounts_visible_to(_me(request)), pk=pk)
    account_unlock(user=user, actor=_me(request), request=request)
    messages.success(request, _("%(name)s can sign in again now.") % {"name": user.display_name})
    return redirect("accounts:locked_accounts")


# --- Security page: second factor and API tokens --------------------------------------------------------------


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    context = {
        "device": two_factor_device(user),
        "may_enrol": two_factor_may_enrol(user),
        "two_factor_required": two_factor_required_for(user),
        "tokens": api_tokens_active(user=user),
        "code_form": CodeForm(),
    }
    return render(request, "accounts/security.html", context)


@require_POST
@login_required
def security_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    api_token = get_object_or_404(api_tokens_active(user=_me(request)), pk=pk)
    api_token_revoke(api_token=api_token, actor=_me(request), request=request)
    messages.success(request, _("The token %(prefix)s… no longer works.") % {"prefix": api_token.prefix})
    return redirect("accounts:security")


def _code_error(check: CodeCheck) -> str:
    if check.error == TwoFactorError.THROTTLED:
        seconds = check.retry_after_seconds or 1
        return ngettext("Too many wrong codes. Wait %(seconds)s second and try again.",
                        "Too many wrong codes. Wait %(seconds)s seconds and try again.", seconds) % {
            "seconds": seconds}
    return _("This code is not right. Type the 6 digits your authenticator app shows now.")


@sensitive_post_parameters("code")
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    if not two_factor_may_enrol(user):
        raise Http404
    next_url = _next_url(request)
    if two_factor_device(user) is not None:
        return redirect(next_url if _verified(user) else _with_next("accounts:two_factor_verify", next_url))
    device = two_factor_pending_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = None
    if form.is_bound and form.is_valid():
        check = two_factor_enrol_confirm(request=request, user=user, device=device, code=form.cleaned_data["code"])
        if check.ok:
            messages.success(request, _("Two-factor authentication is on. From now on, signing in asks for a "
                                        "code from your app."))
            return redirect(next_url)
        error = _code_error(check)
    context = {"form": form, "error": error, "next": next_url, "qr_code": two_factor_qr_data_uri(device),
               "secret": two_factor_secret_text(device), "required": two_factor_required_for(user)}
    return render(request, "accounts/two_factor_enrol.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    next_url = _next_url(request)
    if _verified(user):
        return redirect(next_url)
    if two_factor_device(user) is None:
        # Nothing to verify: set one up if the role requires it, else go on.
        if two_factor_required_for(user):
            return redirect(_with_next("accounts:two_factor_enrol", next_url))
        return redirect(next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = None
    if form.is_bound and form.is_valid():
        check = two_factor_verify(request=request, user=user, code=form.cleaned_data["code"])
        if check.ok:
            return redirect(next_url)
        error = _code_error(check)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "error": error, "next": next_url})


@require_POST
@sensitive_post_parameters("code")
@login_required
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    if two_factor_required_for(user) or two_factor_device(user) is None:
        raise Http404
    form = CodeForm(request.POST)
    check = two_factor_disable(request=request, user=user, code=form.data.get("code", ""))
    if check.ok:
        messages.success(request, _("Two-factor authentication is off."))
    else:
        messages.error(request, _code_error(check))
    return redirect("accounts:security")


@require_POST
@login_required
def two_factor_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A superior resets the second factor of someone who lost their phone (a button on the staff accounts
    page). Outside the caller's reach the account does not exist for them, even through a forged form."""
    user = get_object_or_404(two_factor_resettable_by(_me(request)), pk=pk)
    two_factor_reset(user=user, actor=_me(request), request=request)
    if two_factor_required_for(user):
        text = _("%(name)s's second factor was reset: at their next sign-in they set it up again with their "
                 "authenticator app.")
    else:
        text = _("%(name)s's second factor was reset: they sign in with their password only, until they turn "
                 "it on again.")
    messages.success(request, text % {"name": user.display_name})
    back = reverse("accounts:staff_accounts")
    query = request.POST.get("q", "")[:100]
    return redirect(f"{back}?{urlencode({'q': query})}" if query else back)
