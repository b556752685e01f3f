"""A parent adds a child with the Massar code and the birth date: exact match, one message for every mismatch,
throttled per account and per address, idempotent; and the parent space has no other write path."""

import re

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from massar.accounts.models import AccountEvent, AccountEventKind
from massar.accounts.services import child_no_match_message
from massar.students.models import Student, StudentGuardian
from massar.testing import factories as make

ADD = "/account/parent/children/add/"


def attempt(client, student_or_code, birth_date, relation="father", **extra):
    code = student_or_code.massar_code if isinstance(student_or_code, Student) else student_or_code
    return client.post(ADD, {"massar_code": code, "birth_date": birth_date, "relation": relation}, **extra)


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def test_a_parent_links_a_child_and_sees_them_in_their_space(en_client, world, parent, younger):
    en_client.force_login(parent)
    response = attempt(en_client, younger, "2011-07-02")
    assert response.status_code == 302 and response["Location"] == "/me/"
    link = StudentGuardian.objects.get(student=younger, guardian=parent.guardian)
    assert link.relation == "father"
    [event] = AccountEvent.objects.filter(user=parent, kind=AccountEventKind.CHILD_LINKED)
    assert younger.massar_code in event.detail and event.actor == parent
    page = en_client.get("/me/").content.decode()
    assert younger.massar_code in page and "is now linked to your account" in page
    assert world.student_a.massar_code not in page


def test_the_code_may_be_typed_in_lower_case_with_spaces_and_the_date_as_on_paper(en_client, world, parent, younger):
    en_client.force_login(parent)
    code = younger.massar_code
    spaced = f" {code[0].lower()}{code[1:5]} {code[5:]} "
    assert attempt(en_client, spaced, "02/07/2011", relation="mother").status_code == 302
    assert StudentGuardian.objects.get(student=younger, guardian=parent.guardian).relation == "mother"


def test_linking_the_same_child_again_changes_nothing_and_says_so(en_client, world, parent, younger):
    en_client.force_login(parent)
    attempt(en_client, younger, "2011-07-02", relation="father")
    again = attempt(en_client, younger, "2011-07-02", relation="tutor", follow=True)
    assert "was already linked to your account" in text(again)
    assert StudentGuardian.objects.get(student=younger, guardian=parent.guardian).relation == "father"
    assert AccountEvent.objects.filter(user=parent, kind=AccountEventKind.CHILD_LINKED).count() == 1


def test_one_parent_many_children_and_one_child_several_guardians(en_client, world, parent, younger):
    en_client.force_login(parent)
    attempt(en_client, younger, "2011-07-02")
    attempt(en_client, world.student_a, world.student_a.birth_date.isoformat())
    page = en_client.get("/me/").content.decode()
    assert younger.massar_code in page and world.student_a.massar_code in page
    # student_a keeps the guardian the school recorded, and that parent still sees them.
    assert set(StudentGuardian.objects.filter(student=world.student_a).values_list("guardian", flat=True)) == {
        world.guardian.pk, parent.guardian_id}
    en_client.force_login(world.accounts["parent"])
    assert world.student_a.massar_code in en_client.get("/me/").content.decode()


@pytest.mark.parametrize("case", ["wrong birth date", "unknown code", "someone else's child"])
def test_every_mismatch_gets_the_same_message(en_client, world, parent, younger, case):
    en_client.force_login(parent)
    code, birth_date = {
        "wrong birth date": (younger.massar_code, "2011-07-03"),
        "unknown code": ("F000000001", "2011-07-02"),
        # a real code with the birth date of another child
        "someone else's child": (world.far_student.massar_code, "2011-07-02"),
    }[case]
    response = attempt(en_client, code, birth_date)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [child_no_match_message()]
    assert not response.context["form"].has_error("massar_code")
    assert not response.context["form"].has_error("birth_date")
    assert not StudentGuardian.objects.filter(guardian=parent.guardian).exists()
    assert not AccountEvent.objects.filter(user=parent, kind=AccountEventKind.CHILD_LINKED).exists()


@pytest.mark.parametrize(("code", "says"), [
    ("F16411519", "has 8 digits after the letter"),
    ("1641151961", "must start with a letter"),
    ("F1641A5196", "only digits"),
    ("", "This field is required"),
])
def test_a_malformed_code_is_explained_on_its_field_and_costs_no_attempt(en_client, world, parent, code, says):
    en_client.force_login(parent)
    for _ in range(8):
        response = attempt(en_client, code, "2011-07-02")
        assert response.status_code == 200
        assert any(says in error for error in response.context["form"].errors["massar_code"])
    assert not cache.get(f"massar:child-link:account:{parent.pk}")


def test_a_missing_or_impossible_birth_date_is_explained_on_its_field(en_client, world, parent, younger):
    en_client.force_login(parent)
    for value in ("", "31/02/2011", "yesterday"):
        response = attempt(en_client, younger, value)
        assert response.context["form"].has_error("birth_date")
    assert not StudentGuardian.objects.filter(guardian=parent.guardian).exists()


def test_after_five_mismatches_even_the_right_details_are_refused_for_a_while(en_client, world, parent, younger,
                                                                              settings):
    en_client.force_login(parent)
    for _ in range(settings.MASSAR_CHILD_LINK_FAILURE_LIMIT):
        assert attempt(en_client, younger, "2011-07-03").status_code == 200
    response = attempt(en_client, younger, "2011-07-02")
    assert response.status_code == 429
    assert "Too many unsuccessful attempts" in text(response) and "60 minutes" in text(response)
    assert not StudentGuardian.objects.filter(guardian=parent.guardian).exists()
    # The window passes: the right details work again.
    cache.clear()
    assert attempt(en_client, younger, "2011-07-02").status_code == 302


def test_relinking_ones_own_child_does_not_buy_more_guesses(en_client, world, parent, younger, settings):
    en_client.force_login(parent)
    attempt(en_client, younger, "2011-07-02")
    for _ in range(settings.MASSAR_CHILD_LINK_FAILURE_LIMIT - 1):
        attempt(en_client, world.far_student, "2001-01-01")
        attempt(en_client, younger, "2011-07-02")  # a success between guesses
    attempt(en_client, world.far_student, "2001-01-02")
    assert attempt(en_client, world.far_student, world.far_student.birth_date.isoformat()).status_code == 429


def test_the_address_is_throttled_across_accounts_with_a_higher_limit(en_client, world, younger, settings):
    settings.MASSAR_CHILD_LINK_IP_FAILURE_LIMIT = 7
    first, second = make.account(make.guardian()), make.account(make.guardian())
    en_client.force_login(first)
    for _ in range(settings.MASSAR_CHILD_LINK_FAILURE_LIMIT):
        attempt(en_client, younger, "2011-07-03")
    en_client.force_login(second)
    for _ in range(2):
        assert attempt(en_client, younger, "2011-07-03").status_code == 200
    assert attempt(en_client, younger, "2011-07-02").status_code == 429
    # Another address (another family) is not affected; the second account has failures left.
    assert attempt(en_client, younger, "2011-07-02", REMOTE_ADDR="10.1.2.3").status_code == 302


@pytest.mark.parametrize("role", ["student", "teacher", "school_admin", "directorate_officer",
                                  "ministry_officer"])
def test_only_parents_have_the_add_a_child_page(en_client, world, younger, role):
    en_client.force_login(world.accounts[role])
    assert en_client.get(ADD).status_code == 404
    assert attempt(en_client, younger, "2011-07-02").status_code == 404
    assert not StudentGuardian.objects.filter(student=younger).exists()


def test_anonymous_visitors_are_sent_to_sign_in(en_client, world, younger):
    response = attempt(en_client, younger, "2011-07-02")
    assert response.status_code == 302 and "signin" in response["Location"]


# --- The parent space has no write path ----------------------------------------------------------------------

# Pages a parent may POST to: adding a child, signing up (sends a signed-in parent to their space), the
# language, signing out. The accounts pages of the sign-in and recovery work change the parent's own
# credentials (password, second factor, tokens), never a child's record.
PARENT_WRITES = {"accounts:child_add", "accounts:parent_signup", "portals:language_set", "portals:signout",
                 # links from e-mails: they act only on the account the link was made for
                 "accounts:parent_confirm", "accounts:invitation_accept",
                 # their own outbox and its preferences (what was read, how to be told): never a child's record
                 "portals:notification_read", "portals:notifications_read_all", "portals:notification_preferences",
                 "portals:push_subscribe", "portals:push_unsubscribe",
                 # a transfer request for their child, and cancelling it: the record changes only when the
                 # schools act on it (the origin's certificate, the destination's acceptance)
                 "portals:transfers_child", "portals:transfers_child_cancel"}
# Pages that answer a POST without writing anything: the home page and my space render as for a GET
# (test_my_space_refuses_post), the back office's sign-in (a redirect to ours) and sign-out handle the session only.
ANSWER_POST_WITHOUT_WRITING = {"portals:home", "portals:my_space", "admin:login", "admin:logout", "backoffice_login"}
OWN_CREDENTIAL_PAGES_MODULES = ("massar.portals.account.views_signin", "massar.portals.account.views_recovery",
                                "massar.portals.account.views_recovery_email")


def routes(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern), pattern


def concrete(route: str, child: Student, parent) -> str:
    """A URL for a route, its arguments filled with the parent's own child or account."""
    values = {"massar_code": child.massar_code, "pk": str(parent.pk), "user_id": str(parent.pk),
              "object_id": str(child.pk), "app_label": "students"}
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), path)
    return "/" + path.replace("^", "").replace("$", "")


def record_of(student: Student) -> tuple:
    student.refresh_from_db()
    return (student.first_name_latin, student.last_name_latin, student.birth_date, student.massar_code,
            list(student.enrolments.values_list("pk", "status", "school_class")),
            sorted(StudentGuardian.objects.filter(student=student).values_list("guardian", "relation")))


def test_a_parent_cannot_post_anywhere_that_could_change_a_childs_record(en_client, world):
    """Walk the whole URL configuration as a parent: every page that is not one of the parent's own writes
    refuses a POST (the back office sends them to its sign-in), and the child's record is unchanged."""
    parent = world.accounts["parent"]
    child = world.student_a
    before = record_of(child)
    en_client.force_login(parent)
    tamper = {"first_name_latin": "Changed", "last_name_latin": "Changed", "birth_date": "2000-01-01",
              "relation": "tutor", "massar_code": child.massar_code, "status": "withdrawn", "_save": "Save"}
    accepted = []
    for name, route, pattern in routes():
        if name in PARENT_WRITES or route.startswith(("api/", "static/", "i18n/")):
            continue
        if getattr(pattern.callback, "__module__", "") in OWN_CREDENTIAL_PAGES_MODULES:
            continue
        response = en_client.post(concrete(route, child, parent), tamper)
        en_client.force_login(parent)  # a page may have signed the parent out
        refused = response.status_code in (403, 404, 405) or (
            route.startswith("backoffice/") and response.status_code == 302 and "login" in response["Location"])
        if not refused and name not in ANSWER_POST_WITHOUT_WRITING:
            accepted.append((name, route, response.status_code))
    assert accepted == []
    assert record_of(child) == before


def test_my_space_is_read_only_for_a_parent(en_client, world):
    en_client.force_login(world.accounts["parent"])
    before = record_of(world.student_a)
    response = en_client.post("/me/", {"first_name_latin": "Changed"})
    assert response.status_code in (200, 405)
    assert record_of(world.student_a) == before


def test_my_space_refuses_post(en_client, world):
    en_client.force_login(world.accounts["parent"])
    assert en_client.post("/me/").status_code == 405


def test_staff_pages_refuse_a_parents_post(en_client, world):
    en_client.force_login(world.accounts["parent"])
    code = world.student_a.massar_code
    for url in (f"/staff/students/{code}/", "/staff/students/", f"/account/school/students/{code}/guardians/",
                "/account/school/accounts/", "/account/staff/"):
        # Read-only pages refuse the method (405); pages with actions refuse the caller (404).
        assert en_client.post(url, {"action": "add", "first_name_latin": "X"}).status_code in (404, 405)
    admin_change = f"/backoffice/students/student/{world.student_a.pk}/change/"
    response = en_client.post(admin_change, {"first_name_latin": "Changed"})
    assert response.status_code == 302 and "login" in response["Location"]
    world.student_a.refresh_from_db()
    assert world.student_a.first_name_latin == "Youssef"
