"""Pages for parents (sign-up, e-mail confirmation, add a child) and the staff invitation link. Writes go
through the accounts services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from massar.access.gates import MemberRequest, client_ip, roles_required
from massar.accounts import services
from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.links import LinkState
from massar.core.errors import DomainError
from massar.core.roles import Role
from massar.students.scopes import students_visible_to

from .forms import ChildAddForm, InvitationAcceptForm, ParentConfirmForm, ParentSignupForm
from .web import errors_to_form, secret_link_page

# --- Parents ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parent_signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portals:my_space")
    form = ParentSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_signup(**form.service_arguments(), ip_address=client_ip(request))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            # The same answer whether the address was new or already had an account.
            return redirect("accounts:parent_signup_sent")
    return render(request, "portals/account/parent_signup.html", {"form": form})


@require_GET
def parent_signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portals/account/parent_signup_sent.html",
                  {"days": settings.MASSAR_PARENT_CONFIRM_LINK_SECONDS // (24 * 60 * 60)})


@require_http_methods(["GET", "POST"])
def parent_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The e-mailed link: the details to check and the password to choose (a mail scanner opening the link uses
    nothing up: only the form's POST does)."""
    state, account = services.parent_confirmation_state(uidb64=uidb64, token=token)
    form = (ParentConfirmForm(account, request.POST or None)
            if state is LinkState.VALID and account is not None else None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            state = services.parent_email_confirm(uidb64=uidb64, token=token,
                                                  password=form.cleaned_data["password1"], **form.details(),
                                                  ip_address=client_ip(request))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if state is LinkState.VALID:
                messages.success(request, _("Your e-mail is confirmed and your account is active. Sign in with "
                                            "your e-mail address and your new password, then add your children."))
                return redirect("accounts:signin")
            form = None
    response = render(request, "portals/account/parent_confirm.html",
                      {"state": state.value, "form": form, "account": account if form is not None else None,
                       "reset_url": reverse("accounts:password_forgot")})
    return secret_link_page(response)


@roles_required(Role.PARENT)
@require_http_methods(["GET", "POST"])
def child_add(request: MemberRequest) -> HttpResponse:
    form = ChildAddForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            linked = services.child_link(parent=request.user, ip_address=client_ip(request), **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as refused:
            form.add_error(None, refused.message)
            status = 429 if refused.code == AccountsErrorCode.CHILD_LINK_THROTTLED else 200
        else:
            name = {"name": linked.student.full_name, "code": linked.student.massar_code}
            if linked.created:
                messages.success(request, _("%(name)s (%(code)s) is now linked to your account.") % name)
            else:
                messages.info(request, _("%(name)s (%(code)s) was already linked to your account: nothing "
                                         "changed.") % name)
            return redirect("portals:my_space")
    children = students_visible_to(request.user).order_by("last_name_latin", "first_name_latin")
    return render(request, "portals/account/child_add.html", {"form": form, "children": children}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    state, account = services.staff_invitation_state(uidb64=uidb64, token=token)
    form = (InvitationAcceptForm(account, request.POST or None)
            if state is LinkState.VALID and account is not None else None)
    accepted = None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            accepted = services.staff_invitation_accept(uidb64=uidb64, token=token,
                                                        password=form.cleaned_data["password1"],
                                                        ip_address=client_ip(request))
        except services.InvitationRefused as refused:
            state, form = refused.state, None
        except ValidationError as error:
            form.add_error("password1", error)
    response = render(request, "portals/account/invitation_accept.html",
                      {"state": state.value, "form": form, "account": account if state is LinkState.VALID else None,
                       "accepted": accepted})
    return secret_link_page(response)
