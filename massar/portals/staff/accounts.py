"""Staff pages that administer accounts, under /account/ (names `accounts:<name>`): the school's student and
parent accounts (temporary passwords), a student's guardians, staff accounts (creation, invitation, second-factor
reset), locked accounts (unlock). Rows always come from the caller's scope; who may act is decided by the
accounts domain (its selectors and services), the gates only let the right roles in.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from massar.access.gates import MemberRequest, client_ip, roles_required, signed_in
from massar.accounts import selectors, services
from massar.accounts.models import User
from massar.accounts.scopes import accounts_visible_to
from massar.core.roles import Role
from massar.portals.account.forms import GuardianAccountLinkForm, GuardianAddForm, StaffInvitationForm
from massar.portals.account.web import errors_to_form, page
from massar.staff.models import StaffMember
from massar.students.models import Student
from massar.students.scopes import guardian_links_visible_to, students_visible_to
from massar.students.selectors import student_enrolment_current

PAGE_SIZE = 50
STAFF_ADMINISTRATION_ROLES = (Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                              Role.MINISTRY_OFFICER)


def account_action_url(view_name: str, user_pk: int) -> str:
    """The URL of an action on one account (unlock, temporary password): with the account in the path (`pk`
    or `user_id`), or a page taking `user_id` in the POST; "" when no such page exists (no button)."""
    for kwargs in ({"pk": user_pk}, {"user_id": user_pk}, None):
        try:
            return reverse(view_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def _back_to_staff_accounts(request: MemberRequest) -> HttpResponse:
    back = reverse("accounts:staff_accounts")
    query = request.POST.get("q", "")[:100]
    return redirect(f"{back}?{urlencode({'q': query})}" if query else back)


# --- The school: guardians of a student, accounts of students and parents ------------------------------------


@roles_required(Role.SCHOOL_ADMIN)
@require_http_methods(["GET", "POST"])
def student_guardians(request: MemberRequest, massar_code: str) -> HttpResponse:
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    add_form = GuardianAddForm(prefix="add")
    link_form = GuardianAccountLinkForm(prefix="link")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = GuardianAddForm(request.POST, prefix="add")
            if add_form.is_valid():
                try:
                    link = services.guardian_add(student=student, actor=request.user,
                                                 ip_address=client_ip(request), **add_form.cleaned_data)
                except ValidationError as error:
                    errors_to_form(add_form, error)
                else:
                    messages.success(request, _("%(name)s is now listed as a guardian.")
                                     % {"name": link.guardian.full_name})
                    return redirect("accounts:student_guardians", massar_code=student.massar_code)
        elif action == "link":
            link_form = GuardianAccountLinkForm(request.POST, prefix="link")
            if link_form.is_valid():
                try:
                    link, created = services.guardian_account_link(student=student, actor=request.user,
                                                                   ip_address=client_ip(request),
                                                                   **link_form.cleaned_data)
                except ValidationError as error:
                    errors_to_form(link_form, error)
                else:
                    text = (_("%(name)s's account is now linked to this student.") if created else
                            _("%(name)s's account was already linked to this student: nothing changed."))
                    messages.success(request, text % {"name": link.guardian.full_name})
                    return redirect("accounts:student_guardians", massar_code=student.massar_code)
        else:
            return HttpResponse(status=400)
    links = (guardian_links_visible_to(request.user).filter(student=student)
             .select_related("guardian__account").order_by("linked_at", "pk"))
    return render(request, "portals/staff/accounts/guardian_list.html",
                  {"student": student, "links": links, "add_form": add_form, "link_form": link_form})


@dataclass(frozen=True)
class AccountRow:
    """A line of the school's accounts page: a student (or a parent's account), whether its account is locked
    (and until when) and the actions on it ("Unlock" only on a locked one)."""

    person: Student | User
    account: User | None
    locked_until: datetime | None
    unlock_url: str
    temporary_password_url: str


def _account_rows(pairs: list[tuple[Student | User, User | None]]) -> list[AccountRow]:
    locked = services.accounts_locked_until(users=[account for _person, account in pairs if account is not None])
    # A button appears only when its page exists in this deployment (and Unlock only on a locked account).
    return [AccountRow(
        person=person, account=account, locked_until=locked.get(account.pk) if account else None,
        unlock_url=account_action_url("accounts:account_unlock", account.pk)
        if account and account.pk in locked else "",
        temporary_password_url=account_action_url("accounts:temporary_password", account.pk) if account else "")
        for person, account in pairs]


@roles_required(Role.SCHOOL_ADMIN)
@require_GET
def school_accounts(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    show = "parents" if request.GET.get("show") == "parents" else "students"
    page: Page[User] | Page[Student]
    if show == "parents":
        page = Paginator(selectors.school_parent_accounts(actor=request.user, query=query),
                         PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _account_rows([(parent, parent) for parent in page])
    else:
        students = Paginator(selectors.school_student_accounts(actor=request.user, query=query),
                             PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _account_rows([(student, _student_account(student)) for student in students])
        page = students
    return render(request, "portals/staff/accounts/school_accounts.html", {
        "query": query, "show": show, "page": page, "rows": rows,
        "querystring": urlencode({"q": query, "show": show}), "here": request.get_full_path(),
    })


def _student_account(student: Student) -> User | None:
    try:
        return student.account
    except User.DoesNotExist:
        return None


# --- Staff accounts -------------------------------------------------------------------------------------------


@roles_required(*STAFF_ADMINISTRATION_ROLES)
@require_http_methods(["GET", "POST"])
def staff_account_list(request: MemberRequest) -> HttpResponse:
    if request.method == "POST":
        return _staff_account_action(request)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.staff_account_list(actor=request.user, query=query),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    accounts = {member.pk: selectors.staff_account_of(member) for member in page}
    # "Reset second factor" where the caller may (a lost phone): one query for the page's accounts.
    on_page = [account.pk for account in accounts.values() if account is not None]
    resettable = set(services.two_factor_resettable_by(request.user).filter(pk__in=on_page)
                     .values_list("pk", flat=True))
    rows = [StaffRow(member=member, account=accounts[member.pk],
                     status=selectors.staff_account_status(member).value,
                     two_factor_reset_url=_two_factor_reset_url(accounts[member.pk], resettable))
            for member in page]
    return render(request, "portals/staff/accounts/staff_accounts.html",
                  {"page": page, "rows": rows, "query": query, "querystring": urlencode({"q": query})})


@dataclass(frozen=True)
class StaffRow:
    """A line of the staff accounts page: a staff member, their account (if any) and what may be done."""

    member: StaffMember
    account: User | None
    status: str
    two_factor_reset_url: str


def _two_factor_reset_url(account: User | None, resettable: set[int]) -> str:
    if account is None or account.pk not in resettable:
        return ""
    return reverse("accounts:two_factor_reset", kwargs={"pk": account.pk})


def _staff_account_action(request: MemberRequest) -> HttpResponse:
    staff_pk = request.POST.get("staff_member", "")
    if not staff_pk.isdigit():
        raise Http404
    # Outside the caller's scope (or at a level they do not oversee): not found, whatever the POST says.
    member = get_object_or_404(selectors.staff_manageable_by(request.user), pk=int(staff_pk))
    action = request.POST.get("action")
    form = StaffInvitationForm(request.POST)
    name = {"name": member.full_name_latin}
    if action not in ("create", "resend"):
        return HttpResponse(status=400)
    if not form.is_valid():
        messages.error(request, _("%(name)s: enter a valid e-mail address.") % name)
    else:
        service = services.staff_account_create if action == "create" else services.staff_invitation_resend
        try:
            account = service(staff_member=member, actor=request.user, email=form.cleaned_data["email"],
                              ip_address=client_ip(request))
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem if name["name"] in problem
                               else _("%(name)s: %(problem)s") % {**name, "problem": problem})
        else:
            messages.success(request, _("%(name)s's account is %(username)s: an invitation was sent to "
                                        "%(email)s.") % {**name, "username": account.username,
                                                         "email": account.email})
    return _back_to_staff_accounts(request)



# --- Locked accounts ------------------------------------------------------------------------------------------


@roles_required(*services.UNLOCK_ROLES, superuser=True)
def locked_accounts(request: MemberRequest) -> HttpResponse:
    return render(request, "portals/staff/accounts/locked_accounts.html",
                  {"locked": services.locked_accounts_for(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
@roles_required(*services.UNLOCK_ROLES, superuser=True)
def account_unlock_view(request: MemberRequest, pk: int) -> HttpResponse:
    if request.method != "POST":  # the address of the button (a reload, a language switch): the list it is on
        return redirect("accounts:locked_accounts")
    # Outside the administrator's scope the account does not exist for them, even through a forged form.
    user = get_object_or_404(accounts_visible_to(request.user), pk=pk)
    services.account_unlock(user=user, actor=request.user, ip_address=client_ip(request))
    messages.success(request, _("%(name)s can sign in again now.") % {"name": user.display_name})
    return redirect(_back_here(request, reverse("accounts:locked_accounts")))


def _back_here(request: MemberRequest, default: str) -> str:
    """The page the button was on (a `next` field of this site, e.g. the accounts list with its search), else
    `default`: the answer to an action is always a GET of a page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "HEAD", "POST"])
@roles_required(*STAFF_ADMINISTRATION_ROLES, superuser=True)
def two_factor_reset_view(request: MemberRequest, pk: int) -> HttpResponse:
    """A superior resets the second factor of someone who lost their phone (a button on the staff accounts
    page). Outside the caller's reach the account does not exist for them, even through a forged form."""
    if request.method != "POST":  # the address of the button: the page it is on
        return redirect("accounts:staff_accounts")
    user = get_object_or_404(services.two_factor_resettable_by(request.user), pk=pk)
    services.two_factor_reset(user=user, actor=request.user, ip_address=client_ip(request))
    if services.two_factor_required_for(user):
        text = _("%(name)s's second factor was reset: at their next sign-in they set it up again with their "
                 "authenticator app.")
    else:
        text = _("%(name)s's second factor was reset: they sign in with their password only, until they turn "
                 "it on again.")
    messages.success(request, text % {"name": user.display_name})
    return _back_to_staff_accounts(request)


# --- Temporary passwords ------------------------------------------------------------------------------------


@never_cache
@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def temporary_password(request: MemberRequest, user_id: int | None = None) -> HttpResponse:
    """The administrator presses "reset" on an account row: a new temporary password, on a printable slip.
    The page is not kept by the browser (Cache-Control: no-store) and a reload issues another password.

    The account is in the path, or (for a list that only knows this page's URL) in the POST field `user_id`.
    Other roles are refused (403: the button is theirs to see on no page). The slip is the one answer to a POST
    that is not a redirect, on purpose: the password is shown once and never kept. A GET of this address (a
    reload, a language switch) goes back to the accounts page and says how to get another slip.
    """
    if request.user.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied
    if request.method != "POST":
        messages.info(request, _("A temporary password is shown only once, when it is issued: press “Reset: print "
                                 "a temporary password” again to issue a new one."))
        return redirect("accounts:school_accounts")
    if user_id is None:
        raw = request.POST.get("user_id", "")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Http404
        user_id = int(raw)
    account = get_object_or_404(services.accounts_resettable_by(request.user).select_related("student", "guardian"),
                                pk=user_id)
    password = services.temporary_password_issue(user=account, actor=request.user, ip_address=client_ip(request))
    account.refresh_from_db(fields=["temporary_password_expires_at"])
    assert request.user.staff_member is not None  # a school administrator is a staff member of their school
    school = request.user.staff_member.school
    enrolment = student_enrolment_current(student=account.student) if account.student is not None else None
    return page(request, "portals/staff/accounts/temporary_password_slip.html", {
        "account": account, "password": password, "school": school, "enrolment": enrolment,
        "signin_url": settings.SITE_URL + resolve_url(settings.LOGIN_URL),
    })
