"""Pages: sign-in and sign-out, the second factor, the account's security page.

`signin` and `signout` also answer the old addresses /signin/ and /signout/ (massar/portals/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from massar.access.gates import MemberRequest, client_ip, signed_in
from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.services import (
    CodeCheck,
    signin_attempt,
    two_factor_device,
    two_factor_disable,
    two_factor_enrol_confirm,
    two_factor_may_enrol,
    two_factor_pending_device,
    two_factor_qr_data_uri,
    two_factor_required_for,
    two_factor_secret_text,
    two_factor_verify,
)
from massar.accounts.tokens import api_token_revoke, api_tokens_active

from .forms import CodeForm, SignInForm
from .web import (
    next_url,
    session_signin,
    session_two_factor_verified,
    signin_error_message,
    verified,
    with_next,
)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def signin(request: HttpRequest) -> HttpResponse:
    next_to = next_url(request)
    if request.method != "POST" and request.user.is_authenticated:
        return redirect(next_to)
    form = SignInForm(request.POST if request.method == "POST" else None)
    error, status, retry_after = None, 200, None
    if form.is_bound and form.is_valid():
        result = signin_attempt(request=request, ip_address=client_ip(request),
                                username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if result.user is not None:
            session_signin(request=request, user=result.user, remember_device=form.cleaned_data["remember_device"])
            # The middleware takes it from here: second factor, new password, then `next`.
            response: HttpResponse = redirect(next_to)
            if result.user.preferred_language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, result.user.preferred_language,
                                    max_age=settings.LANGUAGE_COOKIE_AGE,
                                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
                                    secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False))
            return response
        error = signin_error_message(result)
        if result.error == AccountsErrorCode.NETWORK_THROTTLED:
            status, retry_after = 429, result.retry_after_seconds
    context = {
        "form": form, "error": error, "next": next_to,
        "remember_days": settings.MASSAR_REMEMBER_DEVICE_SECONDS // (24 * 60 * 60),
        "temporary_password_hours": settings.MASSAR_TEMPORARY_PASSWORD_HOURS,
    }
    response = render(request, "portals/account/signin.html", context, status=status)
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


# --- Security page: second factor and API tokens --------------------------------------------------------------


@signed_in
def security(request: MemberRequest) -> HttpResponse:
    user = request.user
    context = {
        "device": two_factor_device(user),
        "may_enrol": two_factor_may_enrol(user),
        "two_factor_required": two_factor_required_for(user),
        "tokens": api_tokens_active(user=user),
        "code_form": CodeForm(),
    }
    return render(request, "portals/account/security.html", context)


@require_POST
@signed_in
def security_token_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    api_token = get_object_or_404(api_tokens_active(user=request.user), pk=pk)
    api_token_revoke(api_token=api_token, actor=request.user, ip_address=client_ip(request))
    messages.success(request, _("The token %(prefix)s… no longer works.") % {"prefix": api_token.prefix})
    return redirect("accounts:security")


def _code_error(check: CodeCheck) -> str:
    if check.error == AccountsErrorCode.OTP_THROTTLED:
        seconds = check.retry_after_seconds or 1
        return ngettext("Too many wrong codes. Wait %(seconds)s second and try again.",
                        "Too many wrong codes. Wait %(seconds)s seconds and try again.", seconds) % {
            "seconds": seconds}
    return _("This code is not right. Type the 6 digits your authenticator app shows now.")


@sensitive_post_parameters("code")
@signed_in
def two_factor_enrol(request: MemberRequest) -> HttpResponse:
    user = request.user
    if not two_factor_may_enrol(user):
        raise Http404
    next_to = next_url(request)
    if two_factor_device(user) is not None:
        return redirect(next_to if verified(user) else with_next("accounts:two_factor_verify", next_to))
    device = two_factor_pending_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = None
    if form.is_bound and form.is_valid():
        check = two_factor_enrol_confirm(user=user, device=device, code=form.cleaned_data["code"],
                                         ip_address=client_ip(request))
        if check.ok:
            session_two_factor_verified(request, check.device)
            messages.success(request, _("Two-factor authentication is on. From now on, signing in asks for a "
                                        "code from your app."))
            return redirect(next_to)
        error = _code_error(check)
    context = {"form": form, "error": error, "next": next_to, "qr_code": two_factor_qr_data_uri(device),
               "secret": two_factor_secret_text(device), "required": two_factor_required_for(user)}
    return render(request, "portals/account/two_factor_enrol.html", context)


@sensitive_post_parameters("code")
@never_cache
@signed_in
def two_factor_verify_view(request: MemberRequest) -> HttpResponse:
    user = request.user
    next_to = next_url(request)
    if verified(user):
        return redirect(next_to)
    if two_factor_device(user) is None:
        # Nothing to verify: set one up if the role requires it, else go on.
        if two_factor_required_for(user):
            return redirect(with_next("accounts:two_factor_enrol", next_to))
        return redirect(next_to)
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = None
    if form.is_bound and form.is_valid():
        check = two_factor_verify(user=user, code=form.cleaned_data["code"])
        if check.ok:
            session_two_factor_verified(request, check.device)
            return redirect(next_to)
        error = _code_error(check)
    return render(request, "portals/account/two_factor_verify.html", {"form": form, "error": error, "next": next_to})


@require_POST
@sensitive_post_parameters("code")
@signed_in
def two_factor_disable_view(request: MemberRequest) -> HttpResponse:
    user = request.user
    if two_factor_required_for(user) or two_factor_device(user) is None:
        raise Http404
    form = CodeForm(request.POST)
    check = two_factor_disable(user=user, code=form.data.get("code", ""), ip_address=client_ip(request))
    if check.ok:
        messages.success(request, _("Two-factor authentication is off."))
    else:
        messages.error(request, _code_error(check))
    return redirect("accounts:security")
