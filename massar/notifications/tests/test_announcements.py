"""Announcements: who they reach (a school's everyone, a level, a class; a directorate's or an academy's staff
or families), attachment checks, expiry, read receipts, the fan-out as a background task."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.core.errors import Invalid, Refused
from massar.notifications.models import Announcement, AnnouncementReceipt, Audience, Kind, Notification
from massar.notifications.scopes import announcements_visible_to
from massar.notifications.selectors import announcements_sent
from massar.notifications.services.announcements import AttachmentIn, announcement_publish, announcement_read
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.notifications import PDF


def reached(announcement: Announcement) -> set[str]:
    return set(AnnouncementReceipt.objects.filter(announcement=announcement)
               .values_list("account__username", flat=True))


def names(world, *roles) -> set[str]:
    return {world.accounts[role].username for role in roles}


def publish(author, **kwargs) -> Announcement:
    return announcement_publish(author=author, title=kwargs.pop("title", "Meeting"),
                                body=kwargs.pop("body", "Saturday at ten."), **kwargs)


def test_a_school_writes_to_everyone_in_it(world):
    other_school_teacher = make.account(make.staff(position=Position.TEACHER, school_=world.other_school))
    announcement = publish(world.accounts["school_admin"])
    assert reached(announcement) == names(world, "student", "parent", "teacher", "school_admin")
    assert other_school_teacher.username not in reached(announcement)
    assert announcement.recipients_count == 4
    message = Notification.objects.get(recipient=world.accounts["parent"], kind=Kind.ANNOUNCEMENT)
    assert message.link == reverse("portals:announcement_detail", args=[announcement.pk])


def test_a_class_announcement_reaches_its_families_only(world):
    student_b_account = make.account(world.student_b)
    announcement = publish(world.accounts["school_admin"], audience=Audience.FAMILIES, school_class=world.class_b)
    assert reached(announcement) == {student_b_account.username, world.accounts["parent"].username}


def test_a_level_or_class_needs_the_families_audience_and_the_own_school(world):
    with pytest.raises(Invalid) as everyone:
        publish(world.accounts["school_admin"], audience=Audience.EVERYONE, school_class=world.class_a)
    assert everyone.value.code == "bad_audience"
    with pytest.raises(Invalid) as foreign:
        publish(world.accounts["school_admin"], audience=Audience.FAMILIES, school_class=world.far_class)
    assert foreign.value.code == "bad_audience"
    assert not Announcement.objects.exists()


def test_a_directorate_writes_to_its_schools_staff(world):
    announcement = publish(world.accounts["directorate_officer"], audience=Audience.STAFF)
    assert reached(announcement) == names(world, "teacher", "school_admin")
    other = make.account(world.other_student)
    families = publish(world.accounts["academy_officer"], audience=Audience.FAMILIES)
    assert reached(families) == names(world, "student", "parent") | {other.username}


def test_only_the_administration_writes(world):
    for role in ("student", "parent", "teacher", "ministry_officer"):
        with pytest.raises(Refused) as refused:
            publish(world.accounts[role])
        assert refused.value.code == "not_an_issuer"


def test_attachment_type_and_size_are_checked(world, settings):
    admin = world.accounts["school_admin"]
    with pytest.raises(Invalid) as disguised:
        publish(admin, attachment=AttachmentIn(name="virus.pdf", content=b"MZ\x90\x00 not a pdf"))
    assert disguised.value.code == "bad_attachment"
    settings.MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(Invalid) as large:
        publish(admin, attachment=AttachmentIn(name="big.pdf", content=PDF + b" " * 100))
    assert large.value.code == "attachment_too_large"
    assert not Announcement.objects.exists()
    settings.MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = 10_000
    ok = publish(admin, attachment=AttachmentIn(name="../../etc/passwd.pdf", content=PDF))
    assert ok.attachment.name == "etcpasswd.pdf" and ok.attachment.content_type == "application/pdf"


def test_empty_text_or_past_expiry_is_refused(world):
    admin = world.accounts["school_admin"]
    with pytest.raises(Invalid) as empty:
        publish(admin, title="  ")
    assert empty.value.code == "title_required"
    with pytest.raises(Invalid) as past:
        publish(admin, expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert past.value.code == "bad_expiry"


def test_read_receipts_are_counted_for_the_sender(world):
    announcement = publish(world.accounts["school_admin"])
    announcement_read(user=world.accounts["parent"], announcement_id=announcement.pk)
    announcement_read(user=world.accounts["parent"], announcement_id=announcement.pk)  # twice: one receipt
    announcement_read(user=world.accounts["school_admin"], announcement_id=announcement.pk)
    [sent] = announcements_sent(world.accounts["school_admin"])
    assert (sent.read_count, sent.recipients_count) == (2, 4)
    message = Notification.objects.get(recipient=world.accounts["parent"], kind=Kind.ANNOUNCEMENT)
    assert message.read_at is not None  # reading the announcement reads its notification
    [seen_by_directorate] = announcements_sent(world.accounts["directorate_officer"])
    assert seen_by_directorate.pk == announcement.pk
    assert not announcements_sent(world.accounts["teacher"]).exists()


def test_an_expired_announcement_leaves_the_readers_list(world):
    announcement = publish(world.accounts["school_admin"], expires_at=timezone.now() + datetime.timedelta(days=1))
    parent = world.accounts["parent"]
    assert announcements_visible_to(parent).filter(pk=announcement.pk).exists()
    Announcement.objects.filter(pk=announcement.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert not announcements_visible_to(parent).filter(pk=announcement.pk).exists()


def test_a_large_audience_is_fanned_out_by_a_background_task(world, settings, django_capture_on_commit_callbacks):
    settings.MASSAR_ANNOUNCEMENT_INLINE_RECIPIENTS = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announcement = publish(world.accounts["school_admin"])
    assert not AnnouncementReceipt.objects.exists() and announcement.recipients_count == 4
    for callback in callbacks:
        callback()  # the tests' task backend runs the task at once
    assert len(reached(announcement)) == 4
    announcement.refresh_from_db()
    assert announcement.fanned_out_at is not None


def test_pages_write_list_read_and_count(en_client, world):
    admin = world.accounts["school_admin"]
    en_client.force_login(admin)
    form = en_client.get(reverse("portals:announcement_new")).content.decode()
    assert world.class_a.code in form
    response = en_client.post(reverse("portals:announcement_new"), {
        "title": "Exams calendar", "body": "See the attached calendar.", "audience": Audience.FAMILIES,
        "school_class": world.class_a.pk, "attachment": _upload()})
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    en_client.force_login(world.accounts["parent"])
    listed = en_client.get(reverse("portals:announcements")).content.decode()
    assert "Exams calendar" in listed
    detail = en_client.get(reverse("portals:announcement_detail", args=[announcement.pk])).content.decode()
    assert "See the attached calendar." in detail
    download = en_client.get(reverse("portals:announcement_attachment", args=[announcement.pk]))
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    en_client.force_login(make.account(world.student_b))  # class_b: not for them
    assert en_client.get(reverse("portals:announcement_detail", args=[announcement.pk])).status_code == 404
    assert en_client.get(reverse("portals:announcement_attachment", args=[announcement.pk])).status_code == 404
    en_client.force_login(admin)
    sent = en_client.get(reverse("portals:announcements_sent")).content.decode()
    assert "1 of 2" in sent


def test_bad_form_answers_400_and_writes_nothing(en_client, world):
    en_client.force_login(world.accounts["school_admin"])
    response = en_client.post(reverse("portals:announcement_new"), {
        "title": "Exams", "body": "x", "audience": Audience.EVERYONE, "school_class": world.class_a.pk})
    assert response.status_code == 400 and not Announcement.objects.exists()
    bad_file = en_client.post(reverse("portals:announcement_new"), {
        "title": "Exams", "body": "x", "audience": Audience.EVERYONE, "attachment": _upload(b"GIF89a...")})
    assert bad_file.status_code == 400 and not Announcement.objects.exists()


def _upload(content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("calendar.pdf", content, content_type="application/pdf")
