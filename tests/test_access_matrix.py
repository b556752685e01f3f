"""Who may open what: every role × every page of the URL configuration × an own and a foreign object.

The routes are read from the URL configuration itself, so a new page without a rule here fails
`test_every_route_has_an_access_rule`. Objects outside the caller's scope are 404, never 403: their
existence is not revealed. The back office (/backoffice/) has its own matrix in massar/access/tests.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from massar.testing.documents import certificate_issued

ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")
STAFF = frozenset(ROLES[2:])
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Rule:
    """`roles` may open the page (GET); others get a 404, anonymous visitors the sign-in page.

    `public`: anyone, signed in or not. `demo_only`: a page of the demo only (DEBUG on), a 404 for everyone
    here, signed in or not (its own tests open it with DEBUG on). `kwargs`: builds the URL arguments from an object (a student):
    the role's own object must open, a foreign one must be a 404. `methods`: the HTTP methods the page
    answers; GET-less routes (POST-only actions) are checked to refuse GET. `skip_get`: the page needs
    more than a GET to be meaningful (a token link): it must answer GET without a server error.
    """

    roles: frozenset[str] = frozenset()
    public: bool = False
    demo_only: bool = False
    kwargs: Callable | None = None
    post_only: bool = False
    # Per-role answers where a page sends some roles elsewhere (e.g. a step they have already done).
    expect: dict[str, int] = field(default_factory=dict)
    # False for the address of an action whose GET only sends to the page its button is on, looking nothing up:
    # there is no foreign object to hide there.
    scoped: bool = True


STUDENT_CODE = Rule(roles=STAFF, kwargs=lambda student: {"massar_code": student.massar_code})
# A link from an e-mail with a wrong or stale token: anyone may open it; it explains, it never fails.
TOKEN_LINK = Rule(public=True, kwargs=lambda _: {"uidb64": "MQ", "token": "not-a-valid-token"})
ANY_ROW = {"pk": 1}
ADMINISTRATORS = frozenset({"school_admin", "directorate_officer", "academy_officer", "ministry_officer"})



def board_of(student) -> dict:
    """The validation board of the student's class, first semester."""
    return {"class_id": student.enrolments.first().school_class_id, "semester": 1}


def sheet_of(student) -> dict:
    """The mathematics sheet of the student's class, first semester (the world's teacher teaches MATH)."""
    return {**board_of(student), "subject": "MATH"}


def announcement_of(student) -> dict:
    from massar.testing.notifications import announcement_of as of

    return of(student)


ISSUERS = frozenset({"school_admin", "directorate_officer", "academy_officer"})
NO_BATCH = "00000000-0000-4000-8000-000000000000"


def transfer_of(student) -> dict:
    """An open transfer request of the student (to another school)."""
    from massar.testing.transfers import transfer_asked

    return {"request_id": transfer_asked(student).pk}


def class_of(student) -> dict:
    return {"class_id": student.enrolments.first().school_class_id}


def session_of(student) -> dict:
    """Today's lesson of the student's class (its MATH teacher's: the world's teacher for class_a)."""
    from massar.testing.school_life import todays_session

    lesson, day = todays_session(student.enrolments.first().school_class)
    return {"lesson_id": lesson.pk, "on": day.isoformat()}


SHEET_STEP = Rule(roles=frozenset({"school_admin"}), kwargs=lambda s: sheet_of(s), expect={"school_admin": 302})

RULES: dict[str, Rule] = {
    "portals:home": Rule(public=True),
    "portals:language_set": Rule(public=True, post_only=True),
    "portals:my_space": Rule(roles=EVERYONE),
    "portals:manifest": Rule(public=True),
    "portals:staff_student_list": Rule(roles=STAFF),
    "portals:staff_student_detail": STUDENT_CODE,
    "portals:signin": Rule(public=True),
    "portals:signout": Rule(public=True, post_only=True),
    # The demo's mailbox (massar/portals/tests/test_demo_mailbox_page.py): open to all, but only in the demo.
    "portals:demo_mailbox": Rule(demo_only=True),
    "portals:demo_mailbox_message": Rule(demo_only=True, kwargs=lambda _: {"message_id": "1-" + "0" * 32}),
    # Sign-in, sessions, second factor, lockout.
    "accounts:signin": Rule(public=True),
    "accounts:signout": Rule(public=True, post_only=True),
    "accounts:two_factor_verify": Rule(public=True),
    "accounts:two_factor_enrol": Rule(roles=STAFF, expect={r: 302 for r in ADMINISTRATORS}),
    "accounts:two_factor_disable": Rule(public=True, post_only=True),
    "accounts:two_factor_reset": Rule(roles=ADMINISTRATORS, kwargs=lambda _: ANY_ROW, scoped=False,
                                      expect=dict.fromkeys(ADMINISTRATORS, 302)),
    "accounts:security": Rule(roles=EVERYONE),
    "accounts:security_token_revoke": Rule(post_only=True, kwargs=lambda _: ANY_ROW),
    "accounts:locked_accounts": Rule(roles=ADMINISTRATORS),
    "accounts:account_unlock": Rule(roles=ADMINISTRATORS, kwargs=lambda _: ANY_ROW, scoped=False,
                                    expect=dict.fromkeys(ADMINISTRATORS, 302)),
    # Activation, passwords.
    "accounts:activate": Rule(public=True),
    "accounts:activated": Rule(public=True),
    "accounts:password_forgot": Rule(public=True),
    "accounts:password_forgot_sent": Rule(public=True),
    "accounts:password_reset": TOKEN_LINK,
    "accounts:password_reset_complete": Rule(public=True),
    "accounts:password_change": Rule(roles=EVERYONE),
    "accounts:password_choose": Rule(roles=EVERYONE, expect=dict.fromkeys(ROLES, 302)),
    # Signed-in accounts other than the school's administration are refused (403), as for the POST.
    "accounts:temporary_password": Rule(roles=frozenset({"school_admin"}),
                                        expect={**dict.fromkeys(ROLES, 403), "school_admin": 302}),
    "accounts:recovery_email": Rule(roles=EVERYONE),
    "accounts:recovery_email_confirm": TOKEN_LINK,
    # Parents, guardians, staff accounts.
    "accounts:parent_signup": Rule(public=True),
    "accounts:parent_signup_sent": Rule(public=True),
    "accounts:parent_confirm": TOKEN_LINK,
    "accounts:child_add": Rule(roles=frozenset({"parent"})),
    "accounts:school_accounts": Rule(roles=frozenset({"school_admin"})),
    "accounts:student_guardians": Rule(roles=frozenset({"school_admin"}),
                                       kwargs=lambda student: {"massar_code": student.massar_code}),
    "accounts:staff_accounts": Rule(roles=ADMINISTRATORS),
    "accounts:invitation_accept": TOKEN_LINK,
    # Grades: the teacher's grid, the administration's board, the student's and parent's pages.
    "portals:grades_teacher_classes": Rule(roles=frozenset({"teacher"})),
    "portals:grades_teacher_grid": Rule(roles=frozenset({"teacher"}), kwargs=lambda s: sheet_of(s)),
    "portals:grades_teacher_cell": Rule(post_only=True, kwargs=lambda s: sheet_of(s)),
    "portals:grades_teacher_remark": Rule(post_only=True, kwargs=lambda s: sheet_of(s)),
    "portals:grades_teacher_submit": Rule(post_only=True, kwargs=lambda s: sheet_of(s)),
    "portals:grades_teacher_canevas_download": Rule(roles=frozenset({"teacher"}), kwargs=lambda s: sheet_of(s)),
    "portals:grades_teacher_canevas_upload": Rule(roles=frozenset({"teacher"}), kwargs=lambda s: sheet_of(s)),
    "portals:grades_board_index": Rule(roles=frozenset({"school_admin"})),
    "portals:grades_board": Rule(roles=frozenset({"school_admin"}), kwargs=lambda s: board_of(s)),
    "portals:grades_board_publish": Rule(roles=frozenset({"school_admin"}), kwargs=lambda s: board_of(s)),
    "portals:grades_board_sheet": Rule(roles=frozenset({"school_admin"}), kwargs=lambda s: sheet_of(s)),
    # The steps on a sheet: their confirmation; the world's sheet was never opened, so the step's address sends
    # to the sheet's page, which says so.
    "portals:grades_board_return": SHEET_STEP,
    "portals:grades_board_validate": SHEET_STEP,
    "portals:grades_board_correct": SHEET_STEP,
    "portals:grades_board_withdraw": SHEET_STEP,
    # The close: administrators; a task id is only ever its starter's (tests in test_close_page.py), so an
    # unknown one is a 404 for everyone.
    "portals:grades_close": Rule(roles=ADMINISTRATORS),
    "portals:grades_close_progress": Rule(kwargs=lambda _: {"task_id": "no-such-task"}),
    "portals:grades_close_status": Rule(kwargs=lambda _: {"task_id": "no-such-task"}),
    "portals:grades_mine": Rule(roles=frozenset({"student"})),
    "portals:grades_children": Rule(roles=frozenset({"parent"})),
    "portals:grades_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    # Notifications: every account's own outbox. Announcements: those that reached the caller, or that their
    # unit (or one below it) sent; the world's school writes to everyone in it.
    "portals:notifications": Rule(roles=EVERYONE),
    "portals:notification_read": Rule(post_only=True, kwargs=lambda _: {"notification_id": 1}),
    "portals:notifications_read_all": Rule(post_only=True),
    "portals:notification_preferences": Rule(roles=EVERYONE),
    "portals:push_subscribe": Rule(post_only=True),
    "portals:push_unsubscribe": Rule(post_only=True),
    "portals:announcements": Rule(roles=EVERYONE),
    # The ministry neither writes nor follows announcements: a school's is a 404 for it.
    "portals:announcement_detail": Rule(roles=EVERYONE - {"ministry_officer"}, kwargs=announcement_of),
    "portals:announcement_attachment": Rule(roles=EVERYONE - {"ministry_officer"}, kwargs=announcement_of),
    "portals:announcements_sent": Rule(roles=ISSUERS),
    "portals:announcement_new": Rule(roles=ISSUERS),
    # Documents (massar/documents/tests/test_document_pages.py has the role x document matrix with grades
    # closed). Here nothing is published, so a report card sends its reader back to the documents page (302).
    "portals:documents_verify": Rule(public=True, kwargs=lambda s: {"reference": certificate_issued(s).reference}),
    "portals:documents_mine": Rule(roles=frozenset({"student"})),
    "portals:documents_my_report_card": Rule(roles=frozenset({"student"}), kwargs=lambda _: {"semester": 1},
                                             scoped=False, expect={"student": 302}),
    "portals:documents_my_annual_report_card": Rule(roles=frozenset({"student"}), scoped=False,
                                                    expect={"student": 302}),
    "portals:documents_my_school_certificate": Rule(roles=frozenset({"student"})),
    "portals:documents_children": Rule(roles=frozenset({"parent"})),
    "portals:documents_child_report_card": Rule(roles=frozenset({"parent"}), expect={"parent": 302},
                                                kwargs=lambda s: {"massar_code": s.massar_code, "semester": 1}),
    "portals:documents_child_annual_report_card": Rule(roles=frozenset({"parent"}), expect={"parent": 302},
                                                       kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:documents_child_school_certificate": Rule(roles=frozenset({"parent"}),
                                                       kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:documents_staff": Rule(roles=frozenset({"school_admin"})),
    "portals:documents_staff_student": Rule(roles=frozenset({"school_admin"}),
                                            kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:documents_staff_report_card": Rule(roles=frozenset({"school_admin"}), expect={"school_admin": 302},
                                                kwargs=lambda s: {"massar_code": s.massar_code, "semester": 1}),
    "portals:documents_staff_annual_report_card": Rule(roles=frozenset({"school_admin"}),
                                                       expect={"school_admin": 302},
                                                       kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:documents_staff_school_certificate": Rule(roles=frozenset({"school_admin"}),
                                                       kwargs=lambda s: {"massar_code": s.massar_code}),
    # The world's students have not left: the leaving certificate sends back to the student's documents.
    "portals:documents_staff_leaving_certificate": Rule(roles=frozenset({"school_admin"}),
                                                        expect={"school_admin": 302},
                                                        kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:documents_staff_download": Rule(roles=frozenset({"school_admin"}),
                                             kwargs=lambda s: {"reference": certificate_issued(s).reference}),
    "portals:documents_staff_revoke": Rule(roles=frozenset({"school_admin"}),
                                           kwargs=lambda s: {"reference": certificate_issued(s).reference}),
    # Exam transcripts: the world has no published exam session, so a transcript is a 404 for everybody here
    # (massar/documents/tests/test_exam_transcript.py opens them once a result is published).
    "portals:documents_my_exam_transcript": Rule(kwargs=lambda _: {"session_id": 999999}),
    "portals:documents_child_exam_transcript": Rule(kwargs=lambda s: {"massar_code": s.massar_code,
                                                                      "session_id": 999999}),
    "portals:documents_staff_exam_transcript": Rule(kwargs=lambda s: {"massar_code": s.massar_code,
                                                                      "session_id": 999999}),
    # A batch's address is its unguessable id, only ever its school's: an unknown one is a 404 for everyone.
    "portals:documents_batch": Rule(kwargs=lambda _: {"batch_id": NO_BATCH}),
    "portals:documents_batch_status": Rule(kwargs=lambda _: {"batch_id": NO_BATCH}),
    "portals:documents_batch_download": Rule(kwargs=lambda _: {"batch_id": NO_BATCH}),
    "portals:documents_teacher_classes": Rule(roles=frozenset({"teacher"})),
    "portals:documents_class_list": Rule(roles=frozenset({"teacher", "school_admin"}),
                                         kwargs=lambda s: {"class_id": s.enrolments.first().school_class_id}),
    # School life: timetables, attendance, behaviour.
    "portals:timetable_staff_index": Rule(roles=frozenset({"school_admin"})),
    "portals:timetable_staff_class": Rule(roles=frozenset({"school_admin"}), kwargs=class_of),
    "portals:timetable_staff_lesson_add": Rule(post_only=True, kwargs=class_of),
    "portals:timetable_staff_lesson_remove": Rule(post_only=True, kwargs=lambda s: {**class_of(s), "lesson_id": 1}),
    "portals:timetable_teacher": Rule(roles=frozenset({"teacher"})),
    "portals:timetable_mine": Rule(roles=frozenset({"student"})),
    "portals:timetable_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    # Lesson log, homework, calendar.
    "portals:lessons_teacher": Rule(roles=frozenset({"teacher"})),
    "portals:lessons_log": Rule(roles=frozenset({"teacher", "school_admin"}), kwargs=session_of),
    "portals:lessons_class": Rule(roles=STAFF, kwargs=class_of),
    "portals:lessons_attachment": Rule(kwargs=lambda _: {"log_id": 1}),
    "portals:homework_mine": Rule(roles=frozenset({"student"})),
    "portals:homework_children": Rule(roles=frozenset({"parent"})),
    "portals:homework_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:calendar_mine": Rule(roles=frozenset({"student", "teacher"})),
    "portals:calendar_children": Rule(roles=frozenset({"parent"})),
    "portals:attendance_teacher_sessions": Rule(roles=frozenset({"teacher"})),
    # The roll call's service worker: a script holding no data, for the page to register.
    "portals:attendance_service_worker": Rule(public=True),
    "portals:attendance_roll_call": Rule(roles=frozenset({"teacher"}), kwargs=session_of),
    "portals:attendance_roll_call_marks": Rule(post_only=True, kwargs=session_of),
    "portals:attendance_staff_day": Rule(roles=frozenset({"school_admin"})),
    "portals:attendance_staff_policy": Rule(post_only=True),
    "portals:attendance_staff_student": Rule(roles=frozenset({"school_admin"}),
                                             kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:attendance_staff_behaviour_add": Rule(post_only=True, kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:attendance_staff_decide": Rule(post_only=True, kwargs=lambda _: {"absence_id": 1}),
    # A justification's document: to whoever sees the absence (tests in massar/attendance/tests); none here.
    "portals:attendance_document": Rule(kwargs=lambda _: {"absence_id": 1}),
    "portals:attendance_mine": Rule(roles=frozenset({"student"})),
    "portals:attendance_children": Rule(roles=frozenset({"parent"})),
    "portals:attendance_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    # Exams: the owning body's pages (the world has no session: an unknown one is a 404 for everybody; their
    # scope is tested in massar/portals/tests/test_exams_pages.py), results, the simulator.
    "portals:exams_index": Rule(roles=ADMINISTRATORS),
    "portals:exams_session": Rule(kwargs=lambda _: {"session_id": 999999}),
    "portals:exams_session_advance": Rule(post_only=True, kwargs=lambda _: {"session_id": 999999}),
    "portals:exams_publish": Rule(post_only=True, kwargs=lambda _: {"session_id": 999999}),
    "portals:exams_candidates": Rule(kwargs=lambda _: {"session_id": 999999}),
    "portals:exams_paper": Rule(kwargs=lambda _: {"session_id": 999999, "paper_id": 999999}),
    "portals:exams_paper_sheet": Rule(kwargs=lambda _: {"session_id": 999999, "paper_id": 999999}),
    "portals:exams_paper_import": Rule(post_only=True, kwargs=lambda _: {"session_id": 999999, "paper_id": 999999}),
    "portals:exams_publish_progress": Rule(kwargs=lambda _: {"task_id": "no-such-task"}),
    "portals:council_decisions": Rule(roles=frozenset({"school_admin"}),
                                      kwargs=lambda s: {"class_id": s.enrolments.first().school_class_id}),
    # The year rollover (massar/students/tests/test_rollover_pages.py tests the territories): the administrator's
    # school sends to its preview; the officer lists the directorate's schools.
    "portals:rollover_index": Rule(roles=frozenset({"school_admin", "directorate_officer"}),
                                   expect={"school_admin": 302}),
    "portals:rollover_school": Rule(roles=frozenset({"school_admin", "directorate_officer"}),
                                    kwargs=lambda s: {"school_code": s.enrolments.first().school_class.school.code}),
    "portals:rollover_directorate": Rule(post_only=True),
    "portals:rollover_progress": Rule(kwargs=lambda _: {"task_id": "no-such-task"}),
    "portals:simulator_public": Rule(public=True),
    "portals:simulator_mine": Rule(roles=frozenset({"student"})),
    "portals:results_mine": Rule(roles=frozenset({"student"})),
    "portals:results_children": Rule(roles=frozenset({"parent"})),
    "portals:results_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    # Transfers: the parent's requests of a child; the school administration's lists, a request leaving or
    # entering its school (one of the student's), and asking for one from a student's file.
    "portals:transfers_children": Rule(roles=frozenset({"parent"})),
    "portals:transfers_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:transfers_child_cancel": Rule(post_only=True, kwargs=lambda s: {"massar_code": s.massar_code,
                                                                             "request_id": 1}),
    "portals:transfers_staff": Rule(roles=frozenset({"school_admin"})),
    "portals:transfers_staff_detail": Rule(roles=frozenset({"school_admin"}), kwargs=transfer_of),
    "portals:transfers_staff_certificate": Rule(post_only=True, kwargs=lambda _: {"request_id": 1}),
    "portals:transfers_staff_accept": Rule(post_only=True, kwargs=lambda _: {"request_id": 1}),
    "portals:transfers_staff_refuse": Rule(post_only=True, kwargs=lambda _: {"request_id": 1}),
    "portals:transfers_staff_cancel": Rule(post_only=True, kwargs=lambda _: {"request_id": 1}),
    "portals:transfers_staff_start": Rule(roles=frozenset({"school_admin"}),
                                          kwargs=lambda s: {"massar_code": s.massar_code}),
    # Orientation (the world's student has no window: the confirmation sends back to the page; the request of a
    # child without confirmed wishes sends back to the child's page). Journeys: massar/portals/tests.
    "portals:orientation_mine": Rule(roles=frozenset({"student"})),
    "portals:orientation_confirm": Rule(roles=frozenset({"student"}), expect={"student": 302}),
    "portals:orientation_children": Rule(roles=frozenset({"parent"})),
    "portals:orientation_child": Rule(roles=frozenset({"parent"}), kwargs=lambda s: {"massar_code": s.massar_code}),
    "portals:orientation_child_request": Rule(roles=frozenset({"parent"}), expect={"parent": 302},
                                              kwargs=lambda s: {"massar_code": s.massar_code}),
    # Orientation: the council's runs (the academy and the ministry decide, the schools and directorates
    # review their students; scope tested in massar/orientation/tests/test_council_pages.py) and the published
    # result with its explanation for the student and the parent.
    "portals:orientation_runs": Rule(roles=ADMINISTRATORS),
    "portals:orientation_offers": Rule(roles=frozenset({"school_admin"}), scoped=False),
    "portals:orientation_run_begin": Rule(post_only=True, scoped=False),
    "portals:orientation_run": Rule(kwargs=lambda _: {"run_id": 999999}),
    "portals:orientation_run_publish": Rule(post_only=True, kwargs=lambda _: {"run_id": 999999}),
    "portals:orientation_override": Rule(kwargs=lambda _: {"assignment_id": 999999}),
    "portals:orientation_result_mine": Rule(roles=frozenset({"student"})),
    "portals:orientation_result_children": Rule(roles=frozenset({"parent"})),
    "portals:orientation_result_child": Rule(roles=frozenset({"parent"}),
                                             kwargs=lambda s: {"massar_code": s.massar_code}),
}
# Outside the pages: the back office has its own tests, the API its own matrix and fuzzing.
EXCLUDED_PREFIXES = ("backoffice/", "api/v1/", "static/")


def routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not route.startswith(EXCLUDED_PREFIXES):
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield name, route


def test_every_route_has_an_access_rule():
    missing = sorted(f"{name} ({route})" for name, route in routes() if name not in RULES)
    assert missing == [], "add an access rule for each new page"
    stale = sorted(set(RULES) - {name for name, _ in routes()})
    assert stale == [], "rules for pages that no longer exist"


def own_student(world, role: str):
    """An object inside the role's scope."""
    return {
        "student": world.student_a, "parent": world.student_b, "teacher": world.student_a,
        "school_admin": world.student_b, "directorate_officer": world.student_a,
        "academy_officer": world.other_student, "ministry_officer": world.far_student,
    }[role]


def url_for(name: str, rule: Rule, obj=None) -> str:
    return reverse(name, kwargs=rule.kwargs(obj) if rule.kwargs else None)


def cases() -> Iterator[tuple[str, str]]:
    for name in sorted(RULES):
        for role in ("anonymous", *ROLES):
            yield name, role


@pytest.mark.parametrize(("name", "role"), list(cases()))
def test_role_can_open_exactly_what_their_scope_allows(en_client, world, name, role):
    rule = RULES[name]
    if role != "anonymous":
        en_client.force_login(world.accounts[role])
    obj = own_student(world, role) if role != "anonymous" else world.student_a
    response = en_client.get(url_for(name, rule, obj))
    if rule.demo_only:
        assert response.status_code == 404, "a page of the demo only does not exist outside it"
        return
    if rule.post_only:
        # A GET is refused; an anonymous visitor may first be sent to sign in.
        refused = response.status_code == 405 or (
            role == "anonymous" and response.status_code == 302 and "signin" in response["Location"])
        assert refused, response
        return
    if role == "anonymous":
        if rule.public:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 302 and "signin" in response["Location"], response
        return
    if role in rule.expect:
        assert response.status_code == rule.expect[role]
    elif rule.public:
        assert response.status_code in (200, 302)
    elif role in rule.roles:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    if rule.kwargs and rule.scoped and not rule.public and role in rule.roles and role != "ministry_officer":
        foreign = en_client.get(url_for(name, rule, world.far_student))
        assert foreign.status_code == 404, "an object outside the caller's scope is a 404"


# --- After a POST a person lands on a GET: no address a person can land on answers a bare 405 -------------------

# The only addresses that answer a GET with 405, and why nobody lands on them: a button or htmx posts to each, and
# the answer is a redirect (or a fragment swapped into the page), so the address bar never shows them and neither a
# reload nor a language switch (which re-requests the address bar's URL) ever asks for them.
POST_ONLY = {
    "portals:language_set": "the language buttons post to it; it always redirects to the page they were on",
    "portals:signout": "the sign-out button posts to it; it always redirects",
    "accounts:signout": "the sign-out button posts to it; it always redirects",
    "accounts:two_factor_disable": "a button on the security page; it always redirects to that page",
    "accounts:security_token_revoke": "a button on the security page; it always redirects to that page",
    "portals:grades_teacher_cell": "htmx posts a cell from the grid and swaps the answer in; the address stays the grid's",
    "portals:grades_teacher_remark": "htmx posts a remark from the grid; the address stays the grid's",
    "portals:grades_teacher_submit": "the grid's Submit button; it always redirects to the grid",
    "portals:notification_read": "a message's button in the outbox; it redirects to the outbox or the message's page",
    "portals:notifications_read_all": "the outbox's Mark all read button; it always redirects to the outbox",
    "portals:push_subscribe": "the preferences page's script posts this phone's subscription (JSON); no page",
    "portals:push_unsubscribe": "the preferences page's script posts it (JSON); no page",
    "portals:timetable_staff_lesson_add": "the Add button of a class's week; it redirects to the week",
    "portals:timetable_staff_lesson_remove": "a Remove button of a class's week; it redirects to the week",
    "portals:attendance_roll_call_marks": "the roll call page's script posts its queue of marks here (JSON)",
    "portals:attendance_staff_behaviour_add": "the form of a student's attendance page; it redirects there",
    "portals:attendance_staff_decide": "the form of each absence on a student's page; it redirects there",
    "portals:attendance_staff_policy": "the other-days setting on the daily attendance page; it redirects there",
    "portals:exams_session_advance": "a button on the exam session's page; it always redirects to that page",
    "portals:exams_publish": "a button on the exam session's page; it redirects to the publication's progress",
    "portals:orientation_run_begin": "the form on the orientation council's page; it redirects to the run or back",
    "portals:orientation_run_publish": "a button on the run's page; it redirects to that page",
    "portals:exams_paper_import": "the upload form on the marking grid; it redirects to the grid or shows the problems",
    "portals:rollover_directorate": "the officer's Run button on the rollover page; it redirects to the progress",
    "portals:transfers_child_cancel": "the Cancel button of a child's transfer page; it redirects to that page",
    "portals:transfers_staff_certificate": "a button on a transfer's page; it redirects to that page",
    "portals:transfers_staff_accept": "the Accept form on a transfer's page; it redirects to that page",
    "portals:transfers_staff_refuse": "the Refuse form on a transfer's page; it redirects to that page",
    "portals:transfers_staff_cancel": "a button on a transfer's page; it redirects to that page",
}


def test_the_post_only_addresses_are_exactly_the_listed_exceptions():
    assert {name for name, rule in RULES.items() if rule.post_only} == set(POST_ONLY)


def get_cases() -> Iterator[tuple[str, str]]:
    """Every route of the URL configuration but the listed exceptions, with each role it is for (a page for
    nobody in particular: every role; a public page: anonymous visitors too)."""
    for name in sorted({name for name, _route in routes()} - set(POST_ONLY)):
        rule = RULES[name]
        for role in (*sorted(rule.roles or ROLES), *(("anonymous",) if rule.public else ())):
            yield name, role


@pytest.mark.parametrize(("name", "role"), list(get_cases()))
def test_a_get_by_the_pages_own_role_never_answers_405(en_client, world, name, role):
    rule = RULES[name]
    if role != "anonymous":
        en_client.force_login(world.accounts[role])
    obj = own_student(world, role) if role != "anonymous" else world.student_a
    response = en_client.get(url_for(name, rule, obj))
    assert response.status_code != 405, f"{name}: a GET by {role} must answer a page or a redirect"


# --- The API: every operation of the OpenAPI document has a rule -------------------------------------------

PUBLIC_API = {
    ("get", "/api/v1/health"),
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/activate"),
    ("post", "/api/v1/auth/password/forgot"),
    ("post", "/api/v1/auth/password/reset"),
    ("post", "/api/v1/simulator/bac"),
}
# Operations behind a bearer token; the caller's identity decides the rows (tested per role in
# massar/accounts/tests/test_me_api.py, test_api_tokens.py and test_people_api.py).
TOKEN_API = {
    ("get", "/api/v1/me"),
    ("post", "/api/v1/me/children"),
    ("get", "/api/v1/auth/tokens"),
    ("delete", "/api/v1/auth/tokens/{prefix}"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me/grades"),
    ("get", "/api/v1/children/{code}/grades"),
    ("get", "/api/v1/notifications"),
    ("post", "/api/v1/notifications/{notification_id}/read"),
    ("post", "/api/v1/notifications/read-all"),
    ("get", "/api/v1/notifications/preferences"),
    ("put", "/api/v1/notifications/preferences"),
    ("get", "/api/v1/announcements"),
    ("post", "/api/v1/announcements/{announcement_id}/read"),
    ("get", "/api/v1/me/attendance"),
    ("get", "/api/v1/children/{code}/attendance"),
    ("get", "/api/v1/me/behaviour"),
    ("get", "/api/v1/children/{code}/behaviour"),
    ("get", "/api/v1/me/timetable"),
    ("get", "/api/v1/children/{code}/timetable"),
    ("get", "/api/v1/me/homework"),
    ("get", "/api/v1/children/{code}/homework"),
    ("get", "/api/v1/me/calendar"),
    ("get", "/api/v1/children/{code}/calendar"),
    ("get", "/api/v1/attendance/sessions"),
    ("get", "/api/v1/attendance/sessions/{lesson_id}/{date}"),
    ("post", "/api/v1/attendance/sessions/{lesson_id}/{date}/marks"),
    ("get", "/api/v1/me/results"),
    ("get", "/api/v1/children/{code}/results"),
    ("get", "/api/v1/children/{code}/transfers"),
    ("get", "/api/v1/me/orientation"),
    ("put", "/api/v1/me/orientation"),
    ("get", "/api/v1/children/{code}/orientation"),
    ("get", "/api/v1/me/orientation/result"),
    ("get", "/api/v1/children/{code}/orientation/result"),
}


def api_operations(client) -> dict[tuple[str, str], dict]:
    document = client.get("/api/v1/openapi.json").json()
    return {(method, path): operation for path, item in document["paths"].items()
            for method, operation in item.items()}


@pytest.mark.django_db
def test_every_api_operation_has_an_access_rule(client):
    assert set(api_operations(client)) == PUBLIC_API | TOKEN_API


@pytest.mark.django_db
def test_every_api_operation_declares_its_errors(client):
    for (method, path), operation in api_operations(client).items():
        errors = {code for code in operation["responses"] if code[0] in "45"}
        assert errors, f"{method.upper()} {path} declares no error response"
        if (method, path) in TOKEN_API:
            assert "401" in errors, f"{method.upper()} {path} must declare 401"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(TOKEN_API))
def test_token_api_refuses_callers_without_a_token(client, method, path):
    url = path.replace("{prefix}", "abcdefgh").replace("{notification_id}", "1").replace("{announcement_id}", "1")
    url = path.replace("{prefix}", "abcdefgh").replace("{lesson_id}", "1").replace("{date}", "2026-01-05")
    body = {} if method == "get" else {"content_type": "application/json", "data": "{}"}
    assert getattr(client, method)(url, **body).status_code == 401
    bogus = getattr(client, method)(url, headers={"authorization": "Bearer not-a-token"}, **body)
    assert bogus.status_code == 401
