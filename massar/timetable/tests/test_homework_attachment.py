"""A homework's optional attachment: a PDF, JPEG or PNG (checked by its first bytes, as a justification's scan),
kept outside the web root and served only to those who read the class's log; anything else is refused and
nothing is written."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massar.attendance.error_codes import AttendanceErrorCode
from massar.core.errors import Invalid
from massar.schools.models import Subject
from massar.staff.models import Position
from massar.testing import factories as make
from massar.timetable import lessons
from massar.timetable.models import Lesson, LessonLog

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% worksheet\n"
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.MASSAR_PRIVATE_ROOT = tmp_path / "private"
    from massar.attendance.storage import private_storage

    for attribute in ("base_location", "location"):
        private_storage.__dict__.pop(attribute, None)
    yield
    for attribute in ("base_location", "location"):
        private_storage.__dict__.pop(attribute, None)


@pytest.fixture
def maths(world) -> Lesson:
    return Lesson.objects.create(school_class=world.class_a, day=1, slot=1, subject=Subject.objects.get(code="MATH"),
                                 teacher=world.accounts["teacher"].staff_member)


def write(world, lesson, **fields) -> LessonLog:
    return lessons.lesson_log_write(actor=world.accounts["teacher"], lesson=lesson, on=MONDAY, content="Cours",
                                    homework="Fiche 3", due_on=MONDAY + datetime.timedelta(days=2), today=MONDAY,
                                    **fields)


@pytest.mark.parametrize(("content", "code"), [
    (b"MZ\x90\x00 not a document", AttendanceErrorCode.BAD_DOCUMENT),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), AttendanceErrorCode.DOCUMENT_TOO_LARGE),
])
def test_a_file_that_is_not_a_small_pdf_or_image_is_refused_and_nothing_written(world, maths, content, code):
    with pytest.raises(Invalid) as refused:
        write(world, maths, attachment=SimpleUploadedFile("fiche.pdf", content))
    assert refused.value.code == code
    assert not LessonLog.objects.exists()


def test_the_attachment_is_kept_privately_replaced_and_removed(world, maths, settings, django_capture_on_commit_callbacks):
    log = write(world, maths, attachment=SimpleUploadedFile("fiche.exe", PDF))
    assert log.attachment_type == "application/pdf" and log.attachment.name.endswith(".pdf")
    first = Path(settings.MASSAR_PRIVATE_ROOT) / log.attachment.name
    assert first.read_bytes() == PDF and "fiche" not in log.attachment.name  # a random name, not the sent one
    with django_capture_on_commit_callbacks(execute=True):
        log = write(world, maths, attachment=SimpleUploadedFile("fiche.png", b"\x89PNG\r\n\x1a\nimage"))
    assert log.attachment_type == "image/png" and not first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        log = write(world, maths, attachment_remove=True)
    assert not log.attachment and log.attachment_type == ""


def test_the_attachment_is_served_to_the_class_only(en_client, world, maths):
    log = write(world, maths, attachment=SimpleUploadedFile("fiche.pdf", PDF))
    url = reverse("portals:lessons_attachment", kwargs={"log_id": log.pk})
    for role in ("student", "parent", "teacher", "school_admin"):
        en_client.force_login(world.accounts[role])
        response = en_client.get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
    stranger = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    far_student = make.account(world.far_student)
    for account in (stranger, far_student):
        en_client.force_login(account)
        assert en_client.get(url).status_code == 404
    en_client.force_login(world.accounts["student"])
    homework = en_client.get(reverse("portals:homework_mine")).content.decode()
    assert url not in homework  # due on Wednesday 4 March 2026: not this week
    bare = write(world, maths, attachment_remove=True)
    assert en_client.get(reverse("portals:lessons_attachment", kwargs={"log_id": bare.pk})).status_code == 404


def test_the_teacher_attaches_a_worksheet_from_the_log_form(en_client, world):
    from django.utils import timezone

    on = timezone.localdate()
    on += datetime.timedelta(days=1) if on.isoweekday() == 7 else datetime.timedelta(0)
    lesson = Lesson.objects.create(school_class=world.class_a, day=on.isoweekday(), slot=2,
                                   subject=Subject.objects.get(code="MATH"),
                                   teacher=world.accounts["teacher"].staff_member)
    url = reverse("portals:lessons_log", kwargs={"lesson_id": lesson.pk, "on": on.isoformat()})
    fields = {"content": "Cours", "homework": "Fiche 3", "due_on": (on + datetime.timedelta(days=2)).isoformat()}
    en_client.force_login(world.accounts["teacher"])
    refused = en_client.post(url, fields | {"attachment": SimpleUploadedFile("fiche.pdf", b"not a pdf")})
    assert refused.status_code == 400
    assert 'id="log-attachment" name="attachment" accept="application/pdf,image/jpeg,image/png" aria-invalid="true"' \
        in refused.content.decode()
    assert not LessonLog.objects.exists()
    assert en_client.post(url, fields | {"attachment": SimpleUploadedFile("fiche.pdf", PDF)}).status_code == 302
    log = LessonLog.objects.get()
    assert log.attachment_type == "application/pdf"
    en_client.force_login(world.accounts["student"])
    homework = en_client.get(reverse("portals:homework_mine")).content.decode()
    assert reverse("portals:lessons_attachment", kwargs={"log_id": log.pk}) in homework
