"""Pages: activation, forgotten password, reset link, password change."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from massar.access.gates import MemberRequest, client_ip, signed_in
from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.links import account_from_uidb64
from massar.accounts.models import AccountEventKind, User
from massar.accounts.services import (
    password_changed_message,
    password_reset_request,
    password_set,
    reset_request_answer,
    reset_requests_throttled_message,
    student_account_activate,
)
from massar.accounts.validation import ActivationForm, PasswordForgotForm, PasswordSetForm
from massar.core.errors import DomainError

from .forms import PasswordChangeForm
from .web import SECRET_LINK_REFERRER_POLICY, page

ACTIVATED_SESSION_KEY = "massar_activated_signin_name"
# The service's field names that the forms spell differently.
SERVICE_FIELDS = {"password": "password1"}


# --- Activation -----------------------------------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    form = ActivationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = student_account_activate(
                massar_code=data["massar_code"], birth_date=data["birth_date"], last_name=data["last_name"],
                password=data["password1"], email=data["email"], language=request.LANGUAGE_CODE,
                ip_address=client_ip(request))
        except DomainError as refusal:
            if refusal.code == AccountsErrorCode.ALREADY_ACTIVATED:
                return page(request, "portals/account/activation_already.html", {"message": refusal.message})
            form.add_error(None, refusal.message)
            status = 429 if refusal.code == AccountsErrorCode.TOO_MANY_ATTEMPTS else 200
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(SERVICE_FIELDS.get(field, field) if field != NON_FIELD_ERRORS else None, problems)
        else:
            request.session[ACTIVATED_SESSION_KEY] = account.username
            return redirect("accounts:activated")
    return page(request, "portals/account/activation_form.html", {"form": form}, status=status)


@never_cache
def activated(request: HttpRequest) -> HttpResponse:
    signin_name = request.session.get(ACTIVATED_SESSION_KEY)
    if not signin_name:
        return redirect("accounts:activate")
    return page(request, "portals/account/activation_done.html",
                  {"signin_name": signin_name, "massar_code": signin_name.split("@")[0]})


# --- Forgotten password ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = PasswordForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if password_reset_request(signin_name=form.cleaned_data["username"], ip_address=client_ip(request)):
            return redirect("accounts:password_forgot_sent")
        form.add_error(None, reset_requests_throttled_message())
        return page(request, "portals/account/password_forgot.html", {"form": form}, status=429)
    return page(request, "portals/account/password_forgot.html", {"form": form})


def password_forgot_sent(request: HttpRequest) -> HttpResponse:
    return page(request, "portals/account/password_forgot_sent.html", {"answer": reset_request_answer()})


class PasswordResetLinkView(PasswordResetConfirmView):
    """Django's pattern: the link's token moves into the session and the browser is sent to a URL without
    it, so the token never leaks in a Referer header or the history. Reused and expired links get a page
    offering a new one."""

    # Django's stub names SetPasswordForm; ours takes the same (user, data) and follows our password rules.
    form_class = PasswordSetForm  # type: ignore[assignment]
    template_name = "portals/account/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = ""

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(*args, **kwargs)
        response.headers["Referrer-Policy"] = SECRET_LINK_REFERRER_POLICY
        return response

    def get_user(self, uidb64: str) -> User | None:
        return account_from_uidb64(uidb64, active_only=True)

    def form_valid(self, form: Form) -> HttpResponse:
        assert isinstance(self.user, User)  # dispatch() found the link's account before the form was shown
        password_set(user=self.user, password=form.cleaned_data["password1"],
                     kind=AccountEventKind.PASSWORD_RESET, ip_address=client_ip(self.request))
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return page(request, "portals/account/password_reset_complete.html")


# --- Changing one's password ----------------------------------------------------------------------------


def _password_saved(request: MemberRequest, form: PasswordSetForm) -> HttpResponse:
    password_set(user=request.user, password=form.cleaned_data["password1"],
                 kind=AccountEventKind.PASSWORD_CHANGED, ip_address=client_ip(request))
    # This session stays; every other one ends (its hash no longer matches the password).
    update_session_auth_hash(request, request.user)
    messages.success(request, password_changed_message())
    return redirect(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("old_password", "password1", "password2")
@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request: MemberRequest) -> HttpResponse:
    if request.user.must_change_password:
        return redirect("accounts:password_choose")
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form)
    return page(request, "portals/account/password_change.html", {"form": form, "choosing": False})


@sensitive_post_parameters("password1", "password2")
@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def password_choose(request: MemberRequest) -> HttpResponse:
    """After signing in with a temporary password: a new password, without the old one."""
    if not request.user.must_change_password:
        return redirect("accounts:password_change")
    form = PasswordSetForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form)
    return page(request, "portals/account/password_change.html", {"form": form, "choosing": True})
