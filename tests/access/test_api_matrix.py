"""Who may call what in the API: every operation of the OpenAPI document × every role × an own and a foreign
object, with a real bearer token for each role's account.

The operations are read from the OpenAPI document itself, so a new operation without a rule here fails
`test_every_api_operation_has_a_rule`. RULES pins what each role gets today (status and error `code`); it is
the safety net of anyone rewriting an API module. An object the client names (a Massar code, a token prefix)
that is outside the caller's reach answers exactly as an object that does not exist (never 200, never a 403
that a missing object would not get), shows nothing of it, and writes nothing.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import pytest
from django.apps import apps
from django.test import Client

from massar.accounts.models import ApiToken, User
from massar.accounts.tokens import api_token_issue, api_tokens_active
from massar.students.models import StudentGuardian

ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")
CALLERS = ("anonymous", *ROLES)
PERIOD = "year=2025/2026&semester=1"
NO_SUCH_STUDENT = "F999999999"  # a well-formed Massar code nobody has
NO_SUCH_PREFIX = "zzzzzzzz"  # a well-formed token prefix nobody has
WRONG_BIRTH_DATE = "2001-01-01"  # the world's students are born on 2008-03-14


class Answer(NamedTuple):
    status: int
    code: str | None = None  # the error `code` of the body; None for a success


OK, CREATED, NO_CONTENT = Answer(200), Answer(201), Answer(204)
# Refused by the bearer authentication before the operation runs: its body has no `code` (only "detail").
NO_TOKEN = Answer(401)
NOT_FOUND = Answer(404, "not_found")
NOT_A_STUDENT = Answer(403, "not_a_student")
NOT_A_PARENT = Answer(403, "not_a_parent")
NOT_A_TEACHER = Answer(403, "not_a_teacher")
CHILD_NO_MATCH = Answer(400, "child_no_match")


def for_roles(answer: Answer, **exceptions: Answer) -> dict[str, Answer]:
    """`answer` for every signed-in role but the named exceptions; a caller without a token always gets 401."""
    return {"anonymous": NO_TOKEN, **dict.fromkeys(ROLES, answer), **exceptions}


class Call(NamedTuple):
    """What the client sends: the path's parameters, a query string, a JSON body; `names` is what identifies
    the object it asks about (it must never come back in a refusal)."""

    params: dict[str, str] = {}
    query: str = ""
    body: dict[str, str] | None = None
    names: str = ""


OWN, FOREIGN, UNKNOWN = "own", "foreign", "unknown"


@dataclass(frozen=True)
class Rule:
    """`answers`: what each caller gets when it names its own object (or when the operation takes none).

    `public`: no token needed (`answers["anonymous"]` is what an empty request gets). `call(world, account,
    which)` builds the request for the `which` (OWN, FOREIGN, UNKNOWN) object of `account`. `foreign`: the
    answers that differ for a foreign object (the others get their `answers`); set only for operations that
    take an object from the client. `shows(world, account, body)`: a success is about the caller's own rows.
    """

    answers: dict[str, Answer]
    public: bool = False
    call: Callable[[Any, User, str], Call] = lambda world, account, which: Call()
    foreign: dict[str, Answer] | None = None
    shows: Callable[[Any, User, Any], bool] = lambda world, account, body: True


def someone_else(world, account: User) -> User:
    """An account of another person than `account`."""
    return world.accounts["parent" if account == world.accounts["student"] else "student"]


def student_code(world, which: str) -> str:
    """student_a is within every role's reach (the parent's child, the teacher's class, the administrator's
    school and territory); far_student is in another academy; the unknown code is nobody's."""
    return {OWN: world.student_a.massar_code, FOREIGN: world.far_student.massar_code, UNKNOWN: NO_SUCH_STUDENT}[which]


def child_grades_call(world, account: User, which: str) -> Call:
    code = student_code(world, which)
    return Call(params={"code": code}, query=PERIOD, names=code)


def child_results_call(world, account: User, which: str) -> Call:
    code = student_code(world, which)
    return Call(params={"code": code}, names=code)


def child_link_call(world, account: User, which: str) -> Call:
    """Linking a child is proved by the code and the birth date: the own child with its birth date; a code the
    parent cannot prove (someone else's with a wrong date, or nobody's)."""
    code = student_code(world, which)
    birth_date = world.student_a.birth_date.isoformat() if which == OWN else WRONG_BIRTH_DATE
    return Call(body={"massar_code": code, "birth_date": birth_date, "relation": "mother"}, names=code)


def token_revoke_call(world, account: User, which: str) -> Call:
    """The own object is a second token of the caller; the foreign one is another account's token."""
    owner = {OWN: account, FOREIGN: someone_else(world, account)}.get(which)
    prefix = api_token_issue(user=owner)[0].prefix if owner else NO_SUCH_PREFIX
    return Call(params={"prefix": prefix}, names=prefix)


def notification_call(world, account: User, which: str) -> Call:
    """The own object is a message in the caller's outbox; the foreign one another account's; the unknown one
    an id nobody has."""
    from massar.notifications.models import Notification

    owner = {OWN: account, FOREIGN: someone_else(world, account)}.get(which)
    if owner is None:
        number = str((Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000)
        return Call(params={"notification_id": number}, names="message-for-nobody")
    marker = f"message-for-{owner.username}"
    notification = Notification.objects.create(recipient=owner, kind="announcement", title={"raw": marker},
                                               dedupe_key=f"test:{owner.pk}:{which}")
    return Call(params={"notification_id": str(notification.pk)}, names=marker)


def announcement_call(world, account: User, which: str) -> Call:
    """The own object is an announcement of the school of the caller's own student (it reached the student,
    the parent, the teacher and the school's administrator; the directorate and the academy sent it, as the
    units above); the foreign one is the far school's; the unknown one an id nobody has."""
    from massar.notifications.models import Announcement
    from massar.testing.notifications import school_announcement

    if which == UNKNOWN:
        number = str((Announcement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000)
        return Call(params={"announcement_id": number}, names="announcement-unknown")
    school = world.school if which == OWN else world.far_school
    announcement = school_announcement(school, title=f"announcement-{which}")
    return Call(params={"announcement_id": str(announcement.pk)}, names=f"announcement-{which}")
def session_call(world, account: User, which: str, *, marks: bool = False) -> Call:
    """The own session is today's lesson of the teacher's class; the foreign one a lesson of a far class."""
    from massar.testing.school_life import todays_session

    if which == UNKNOWN:
        lesson_id, day = 999999, todays_session(world.class_a)[1]
    else:
        lesson, day = todays_session(world.class_a if which == OWN else world.far_class)
        lesson_id = lesson.pk
    body = {"marks": []} if marks else None
    return Call(params={"lesson_id": str(lesson_id), "date": day.isoformat()}, body=body,
                names=f"lesson {lesson_id}")


def active_prefixes(account: User) -> set[str]:
    return set(api_tokens_active(user=account).values_list("prefix", flat=True))


def public(answer: Answer) -> Rule:
    return Rule(answers={"anonymous": answer}, public=True)


RULES: dict[tuple[str, str], Rule] = {
    # Public: anyone may call them; an empty body is a validation error, not a refusal.
    ("get", "/api/v1/health"): public(OK),
    ("post", "/api/v1/auth/token"): public(Answer(422)),
    ("post", "/api/v1/auth/activate"): public(Answer(422)),
    ("post", "/api/v1/auth/password/forgot"): public(Answer(422)),
    ("post", "/api/v1/auth/password/reset"): public(Answer(422)),
    # The bac simulator: an empty body lacks the marks (422 naming the field).
    ("post", "/api/v1/simulator/bac"): public(Answer(422, "missing_component")),
    # Who I am, my tokens: every role, always about the caller.
    ("get", "/api/v1/me"): Rule(
        for_roles(OK),
        shows=lambda world, account, body: (body["username"], body["role"]) == (account.username, account.role)),
    ("get", "/api/v1/auth/tokens"): Rule(
        for_roles(OK),
        shows=lambda world, account, body: {t["prefix"] for t in body} == active_prefixes(account)),
    ("delete", "/api/v1/auth/tokens/{prefix}"): Rule(
        for_roles(NO_CONTENT), call=token_revoke_call, foreign=for_roles(NOT_FOUND),
        shows=lambda world, account, body: len(active_prefixes(account)) == 1),  # the spare ended, not the caller's
    ("post", "/api/v1/auth/logout"): Rule(
        for_roles(NO_CONTENT),
        shows=lambda world, account, body: (not active_prefixes(account)
                                            and active_prefixes(someone_else(world, account)) != set())),
    # Grades: a student's own, a parent's children's.
    ("get", "/api/v1/me/grades"): Rule(
        for_roles(NOT_A_STUDENT, student=OK), call=lambda world, account, which: Call(query=PERIOD),
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/children/{code}/grades"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    # School life: attendance, behaviour, timetable of a student's own, a parent's children's; a teacher's sessions.
    ("get", "/api/v1/me/attendance"): Rule(
        for_roles(NOT_A_STUDENT, student=OK),
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/children/{code}/attendance"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/me/behaviour"): Rule(for_roles(NOT_A_STUDENT, student=OK)),
    ("get", "/api/v1/children/{code}/behaviour"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND}),
    ("get", "/api/v1/me/timetable"): Rule(for_roles(NOT_A_STUDENT, student=OK, teacher=OK)),
    ("get", "/api/v1/children/{code}/timetable"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/me/homework"): Rule(
        for_roles(NOT_A_STUDENT, student=OK),
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/children/{code}/homework"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/me/calendar"): Rule(
        for_roles(NOT_A_STUDENT, student=OK, teacher=OK),
        shows=lambda world, account, body: body["school_year"] == "2025/2026"),
    ("get", "/api/v1/children/{code}/calendar"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_grades_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/attendance/sessions"): Rule(for_roles(NOT_A_TEACHER, teacher=OK)),
    ("get", "/api/v1/attendance/sessions/{lesson_id}/{date}"): Rule(
        for_roles(NOT_A_TEACHER, teacher=OK), call=session_call, foreign={"teacher": NOT_FOUND},
        shows=lambda world, account, body: world.student_a.massar_code in {s["massar_code"] for s in body["students"]}),
    ("post", "/api/v1/attendance/sessions/{lesson_id}/{date}/marks"): Rule(
        for_roles(NOT_A_TEACHER, teacher=OK), call=partial(session_call, marks=True), foreign={"teacher": NOT_FOUND},
        shows=lambda world, account, body: body == {"recorded": 0, "replayed": 0}),
    # Exam results: a student's own, a parent's children's (published sessions only).
    ("get", "/api/v1/me/results"): Rule(
        for_roles(NOT_A_STUDENT, student=OK),
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("get", "/api/v1/children/{code}/results"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_results_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    # Transfers: a parent's children's requests.
    ("get", "/api/v1/children/{code}/transfers"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_results_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    # Orientation: a student's own window and wishes, a parent's children's (read-only). The world's student has
    # no orientation window (2BAC): ranking wishes answers no_window (the journeys are in massar/orientation/tests).
    ("get", "/api/v1/me/orientation"): Rule(
        for_roles(NOT_A_STUDENT, student=OK),
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    ("put", "/api/v1/me/orientation"): Rule(
        for_roles(NOT_A_STUDENT, student=Answer(404, "no_window")),
        call=lambda world, account, which: Call(body={"wishes": [{"rank": 1, "offer_id": 1}], "version": 0})),
    ("get", "/api/v1/children/{code}/orientation"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_results_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    # Orientation results: a student's own, a parent's children's (null until published).
    ("get", "/api/v1/me/orientation/result"): Rule(
        for_roles(NOT_A_STUDENT, student=OK),
        shows=lambda world, account, body: (body["massar_code"], body["result"]) == (
            world.student_a.massar_code, None)),
    ("get", "/api/v1/children/{code}/orientation/result"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_results_call, foreign={"parent": NOT_FOUND},
        shows=lambda world, account, body: body["massar_code"] == world.student_a.massar_code),
    # Parents link a child (already linked: 200, nothing changes); a code they cannot prove is one answer.
    ("post", "/api/v1/me/children"): Rule(
        for_roles(NOT_A_PARENT, parent=OK), call=child_link_call, foreign={"parent": CHILD_NO_MATCH},
        shows=lambda world, account, body: (body["massar_code"], body["created"]) == (
            world.student_a.massar_code, False)),
    # Notifications: always the caller's own outbox; another account's message is a 404, as a missing one.
    ("get", "/api/v1/notifications"): Rule(
        for_roles(OK), shows=lambda world, account, body: body["count"] == len(body["results"]) == 0),
    ("post", "/api/v1/notifications/{notification_id}/read"): Rule(
        for_roles(OK), call=notification_call, foreign=for_roles(NOT_FOUND),
        shows=lambda world, account, body: body["read"] is True),
    ("post", "/api/v1/notifications/read-all"): Rule(
        for_roles(OK), shows=lambda world, account, body: body["marked"] == 0),
    ("get", "/api/v1/notifications/preferences"): Rule(
        for_roles(OK), shows=lambda world, account, body: body["preferences"]["absence"] == "in_app"),
    ("put", "/api/v1/notifications/preferences"): Rule(
        for_roles(OK), call=lambda world, account, which: Call(body={"preferences": {"absence": "email"}}),
        shows=lambda world, account, body: body["preferences"]["absence"] == "email"),
    # Announcements: those that reached the caller; reading one they sent (or that reached them) is allowed,
    # one of another territory is a 404. The world's school wrote to everyone in it; the ministry neither
    # writes nor follows announcements.
    ("get", "/api/v1/announcements"): Rule(
        for_roles(OK), shows=lambda world, account, body: body["count"] == 0),
    ("post", "/api/v1/announcements/{announcement_id}/read"): Rule(
        for_roles(OK, ministry_officer=NOT_FOUND), call=announcement_call, foreign=for_roles(NOT_FOUND),
        shows=lambda world, account, body: body["title"] == "announcement-own"),
}
TOKEN_OPERATIONS = sorted(operation for operation, rule in RULES.items() if not rule.public)
OBJECT_OPERATIONS = sorted(operation for operation, rule in RULES.items() if rule.foreign is not None)


def named(value) -> str | None:
    """Test ids that read `GET /api/v1/me-parent`."""
    return f"{value[0].upper()} {value[1]}" if isinstance(value, tuple) else None


def api_operations(client: Client) -> set[tuple[str, str]]:
    """(method, path) of every operation of the OpenAPI document."""
    document = client.get("/api/v1/openapi.json").json()
    return {(method, path) for path, item in document["paths"].items() for method in item}


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table: a refusal must leave them as they were. When a token was last used is left
    out: every authenticated call may touch it."""
    rows = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            columns = [f.attname for f in model._meta.concrete_fields
                       if not (model is ApiToken and f.name == "last_used_at")]
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list(*columns))
    return rows


def bearer(account: User | None) -> dict[str, str]:
    """The headers of a call by `account` with a token of its own (issued by the service: administrators and
    officers need a second factor only to obtain one through `/auth/token`)."""
    return {"authorization": f"Bearer {api_token_issue(user=account)[1]}"} if account else {}


def send(client: Client, operation: tuple[str, str], call: Call, headers: dict[str, str]):
    method, path = operation
    url = path.format(**call.params) + (f"?{call.query}" if call.query else "")
    body = {}
    if method == "post" or call.body is not None:
        body = {"data": json.dumps(call.body or {}), "content_type": "application/json"}
    return getattr(client, method)(url, headers=headers, **body)


def answer_of(response) -> Answer:
    body = response.json() if response.content else None
    code = body.get("code") if response.status_code >= 400 and isinstance(body, dict) else None
    return Answer(response.status_code, code)


def body_of(response) -> Any:
    return response.json() if response.content else None


@pytest.mark.django_db
def test_every_api_operation_has_a_rule(client):
    operations = api_operations(client)
    assert sorted(operations - set(RULES)) == [], "add a rule for each new API operation"
    assert sorted(set(RULES) - operations) == [], "rules for operations that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(op for op, rule in RULES.items() if rule.public), ids=named)
def test_public_operation_answers_without_a_token(client, operation):
    assert answer_of(send(client, operation, Call(), {})) == RULES[operation].answers["anonymous"]


@pytest.mark.parametrize(("operation", "role"), [(op, role) for op in TOKEN_OPERATIONS for role in CALLERS],
                         ids=named)
def test_caller_gets_what_the_matrix_says(client, world, operation, role):
    rule = RULES[operation]
    account = world.accounts.get(role)
    headers = bearer(account)
    api_token_issue(user=someone_else(world, account))  # another account's token exists, and stays theirs
    # A caller without a token asks for what the student would: it must get nothing of it.
    call = rule.call(world, account or world.accounts["student"], OWN)
    before = database_rows()
    response = send(client, operation, call, headers)
    expected = rule.answers[role]
    assert answer_of(response) == expected, response.content
    if expected.status >= 400:
        assert database_rows() == before, "a refusal writes nothing"
    else:
        assert rule.shows(world, account, body_of(response)), response.content


@pytest.mark.parametrize(("operation", "role"), [(op, role) for op in OBJECT_OPERATIONS for role in ROLES],
                         ids=named)
def test_foreign_object_answers_as_if_it_did_not_exist(client, world, operation, role):
    rule = RULES[operation]
    assert rule.foreign is not None
    account = world.accounts[role]
    headers = bearer(account)
    foreign, unknown = rule.call(world, account, FOREIGN), rule.call(world, account, UNKNOWN)
    before = database_rows()
    response = send(client, operation, foreign, headers)
    twin = send(client, operation, unknown, headers)
    assert database_rows() == before, "naming an object out of reach writes nothing"
    assert answer_of(response) == rule.foreign.get(role, rule.answers[role]), response.content
    assert response.status_code >= 400
    assert (twin.status_code, body_of(twin)) == (response.status_code, body_of(response)), \
        "an object out of reach answers exactly as one that does not exist"
    assert foreign.names not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_foreign_child_with_its_true_birth_date_is_linked(client, world, role):
    """The one way a parent reaches a student out of their scope is proving the code and the birth date: that
    is the feature, and only a parent's account has it (the foreign test uses a wrong birth date)."""
    account = world.accounts[role]
    call = Call(body={"massar_code": world.far_student.massar_code,
                      "birth_date": world.far_student.birth_date.isoformat(), "relation": "father"})
    response = send(client, ("post", "/api/v1/me/children"), call, bearer(account))
    linked = StudentGuardian.objects.filter(student=world.far_student).exists()
    if role == "parent":
        assert (answer_of(response), linked) == (CREATED, True)
    else:
        assert (answer_of(response), linked) == (NOT_A_PARENT, False)
