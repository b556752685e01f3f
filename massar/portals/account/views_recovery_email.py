"""Pages: the recovery e-mail (see it, confirm it, change it) and the link that confirms it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from massar.access.gates import MemberRequest, client_ip, signed_in
from massar.accounts.links import LinkState
from massar.accounts.services import (
    link_days,
    recovery_email_change,
    recovery_email_confirm,
    recovery_email_confirmation_resend,
    recovery_email_link_state,
)
from massar.core.roles import Role

from .forms import RecoveryEmailChangeForm
from .web import secret_link_page


@sensitive_post_parameters("password")
@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def recovery_email(request: MemberRequest) -> HttpResponse:
    """Every signed-in account: its recovery e-mail and whether it is confirmed; send the link again;
    change the address (with the current password)."""
    account = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    form = RecoveryEmailChangeForm(request.POST if action == "change" else None)
    if action == "resend":
        try:
            recovery_email_confirmation_resend(user=account)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A new confirmation link was sent to %(email)s.") % {"email": account.email})
        return redirect("accounts:recovery_email")
    if action == "change":
        if form.is_valid():
            try:
                recovery_email_change(user=account, email=form.cleaned_data["email"],
                                      password=form.cleaned_data["password"], ip_address=client_ip(request))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, problems in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, problems)
                else:  # too many confirmation messages this hour
                    form.add_error(None, error)
            else:
                messages.success(request, _(
                    "Your recovery e-mail is now %(email)s. Open the link we sent there to confirm it: until then, "
                    "no password reset link is sent to it.") % {"email": account.email})
                return redirect("accounts:recovery_email")
    elif action is not None:
        return HttpResponseBadRequest()
    return render(request, "portals/account/recovery_email.html", {
        "account": account, "form": form, "days": link_days(), "is_parent": account.role == Role.PARENT,
    })


@require_http_methods(["GET", "POST"])
def recovery_email_confirm_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must not use them up. Anyone holding
    the link may confirm (it proves the mailbox is read), signed in or not."""
    if request.method == "POST":
        state = recovery_email_confirm(uidb64=uidb64, token=token, ip_address=client_ip(request))
        confirmed = state is LinkState.VALID
        account = None
    else:
        state, account = recovery_email_link_state(uidb64=uidb64, token=token)
        confirmed = False
    response = render(request, "portals/account/recovery_email_confirm.html", {
        "state": state.value, "confirmed": confirmed,
        "email": account.email if account is not None and state is LinkState.VALID else "",
    })
    return secret_link_page(response)
