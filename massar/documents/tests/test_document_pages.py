"""Who gets what, through the pages: the role × document matrix (foreign students and documents are 404), the
staff's revocation and batch printing, and the class lists."""

import html
import io

import pdfplumber
import pytest
from django.urls import reverse

from massar.documents.models import BatchPrint, BatchState, Document
from massar.testing.documents import certificate_issued

ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")


TRANSCRIPTS = ("my_transcript", "child_transcript", "staff_transcript")


def urls(world, foreign: bool = False, session_id: int = 999999) -> dict[str, str]:
    """Each kind of document, for the world's student_a (own to the student, the parent, the administration)
    or for far_student (nobody's here); the exam transcripts of the exam session `session_id`."""
    student = world.far_student if foreign else world.student_a
    code = student.massar_code
    reference = certificate_issued(student).reference
    return {
        "my_report_card": reverse("portals:documents_my_report_card", kwargs={"semester": 1}),
        "my_certificate": reverse("portals:documents_my_school_certificate"),
        "child_report_card": reverse("portals:documents_child_report_card", kwargs={"massar_code": code,
                                                                                     "semester": 1}),
        "child_certificate": reverse("portals:documents_child_school_certificate", kwargs={"massar_code": code}),
        "staff_report_card": reverse("portals:documents_staff_report_card", kwargs={"massar_code": code,
                                                                                     "semester": 1}),
        "staff_certificate": reverse("portals:documents_staff_school_certificate", kwargs={"massar_code": code}),
        "staff_download": reverse("portals:documents_staff_download", kwargs={"reference": reference}),
        "staff_revoke": reverse("portals:documents_staff_revoke", kwargs={"reference": reference}),
        "staff_student": reverse("portals:documents_staff_student", kwargs={"massar_code": code}),
        "class_list": reverse("portals:documents_class_list", kwargs={
            "class_id": (world.far_class if foreign else world.class_a).pk}),
        "my_transcript": reverse("portals:documents_my_exam_transcript", kwargs={"session_id": session_id}),
        "child_transcript": reverse("portals:documents_child_exam_transcript",
                                    kwargs={"massar_code": code, "session_id": session_id}),
        "staff_transcript": reverse("portals:documents_staff_exam_transcript",
                                    kwargs={"massar_code": code, "session_id": session_id}),
    }


PDF, PAGE = "pdf", "page"
# What each role gets for student_a's documents (a PDF, a page, or the not-found page).
ALLOWED = {
    "student": {"my_report_card": PDF, "my_certificate": PDF, "my_transcript": PDF},
    "parent": {"child_report_card": PDF, "child_certificate": PDF, "child_transcript": PDF},
    "teacher": {"class_list": PDF},
    "school_admin": {"staff_report_card": PDF, "staff_certificate": PDF, "staff_download": PDF,
                     "staff_revoke": PAGE, "staff_student": PAGE, "class_list": PDF, "staff_transcript": PDF},
}


@pytest.fixture
def regional(world):
    """student_a's 1BAC regional exam of last year, published (its transcript exists): the session's id."""
    from massar.testing.exams import Bac

    bac = Bac(world)
    bac.regional_done()
    return bac.regional.pk


def _expected_answers(client, role, names_urls):
    for name, url in names_urls:
        response = client.get(url)
        expected = ALLOWED.get(role, {}).get(name)
        if expected == PDF:
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (name, response)
            assert response.content.startswith(b"%PDF")
        elif expected == PAGE:
            assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), name
        else:
            assert response.status_code == 404, (name, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_documents(world, graded, en_client, role):
    en_client.force_login(world.accounts[role])
    _expected_answers(en_client, role, [(name, url) for name, url in urls(world).items() if name not in TRANSCRIPTS])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_exam_transcripts(world, regional, en_client, role):
    """The same matrix for the transcripts, once student_a's regional exam result is published."""
    en_client.force_login(world.accounts[role])
    _expected_answers(en_client, role, [(name, url) for name, url in urls(world, session_id=regional).items()
                                        if name in TRANSCRIPTS])


@pytest.mark.parametrize("role", ["parent", "teacher", "school_admin"])
def test_a_foreign_students_documents_are_not_found(world, graded, en_client, role):
    en_client.force_login(world.accounts[role])
    for name, url in urls(world, foreign=True).items():
        if name.startswith("my_"):
            continue  # the caller's own: no student in the address
        assert en_client.get(url).status_code == 404, name


def test_anonymous_visitors_sign_in_first(world, graded, client):
    for name, url in urls(world).items():
        response = client.get(url)
        assert response.status_code == 302 and "signin" in response["Location"], name


def test_before_publication_the_student_is_told_why(world, en_client):
    from massar.testing.documents import graded_class

    graded_class(world, publish=False)
    en_client.force_login(world.accounts["student"])
    response = en_client.get(reverse("portals:documents_my_report_card", kwargs={"semester": 1}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portals:documents_mine")
    assert "available once the semester's general average is published" in html.unescape(response.content.decode())
    assert not Document.objects.filter(kind="report_card").exists()


def test_the_student_page_lists_what_is_available(world, graded, en_client):
    en_client.force_login(world.accounts["student"])
    html = en_client.get(reverse("portals:documents_mine")).content.decode()
    assert reverse("portals:documents_my_report_card", kwargs={"semester": 1}) + "?lang=ar" in html
    assert reverse("portals:documents_my_report_card", kwargs={"semester": 2}) not in html  # not closed yet


def test_the_administration_revokes_with_a_reason(world, en_client):
    document = certificate_issued(world.student_a)
    en_client.force_login(world.accounts["school_admin"])
    url = reverse("portals:documents_staff_revoke", kwargs={"reference": document.reference})
    refused = en_client.post(url, {"reason": " "})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    done = en_client.post(url, {"reason": "Printed on the wrong paper"})
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.revoked_reason == "Printed on the wrong paper"
    page = en_client.get(reverse("portals:documents_staff_student", kwargs={"massar_code": world.student_a.massar_code}))
    assert "Printed on the wrong paper" in page.content.decode()


def test_the_administration_prints_a_class_at_once(world, graded, en_client):
    """The batch runs as a task (at once in tests); its page shows the progress and the PDF holds a card per
    student of the class."""
    en_client.force_login(graded.admin)
    response = en_client.post(reverse("portals:documents_staff"),
                              {"target": f"class:{world.class_a.pk}", "semester": "1", "lang": "fr"})
    batch = BatchPrint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portals:documents_batch",
                                                                            kwargs={"batch_id": batch.pk})
    assert (batch.state, batch.total, batch.done, batch.printed, batch.skipped) == (BatchState.DONE, 3, 3, 3, 0)
    page = en_client.get(response["Location"]).content.decode()
    assert 'data-state="done"' in page and reverse("portals:documents_batch_download",
                                                   kwargs={"batch_id": batch.pk}) in page
    pdf = en_client.get(reverse("portals:documents_batch_download", kwargs={"batch_id": batch.pk}))
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        assert len(document.pages) == 3
        codes = [next(s.massar_code for s in graded.students if s.massar_code in (page.extract_text() or ""))
                 for page in document.pages]
    assert sorted(codes) == sorted(s.massar_code for s in graded.students)
    assert Document.objects.filter(kind="report_card").count() == 3


def test_a_batch_of_another_school_or_nobodys_is_not_found(world, graded, en_client):
    en_client.force_login(graded.admin)
    assert en_client.post(reverse("portals:documents_staff"), {"target": f"class:{world.far_class.pk}",
                                                               "semester": "1", "lang": "ar"}).status_code == 404
    assert en_client.post(reverse("portals:documents_staff"), {"target": "class:x", "semester": "9",
                                                               "lang": "ar"}).status_code == 404
    assert not BatchPrint.objects.exists()


def test_a_batch_before_publication_fails_saying_why(world, en_client):
    from massar.testing.documents import graded_class

    grades = graded_class(world, publish=False)
    en_client.force_login(grades.admin)
    en_client.post(reverse("portals:documents_staff"), {"target": "school", "semester": "1", "lang": "ar"})
    batch = BatchPrint.objects.get()
    assert batch.state == BatchState.FAILED and batch.skipped == batch.total > 0 and batch.pdf is None
    assert en_client.get(reverse("portals:documents_batch_download", kwargs={"batch_id": batch.pk})).status_code == 404


def test_the_students_file_shows_the_record_and_leads_to_the_documents(world, graded, en_client):
    en_client.force_login(graded.admin)
    html = en_client.get(reverse("portals:staff_student_detail",
                                 kwargs={"massar_code": world.student_a.massar_code})).content.decode()
    assert '<bdi dir="ltr" class="num">14.02/20</bdi>' in html and "2025/2026" in html
    assert reverse("portals:documents_staff_student", kwargs={"massar_code": world.student_a.massar_code}) in html


def test_a_school_the_student_left_does_not_read_the_new_schools_results(world, graded, en_client):
    from massar.staff.models import Position
    from massar.testing import factories as make

    make.transfer(student=world.student_a, to_class=world.other_class)
    new_school = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=world.other_school))
    url = reverse("portals:staff_student_detail", kwargs={"massar_code": world.student_a.massar_code})
    en_client.force_login(new_school)
    assert 'class="table record"' in en_client.get(url).content.decode()  # the school they are in now
    en_client.force_login(graded.admin)
    assert 'class="table record"' not in en_client.get(url).content.decode()  # that year ended elsewhere


def test_the_students_documents_page_reads_a_bounded_number_of_queries(world, graded, en_client,
                                                                      django_assert_max_num_queries):
    from massar.documents.services import document_revoke

    admin = graded.admin
    for _ in range(15):  # fifteen issued certificates, each revoked so that the next issue is a new document
        document_revoke(document=certificate_issued(world.student_a), actor=admin, reason="test")
    en_client.force_login(admin)
    url = reverse("portals:documents_staff_student", kwargs={"massar_code": world.student_a.massar_code})
    en_client.get(url)
    with django_assert_max_num_queries(35):  # 30 whatever the rows; one more per row would pass 45
        html = en_client.get(url).content.decode()
    assert html.count("Revoked") >= 15


def test_a_batch_run_by_the_worker_is_followed_until_its_pdf(world, graded, en_client, settings):
    """As in the demo and in production: the batch is queued in the database and a worker runs it; the page
    says it waits and keeps polling, then offers the PDF."""
    from massar.testing.tasks import DATABASE_TASKS, tasks_run_queued

    settings.TASKS = DATABASE_TASKS
    en_client.force_login(graded.admin)
    started = en_client.post(reverse("portals:documents_staff"),
                             {"target": f"level:{world.class_a.level.code}", "semester": "1", "lang": "ar"})
    batch = BatchPrint.objects.get()
    status_url = reverse("portals:documents_batch_status", kwargs={"batch_id": batch.pk})
    waiting = en_client.get(status_url).content.decode()
    assert started.status_code == 302 and 'data-state="queued"' in waiting and 'hx-trigger="every 2s"' in waiting
    tasks_run_queued()
    done = en_client.get(status_url).content.decode()
    assert 'data-state="done"' in done and "every 2s" not in done
    batch.refresh_from_db()
    # The level: class_a's three students with a card, class_b's student_b without one yet (nothing entered).
    assert (batch.total, batch.printed, batch.skipped) == (4, 3, 1)
