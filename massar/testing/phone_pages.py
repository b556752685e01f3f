"""The pages students, parents and teachers open, generated from the URL configuration, for the phone-width
browser test (tests/e2e/test_phone_widths.py) and its completeness test (tests/test_phone_pages.py).

Every route of the site (outside the back office, the API and static files) is asked for, with GET, by each
audience: a visitor not signed in (the account pages: sign-in, activation, parent sign-up, password reset), a
student, a parent and a teacher, with its path parameters filled with the objects that audience owns. A route
that answers one of them with an HTML page is one of their pages and is checked on a phone; every other route
must be listed in NOT_PAGES with the reason it is not one (POST-only, a download, the administration's). So a
new page is checked as soon as it exists, and a new route nobody here can open must say why.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

AUDIENCES = ("anonymous", "student", "parent", "teacher")
OUTSIDE = ("backoffice/", "api/v1/", "static/")  # their own tests: the back office's matrix, the API's fuzzing

POST_ONLY = "POST-only action, no page"
ADMINISTRATION = "an administration page (school administrator or officers): not opened by students, parents, teachers"
NOT_PAGES: dict[str, str] = {
    "portals:language_set": POST_ONLY + " (the language buttons of every page's menu)",
    "portals:signout": POST_ONLY + " (the old address of sign-out)",
    "portals:manifest": "the web app manifest (JSON), tested in massar/portals/tests/test_webapp.py",
    "portals:demo_mailbox": "the demo's mailbox, only with DEBUG on (a 404 here); tests/e2e/test_demo_mailbox_journey.py "
                            "opens it on a phone",
    "portals:demo_mailbox_message": "one message of the demo's mailbox, only with DEBUG on (see portals:demo_mailbox)",
    "accounts:signout": POST_ONLY + " (the Sign out button of the menu)",
    "accounts:two_factor_disable": POST_ONLY,
    "accounts:two_factor_reset": POST_ONLY + " (administration)",
    "accounts:security_token_revoke": POST_ONLY,
    "accounts:account_unlock": POST_ONLY + " (administration)",
    "accounts:temporary_password": POST_ONLY + " (administration)",
    "accounts:locked_accounts": ADMINISTRATION,
    "accounts:school_accounts": ADMINISTRATION,
    "accounts:student_guardians": ADMINISTRATION,
    "accounts:staff_accounts": ADMINISTRATION,
    "portals:grades_teacher_cell": POST_ONLY + " (a cell of the grid, saved by htmx)",
    "portals:grades_teacher_remark": POST_ONLY + " (a remark of the grid, saved by htmx)",
    "portals:grades_teacher_submit": POST_ONLY,
    "portals:grades_teacher_canevas_download": "an Excel download, not a page",
    "portals:grades_board_index": ADMINISTRATION,
    "portals:grades_board": ADMINISTRATION,
    "portals:grades_board_publish": POST_ONLY + " (administration)",
    "portals:grades_board_sheet": ADMINISTRATION,
    "portals:grades_board_withdraw": ADMINISTRATION + " (the confirmation of a withdrawal)",
    "portals:grades_board_return": POST_ONLY + " (administration)",
    "portals:grades_board_validate": POST_ONLY + " (administration)",
    "portals:grades_board_correct": POST_ONLY + " (administration)",
    "portals:grades_close": ADMINISTRATION,
    "portals:grades_close_progress": ADMINISTRATION,
    "portals:grades_close_status": ADMINISTRATION + " (an htmx fragment)",
    "portals:notification_read": POST_ONLY + " (a message's button in the outbox)",
    "portals:notifications_read_all": POST_ONLY + " (the outbox's Mark all read)",
    "portals:push_subscribe": POST_ONLY + " (JSON from the preferences page's script)",
    "portals:push_unsubscribe": POST_ONLY + " (JSON from the preferences page's script)",
    "portals:announcement_attachment": "a file download, not a page",
    "portals:announcements_sent": ADMINISTRATION,
    "portals:announcement_new": ADMINISTRATION,
    "portals:documents_my_report_card": "a PDF download (or back to the documents page when not available)",
    "portals:documents_my_annual_report_card": "a PDF download (or back to the documents page when not available)",
    "portals:documents_my_school_certificate": "a PDF download",
    "portals:documents_child_report_card": "a PDF download (or back to the documents page when not available)",
    "portals:documents_child_annual_report_card": "a PDF download (or back to the documents page when not available)",
    "portals:documents_child_school_certificate": "a PDF download",
    "portals:orientation_child_request": "a PDF download (or back to the child's orientation page without wishes)",
    "portals:orientation_confirm": "the confirmation of the wishes being arranged (?w=…), else back to the orientation page; "
                                   "tests/e2e/test_orientation_wishes_journey.py opens it on a phone",
    "portals:documents_class_list": "a PDF download",
    "portals:documents_my_exam_transcript": "a PDF download",
    "portals:documents_child_exam_transcript": "a PDF download",
    "portals:documents_staff_exam_transcript": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff": ADMINISTRATION,
    "portals:documents_staff_student": ADMINISTRATION,
    "portals:documents_staff_report_card": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff_annual_report_card": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff_school_certificate": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff_leaving_certificate": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff_download": ADMINISTRATION + " (a PDF download)",
    "portals:documents_staff_revoke": ADMINISTRATION,
    "portals:documents_batch": ADMINISTRATION,
    "portals:documents_batch_status": ADMINISTRATION + " (an htmx fragment)",
    "portals:documents_batch_download": ADMINISTRATION + " (a PDF download)",
    "portals:timetable_staff_index": ADMINISTRATION,
    "portals:timetable_staff_class": ADMINISTRATION,
    "portals:timetable_staff_lesson_add": POST_ONLY + " (administration)",
    "portals:timetable_staff_lesson_remove": POST_ONLY + " (administration)",
    "portals:attendance_service_worker": "the roll call's service worker (JavaScript), not a page",
    "portals:attendance_roll_call_marks": POST_ONLY + " (the roll call's queue of marks, JSON)",
    "portals:attendance_staff_day": ADMINISTRATION,
    "portals:attendance_staff_policy": POST_ONLY + " (administration)",
    "portals:attendance_staff_student": ADMINISTRATION,
    "portals:attendance_staff_behaviour_add": POST_ONLY + " (administration)",
    "portals:attendance_staff_decide": POST_ONLY + " (administration)",
    "portals:attendance_document": "a scanned document (PDF or image), not a page",
    "portals:lessons_attachment": "a homework attachment (PDF or image), not a page",
    "portals:exams_index": ADMINISTRATION,
    "portals:exams_session": ADMINISTRATION,
    "portals:exams_session_advance": POST_ONLY + " (administration)",
    "portals:orientation_runs": ADMINISTRATION + " (the orientation council)",
    "portals:orientation_offers": ADMINISTRATION + " (a school's stream places)",
    "portals:orientation_run_begin": POST_ONLY + " (the orientation council)",
    "portals:orientation_run": ADMINISTRATION + " (the orientation council)",
    "portals:orientation_run_publish": POST_ONLY + " (the orientation council)",
    "portals:orientation_override": ADMINISTRATION + " (the orientation council)",
    "portals:exams_publish": POST_ONLY + " (administration)",
    "portals:exams_candidates": ADMINISTRATION,
    "portals:exams_paper": ADMINISTRATION + " (the anonymous marking grid of the owning body)",
    "portals:exams_paper_sheet": "an Excel download, not a page",
    "portals:exams_paper_import": POST_ONLY + " (administration)",
    "portals:exams_publish_progress": ADMINISTRATION,
    "portals:council_decisions": ADMINISTRATION + " (the class council's end-of-year decisions)",
    "portals:rollover_index": ADMINISTRATION + " (the year rollover: school administration, directorate)",
    "portals:rollover_school": ADMINISTRATION + " (a school's rollover preview and run)",
    "portals:rollover_directorate": POST_ONLY + " (administration)",
    "portals:rollover_progress": ADMINISTRATION + " (the directorate's rollover progress)",
    "portals:transfers_child_cancel": POST_ONLY + " (the Cancel button of a child's transfer page)",
    "portals:transfers_staff": ADMINISTRATION,
    "portals:transfers_staff_detail": ADMINISTRATION,
    "portals:transfers_staff_certificate": POST_ONLY + " (administration)",
    "portals:transfers_staff_accept": POST_ONLY + " (administration)",
    "portals:transfers_staff_refuse": POST_ONLY + " (administration)",
    "portals:transfers_staff_cancel": POST_ONLY + " (administration)",
    "portals:transfers_staff_start": ADMINISTRATION,
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # as written in the URL configuration
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    audience: str
    name: str
    url: str
    cookies: dict[str, str]  # the session the page was found with, for the browser to open it with




def routes(patterns: list | None = None, prefix: str = "", namespace: str = "",
           inherited: tuple[str, ...] = ()) -> Iterator[Route]:
    """Every named route of the URL configuration, walked from the root resolver, with the path parameters it
    and the prefixes including it capture."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        captured = inherited + tuple(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner, captured)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(OUTSIDE) or not pattern.name:
                continue
            yield Route(f"{namespace}:{pattern.name}" if namespace else pattern.name, route, captured)


def arguments(world) -> dict[str, object]:
    """A value for each path parameter, owned by every audience at once in the test world: student_a is the
    student's own record, a child of the parent and a pupil of the teacher, whose MATH sheet of class_a,
    semester 1, it is, whose school certificate's reference opens the verification page, and whose open
    transfer request is the one the transfer actions act on. Token links get a
    stale token: such a page explains, it never fails."""
    from .documents import certificate_issued
    from .school_life import todays_session
    from .transfers import transfer_asked

    lesson, day = todays_session(world.class_a)  # the teacher's session today (the roll call page)
    return {"massar_code": world.student_a.massar_code, "class_id": world.class_a.pk, "subject": "MATH",
            "semester": 1, "uidb64": "MQ", "token": "not-a-valid-token", "message_id": "no-such-message",
            "announcement_id": _announcement(world), "notification_id": 1,
            "reference": certificate_issued(world.student_a).reference,
            "batch_id": "00000000-0000-4000-8000-000000000000",
            "lesson_id": lesson.pk, "on": day.isoformat(), "absence_id": 1, "log_id": 1,
            "session_id": 0, "paper_id": 0, "school_code": world.school.code,
            "request_id": transfer_asked(world.student_a).pk, "run_id": 0, "assignment_id": 0}


def _announcement(world) -> int:
    """An announcement of the world's school to everyone in it: the student's, the parent's and the teacher's."""
    from .notifications import school_announcement

    return school_announcement(world.school).pk


class UnfilledParameter(LookupError):
    pass


def url_of(route: Route, values: dict[str, object]) -> str:
    missing = [name for name in route.parameters if name not in values]
    if missing:
        raise UnfilledParameter(f"{route.name} ({route.route}): no value for {missing}; add one to "
                                "massar.testing.phone_pages.arguments, or list the route in NOT_PAGES")
    return reverse(route.name, kwargs={name: values[name] for name in route.parameters} or None)


def client_of(world, audience: str) -> Client:
    client = Client()
    if audience != "anonymous":
        client.force_login(world.accounts[audience])
    return client


# Pages that are pages only in a state a plain GET does not reach: each is opened from that state, set up on an
# account or a session of its own.
def _just_activated(world) -> Client:
    client = Client()
    session = client.session
    # massar.portals.account.views_recovery.ACTIVATED_SESSION_KEY (the portals are not imported from here)
    session["massar_activated_signin_name"] = f"{world.student_a.massar_code}@taalim.ma"
    session.save()
    return client


def _second_factor_pending(world) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from massar.staff.models import Position

    from . import factories as make

    teacher = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    TOTPDevice.objects.create(user=teacher, name="phone", confirmed=True)
    client = Client()
    client.force_login(teacher)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)  # signed in with the password, the code still to give
    session.save()
    return client


def _temporary_password(world) -> Client:
    from . import factories as make

    student = make.account(make.student(in_class=world.class_a, first_name_latin="Temporary"))
    type(student).objects.filter(pk=student.pk).update(must_change_password=True)
    client = Client()
    client.force_login(student)
    return client


STATES = {
    "accounts:activated": ("anonymous", _just_activated),
    "accounts:two_factor_verify": ("teacher", _second_factor_pending),
    "accounts:password_choose": ("student", _temporary_password),
}


def is_html_page(client: Client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _cookies(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def phone_pages(world) -> list[Page]:
    """Each (audience, page) the browser test opens: every route not in NOT_PAGES that answers the audience's
    GET with an HTML page, and the pages of STATES from their state."""
    values = arguments(world)
    found: list[Page] = []
    for audience in AUDIENCES:
        client = client_of(world, audience)
        for route in routes():
            if route.name in NOT_PAGES or route.name in STATES:
                continue
            url = url_of(route, values)
            if is_html_page(client, url):
                found.append(Page(audience, route.name, url, _cookies(client)))
    for route in routes():
        if route.name in STATES:
            audience, state = STATES[route.name]
            client = state(world)
            url = url_of(route, values)
            if is_html_page(client, url):
                found.append(Page(audience, route.name, url, _cookies(client)))
    return found
