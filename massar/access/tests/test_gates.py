"""The page gate and the API caller dependency, with stand-in accounts: anonymous visitors are sent to sign in,
other roles get the not-found page (pages) or a coded refusal (API)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from massar.access.error_codes import AccessErrorCode
from massar.access.gates import api_caller, api_caller_in, roles_required, staff_required
from massar.core.errors import NotAuthenticated, Refused
from massar.core.roles import Role


def member(role: str, *, is_superuser=False, is_active=True):
    return SimpleNamespace(role=role, is_superuser=is_superuser, is_active=is_active, is_authenticated=True)


def request_by(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


@roles_required(Role.TEACHER)
def teachers_page(request):
    return HttpResponse("for teachers")


@roles_required(Role.SCHOOL_ADMIN, superuser=True)
def administration_page(request):
    return HttpResponse("for the administration")


@staff_required
def staff_page(request):
    return HttpResponse("for staff")


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = teachers_page(request_by(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_the_named_role_passes():
    assert teachers_page(request_by(member(Role.TEACHER))).content == b"for teachers"


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PARENT, Role.SCHOOL_ADMIN, Role.MINISTRY_OFFICER])
def test_any_other_account_gets_the_not_found_page(role):
    with pytest.raises(Http404):
        teachers_page(request_by(member(role)))


def test_a_superuser_passes_only_where_the_gate_says_so():
    root = member(Role.MINISTRY_OFFICER, is_superuser=True)
    assert administration_page(request_by(root)).status_code == 200
    with pytest.raises(Http404):
        teachers_page(request_by(root))


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SCHOOL_ADMIN, Role.ACADEMY_OFFICER])
def test_staff_pages_let_staff_through(role):
    assert staff_page(request_by(member(role))).status_code == 200


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PARENT])
def test_staff_pages_are_not_found_for_families(role):
    with pytest.raises(Http404):
        staff_page(request_by(member(role)))


def api_request(auth):
    request = RequestFactory().get("/api/v1/somewhere")
    request.auth = auth  # set by the API's authentication class
    return request


def test_the_api_caller_is_the_account_or_its_tokens_account():
    account = member(Role.TEACHER)
    assert api_caller(api_request(account)) is account
    assert api_caller(api_request(SimpleNamespace(user=account))) is account


@pytest.mark.parametrize("auth", [None, member(Role.TEACHER, is_active=False), AnonymousUser()])
def test_nobody_or_an_inactive_account_is_not_authenticated(auth):
    with pytest.raises(NotAuthenticated) as refused:
        api_caller(api_request(auth))
    assert refused.value.code == AccessErrorCode.NOT_AUTHENTICATED


def test_an_api_caller_of_another_role_is_refused_with_the_callers_code():
    request = api_request(member(Role.PARENT))
    with pytest.raises(Refused) as refused:
        api_caller_in(request, {Role.TEACHER}, code="teachers_only", message="Teachers only.")
    assert refused.value.code == "teachers_only"
    assert api_caller_in(api_request(member(Role.TEACHER)), {Role.TEACHER}, code="x", message="").role == Role.TEACHER
