"""What a signed-in session must do before anything else, and when a staff session ends by itself.

- IdleTimeoutMiddleware: a staff session ends after MASSAR_IDLE_TIMEOUT_SECONDS without a request (students and
  parents are exempt: results day should not need a fresh sign-in).
- SignInStepsMiddleware: until the session has passed the second factor (required for administrators and
  officers, or enabled by choice) and, after a temporary password, until a new password is chosen, every page
  leads to that step; the API answers 403 with a JSON message.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import User
from massar.accounts.services import (
    LAST_ACTIVITY_SESSION_KEY,
    is_staff_session,
    two_factor_may_enrol,
    two_factor_required_for,
)

from .web import verified

API_PATH_PREFIX = "/api/"
# Written at most this often, so that a busy session is not saved on every request.
ACTIVITY_WRITE_GRANULARITY_SECONDS = 60
# Pages every pending step allows: leaving, and reading the step in one's own language.
ALWAYS_ALLOWED_VIEWS = frozenset({"accounts:signout", "portals:signout", "portals:language_set", "set_language"})


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and is_staff_session(user) and not request.path.startswith(API_PATH_PREFIX):
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            timeout = settings.MASSAR_IDLE_TIMEOUT_SECONDS
            if isinstance(last, int) and now - last > timeout:
                logout(request)
                minutes = max(1, timeout // 60)
                messages.info(request, ngettext(
                    "You were signed out after %(minutes)s minute without activity. Sign in again to go on.",
                    "You were signed out after %(minutes)s minutes without activity. Sign in again to go on.",
                    minutes) % {"minutes": minutes})
                return redirect_to_login(request.get_full_path())
            if not isinstance(last, int) or now - last >= ACTIVITY_WRITE_GRANULARITY_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


@dataclass(frozen=True)
class PendingStep:
    url_name: str
    allowed_views: frozenset[str]
    code: str
    message: str


def _has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(user: User) -> PendingStep | None:
    """The first thing this signed-in session must still do, or None."""
    two_factor_steps = frozenset({"accounts:two_factor_verify", "accounts:two_factor_enrol"})
    if not verified(user):  # django-otp gives the signed-in user is_verified()
        # Students and parents cannot enrol: no query for them.
        has_device = two_factor_may_enrol(user) and _has_confirmed_device(user)
        if has_device or two_factor_required_for(user):
            return PendingStep(
                url_name="accounts:two_factor_verify" if has_device else "accounts:two_factor_enrol",
                allowed_views=two_factor_steps, code=AccountsErrorCode.TWO_FACTOR_REQUIRED,
                message=_("Finish signing in on the website with your two-factor code first."),
            )
    if user.must_change_password:
        return PendingStep(url_name="accounts:password_choose",
                           allowed_views=frozenset({"accounts:password_choose"}), code=AccountsErrorCode.PASSWORD_CHANGE_REQUIRED,
                           message=_("Choose a new password on the website first."))
    return None


class SignInStepsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        step = pending_step(user)
        if step is None:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in ALWAYS_ALLOWED_VIEWS or view_name in step.allowed_views:
            return None
        if request.path.startswith(API_PATH_PREFIX):
            return JsonResponse({"detail": step.message, "code": step.code}, status=403)
        target = reverse(step.url_name)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)


class PrivateResponsesMiddleware:
    """What is answered to a signed-in person (a session, or an API bearer token) is theirs alone: no browser,
    proxy or shared computer keeps it (`Cache-Control: no-store`). A view that set its own policy keeps it only
    if it already forbids storing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or "authorization" in request.headers
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
