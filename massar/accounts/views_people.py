"""Pages for parent accounts (sign-up, confirmation, add a child), the school's guardians and accounts lists,
and staff accounts (creation, invitation, and the button that resets a second factor). Rows always come from
the caller's scope; writes go through parents.py, staff_accounts.py and two_factor.py."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from massar.core.roles import Role
from massar.students.scopes import guardian_links_visible_to, students_visible_to

from . import parents, staff_accounts
from .forms_people import (
    ChildAddForm,
    GuardianAccountLinkForm,
    GuardianAddForm,
    InvitationAcceptForm,
    ParentSignupForm,
    StaffInvitationForm,
)
from .links import LinkState, secret_link_page
from .models import User
from .parents import ChildLinkRefused
from .two_factor import two_factor_resettable_by

PAGE_SIZE = 50
STAFF_ADMINISTRATION_ROLES = (Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                              Role.MINISTRY_OFFICER)


def roles_only(*roles: str) -> Callable:
    """Signed-in accounts of these roles; anyone else is told the page does not exist (404, as for a
    foreign object: a page's existence is not a hint for other roles)."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def _errors_to_form(form: Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def url_if_exists(view_name: str) -> str:
    """A page of another part of the accounts work that may not exist yet: its URL, or ""."""
    try:
        return reverse(view_name)
    except NoReverseMatch:
        return ""


def account_action_url(view_name: str, user_pk: int) -> str:
    """The URL of an action on one account (unlock, temporary password) that another part of the accounts
    work provides: with the account in the path (`pk` or `user_id`), or a page taking `user_id` in the POST;
    "" while no such page exists, and the button is not shown."""
    for kwargs in ({"pk": user_pk}, {"user_id": user_pk}, None):
        try:
            return reverse(view_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


# --- Parents ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parent_signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portals:my_space")
    form = ParentSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            parents.parent_signup(**form.service_arguments(), request=request)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            # The same answer whether the address was new or already had an account.
            return redirect("accounts:parent_signup_sent")
    return render(request, "accounts/parent_signup.html", {"form": form})


@require_GET
def parent_signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/parent_signup_sent.html",
                  {"days": settings.MASSAR_PARENT_CONFIRM_LINK_SECONDS // (24 * 60 * 60)})


@require_http_methods(["GET", "POST"])
def parent_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must not use them up."""
    if request.method == "POST":
        state = parents.parent_email_confirm(uidb64=uidb64, token=token, request=request)
        confirmed = state is LinkState.VALID
    else:
        state, _user = parents.parent_confirmation_state(uidb64=uidb64, token=token)
        confirmed = False
    response = render(request, "accounts/parent_confirm.html",
                      {"state": state.value, "confirmed": confirmed,
                       "reset_url": url_if_exists("accounts:password_forgot")})
    return secret_link_page(response)


@roles_only(Role.PARENT)
@require_http_methods(["GET", "POST"])
def child_add(request: HttpRequest) -> HttpResponse:
    form = ChildAddForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            linked = parents.child_link(parent=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        except ChildLinkRefused as refused:
            form.add_error(None, refused.message)
            status = 429 if refused.code == ChildLinkRefused.THROTTLED else 200
        else:
            name = {"name": linked.student.full_name, "code": linked.student.massar_code}
            if linked.created:
                messages.success(request, _("%(name)s (%(code)s) is now linked to your account.") % name)
            else:
                messages.info(request, _("%(name)s (%(code)s) was already linked to your account: nothing "
                                         "changed.") % name)
            return redirect("portals:my_space")
    children = students_visible_to(request.user).order_by("last_name_latin", "first_name_latin")
    return render(request, "accounts/child_add.html", {"form": form, "children": children}, status=status)


# --- The school: guardians of a student, accounts of students and parents ------------------------------------


@roles_only(Role.SCHOOL_ADMIN)
@require_http_methods(["GET", "POST"])
def student_guardians(request: HttpRequest, massar_code: str) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    add_form = GuardianAddForm(prefix="add")
    link_form = GuardianAccountLinkForm(prefix="link")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = GuardianAddForm(request.POST, prefix="add")
            if add_form.is_valid():
                try:
                    link = parents.guardian_add(student=student, actor=request.user, request=request,
                                                **add_form.cleaned_data)
                except ValidationError as error:
                    _errors_to_form(add_form, error)
                else:
                    messages.success(request, _("%(name)s is now listed as a guardian.")
                                     % {"name": link.guardian.full_name})
                    return redirect("accounts:student_guardians", massar_code=student.massar_code)
        elif action == "link":
            link_form = GuardianAccountLinkForm(request.POST, prefix="link")
            if link_form.is_valid():
                try:
                    link, created = parents.guardian_account_link(student=student, actor=request.user,
                                                                  request=request, **link_form.cleaned_data)
                except ValidationError as error:
                    _errors_to_form(link_form, error)
                else:
                    text = (_("%(name)s's account is now linked to this student.") if created else
                            _("%(name)s's account was already linked to this student: nothing changed."))
                    messages.success(request, text % {"name": link.guardian.full_name})
                    return redirect("accounts:student_guardians", massar_code=student.massar_code)
        else:
            return HttpResponse(status=400)
    links = (guardian_links_visible_to(request.user).filter(student=student)
             .select_related("guardian__account").order_by("linked_at", "pk"))
    return render(request, "accounts/guardian_list.html",
                  {"student": student, "links": links, "add_form": add_form, "link_form": link_form})


@roles_only(Role.SCHOOL_ADMIN)
@require_GET
def school_accounts(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    show = "parents" if request.GET.get("show") == "parents" else "students"
    if show == "parents":
        rows = parents.school_parent_accounts(actor=request.user, query=query)
    else:
        rows = parents.school_student_accounts(actor=request.user, query=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        account = row if show == "parents" else _student_account(row)
        row.account_or_none = account
        # Unlock and temporary password belong to other parts of the accounts work: a button appears only
        # when the page exists in this deployment.
        row.unlock_url = account_action_url("accounts:account_unlock", account.pk) if account else ""
        row.temporary_password_url = (account_action_url("accounts:temporary_password", account.pk)
                                      if account else "")
    return render(request, "accounts/school_accounts.html", {
        "query": query, "show": show, "page": page, "querystring": urlencode({"q": query, "show": show}),
    })


def _student_account(student) -> User | None:
    try:
        return student.account
    except User.DoesNotExist:
        return None


# --- Staff accounts -------------------------------------------------------------------------------------------


@roles_only(*STAFF_ADMINISTRATION_ROLES)
@require_http_methods(["GET", "POST"])
def staff_account_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _staff_account_action(request)
    query = request.GET.get("q", "").strip()[:100]
    rows = staff_accounts.staff_account_list(actor=request.user, query=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for member in page:
        member.account_status = staff_accounts.staff_account_status(member).value
        member.account_or_none = staff_accounts.staff_account_of(member)
    # "Reset second factor" where the caller may (a lost phone): one query for the page's accounts.
    on_page = [member.account_or_none.pk for member in page if member.account_or_none]
    resettable = set(two_factor_resettable_by(request.user).filter(pk__in=on_page).values_list("pk", flat=True))
    for member in page:
        account = member.account_or_none
        member.two_factor_reset_url = (reverse("accounts:two_factor_reset", kwargs={"pk": account.pk})
                                       if account and account.pk in resettable else "")
    return render(request, "accounts/staff_accounts.html",
                  {"page": page, "query": query, "querystring": urlencode({"q": query})})


def _staff_account_action(request: HttpRequest) -> HttpResponse:
    staff_pk = request.POST.get("staff_member", "")
    if not staff_pk.isdigit():
        raise Http404
    # Outside the caller's scope (or at a level they do not oversee): not found, whatever the POST says.
    member = get_object_or_404(staff_accounts.staff_manageable_by(request.user), pk=int(staff_pk))
    action = request.POST.get("action")
    form = StaffInvitationForm(request.POST)
    name = {"name": member.full_name_latin}
    if action not in ("create", "resend"):
        return HttpResponse(status=400)
    if not form.is_valid():
        messages.error(request, _("%(name)s: enter a valid e-mail address.") % name)
    else:
        service = (staff_accounts.staff_account_create if action == "create"
                   else staff_accounts.staff_invitation_resend)
        try:
            account = service(staff_member=member, actor=request.user, email=form.cleaned_data["email"],
                              request=request)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem if name["name"] in problem
                               else _("%(name)s: %(problem)s") % {**name, "problem": problem})
        else:
            messages.success(request, _("%(name)s's account is %(username)s: an invitation was sent to "
                                        "%(email)s.") % {**name, "username": account.username,
                                                         "email": account.email})
    back = reverse("accounts:staff_accounts")
    query = request.POST.get("q", "")[:100]
    return redirect(f"{back}?{urlencode({'q': query})}" if query else back)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    state, account = staff_accounts.staff_invitation_state(uidb64=uidb64, token=token)
    form = InvitationAcceptForm(account, request.POST or None) if state is LinkState.VALID else None
    accepted = None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            accepted = staff_accounts.staff_invitation_accept(uidb64=uidb64, token=token,
                                                              password=form.cleaned_data["password1"],
                                                              request=request)
        except staff_accounts.InvitationRefused as refused:
            state, form = refused.state, None
        except ValidationError as error:
            form.add_error("password1", error)
    response = render(request, "accounts/invitation_accept.html",
                      {"state": state.value, "form": form, "account": account if state is LinkState.VALID else None,
                       "accepted": accepted})
    return secret_link_page(response)
