"""Pages: activation, forgotten password, reset link, password change, temporary password slip."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from massar.core.roles import Role
from massar.students.selectors import student_enrolment_current

from .activation import ALREADY_ACTIVATED, TOO_MANY_ATTEMPTS, ActivationRefused, student_account_activate
from .forms_recovery import ActivationForm, PasswordChangeForm, PasswordForgotForm, PasswordSetForm
from .models import AccountEventKind
from .recovery import (
    account_from_uidb64,
    accounts_resettable_by,
    password_changed_message,
    password_reset_request,
    password_set,
    reset_request_answer,
    reset_requests_throttled_message,
    temporary_password_issue,
)

ACTIVATED_SESSION_KEY = "massar_activated_signin_name"
# The service's field names that the forms spell differently.
SERVICE_FIELDS = {"password": "password1"}


def _page(request: HttpRequest, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    """render(), with the sign-in page's address that every one of these pages offers."""
    return render(request, template, {"signin_url": resolve_url(settings.LOGIN_URL), **(context or {})},
                  status=status)


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
                password=data["password1"], email=data["email"], language=request.LANGUAGE_CODE, request=request)
        except ActivationRefused as refusal:
            if refusal.code == ALREADY_ACTIVATED:
                return _page(request, "accounts/activation_already.html", {"message": refusal.message})
            form.add_error(None, refusal.message)
            status = 429 if refusal.code == TOO_MANY_ATTEMPTS else 200
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(SERVICE_FIELDS.get(field, field) if field != NON_FIELD_ERRORS else None, problems)
        else:
            request.session[ACTIVATED_SESSION_KEY] = account.username
            return redirect("accounts:activated")
    return _page(request, "accounts/activation_form.html", {"form": form}, status=status)


@never_cache
def activated(request: HttpRequest) -> HttpResponse:
    signin_name = request.session.get(ACTIVATED_SESSION_KEY)
    if not signin_name:
        return redirect("accounts:activate")
    return _page(request, "accounts/activation_done.html",
                  {"signin_name": signin_name, "massar_code": signin_name.split("@")[0]})


# --- Forgotten password ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = PasswordForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if password_reset_request(signin_name=form.cleaned_data["username"], request=request):
            return redirect("accounts:password_forgot_sent")
        form.add_error(None, reset_requests_throttled_message())
        return _page(request, "accounts/password_forgot.html", {"form": form}, status=429)
    return _page(request, "accounts/password_forgot.html", {"form": form})


def password_forgot_sent(request: HttpRequest) -> HttpResponse:
    return _page(request, "accounts/password_forgot_sent.html", {"answer": reset_request_answer()})


class PasswordResetLinkView(PasswordResetConfirmView):
    """Django's pattern: the link's token moves into the session and the browser is sent to a URL without
    it, so the token never leaks in a Referer header or the history. Reused and expired links get a page
    offering a new one."""

    form_class = PasswordSetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = ""

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def get_user(self, uidb64):
        return account_from_uidb64(uidb64)

    def form_valid(self, form):
        password_set(user=self.user, password=form.cleaned_data["password1"],
                     kind=AccountEventKind.PASSWORD_RESET, request=self.request)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return _page(request, "accounts/password_reset_complete.html")


# --- Changing one's password ----------------------------------------------------------------------------


def _password_saved(request: HttpRequest, form: PasswordSetForm) -> HttpResponse:
    password_set(user=request.user, password=form.cleaned_data["password1"],
                 kind=AccountEventKind.PASSWORD_CHANGED, request=request)
    # This session stays; every other one ends (its hash no longer matches the password).
    update_session_auth_hash(request, request.user)
    messages.success(request, password_changed_message())
    return redirect(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("old_password", "password1", "password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    if request.user.must_change_password:
        return redirect("accounts:password_choose")
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form)
    return _page(request, "accounts/password_change.html", {"form": form, "choosing": False})


@sensitive_post_parameters("password1", "password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_choose(request: HttpRequest) -> HttpResponse:
    """After signing in with a temporary password: a new password, without the old one."""
    if not request.user.must_change_password:
        return redirect("accounts:password_change")
    form = PasswordSetForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form)
    return _page(request, "accounts/password_change.html", {"form": form, "choosing": True})


# --- Reset by the administration ------------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def temporary_password(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    """The administrator presses "reset" on an account row: a new temporary password, on a printable slip.
    The page is not kept by the browser (Cache-Control: no-store) and a reload issues another password.

    The account is in the path, or (for a list that only knows this page's URL) in the POST field `user_id`.
    """
    if request.user.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied
    if user_id is None:
        raw = request.POST.get("user_id", "")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Http404
        user_id = int(raw)
    account = get_object_or_404(accounts_resettable_by(request.user).select_related("student", "guardian"),
                                pk=user_id)
    password = temporary_password_issue(user=account, actor=request.user, request=request)
    account.refresh_from_db(fields=["temporary_password_expires_at"])
    school = request.user.staff_member.school
    enrolment = student_enrolment_current(student=account.student) if account.student_id else None
    return _page(request, "accounts/temporary_password_slip.html", {
        "account": account, "password": password, "school": school, "enrolment": enrolment,
        "signin_url": settings.SITE_URL + resolve_url(settings.LOGIN_URL),
    })
