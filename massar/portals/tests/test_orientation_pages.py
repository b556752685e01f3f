"""The orientation pages: the student ranks wishes with plain links (no script), confirms and gets a receipt; the
page is read-only outside the window and says when it opens or that it closed; the parent reads the wishes and
prints the request to sign."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.documents.models import Document, DocumentKind
from massar.orientation.models import WishList
from massar.orientation.services import wishes_save
from massar.testing.orientation import annual_marks, orientation_world

pytestmark = pytest.mark.django_db
MINE = reverse("portals:orientation_mine")
CONFIRM = reverse("portals:orientation_confirm")


@pytest.fixture
def ow(world):
    return orientation_world(world)


def student(en_client, ow):
    en_client.force_login(ow.student_account)
    return en_client


def test_the_page_shows_each_open_stream_with_its_formula_capacity_and_score(en_client, ow):
    annual_marks(school_class=ow.tc_class, marks={ow.student: {"MATH": ("16", "14"), "PC": ("12", "10")}})
    page = student(en_client, ow).get(MINE).content.decode()
    assert "Sciences mathématiques" in page or "Mathematical sciences" in page
    assert "13.67" in page  # the SM score, English page
    assert "not published yet" in page  # L has no formula
    assert "Open until" in page
    assert ow.other_sm.school.name not in page  # another school's offer is not open to them


def test_the_student_arranges_wishes_with_links_confirms_and_gets_a_receipt(en_client, ow):
    client = student(en_client, ow)
    # Add SE then SM, then move SM up: every step is a link to the page with the draft changed.
    page = client.get(MINE, {"w": f"{ow.se.pk},{ow.sm.pk}", "v": 0})
    rows = page.context["draft"]
    assert [row.choice.offer for row in rows] == [ow.se, ow.sm]
    assert rows[0].up == "" and rows[1].up
    moved = client.get(rows[1].up)
    assert [row.choice.offer for row in moved.context["draft"]] == [ow.sm, ow.se]
    assert moved.context["unsaved"]
    review = client.get(moved.context["confirm_address"])
    assert review.status_code == 200
    assert [row.choice.offer for row in review.context["draft"]] == [ow.sm, ow.se]
    assert not WishList.objects.exists()  # nothing is saved before the confirmation
    done = client.post(CONFIRM, {"offer": [ow.sm.pk, ow.se.pk], "version": 0}, follow=True)
    saved = WishList.objects.get()
    assert list(saved.wishes.values_list("offer", flat=True)) == [ow.sm.pk, ow.se.pk]
    text = done.content.decode()
    assert saved.receipt in text and "Receipt number" in text
    assert not done.context["unsaved"]


def test_a_change_gives_a_new_receipt(en_client, ow):
    client = student(en_client, ow)
    client.post(CONFIRM, {"offer": [ow.sm.pk], "version": 0})
    first = WishList.objects.get().receipt
    client.post(CONFIRM, {"offer": [ow.se.pk, ow.sm.pk], "version": 1})
    assert WishList.objects.get().receipt != first


def test_a_stale_tab_is_refused_with_a_clear_message(en_client, ow):
    client = student(en_client, ow)
    client.post(CONFIRM, {"offer": [ow.sm.pk], "version": 0})
    answer = client.post(CONFIRM, {"offer": [ow.se.pk], "version": 0}, follow=True)
    assert "changed elsewhere" in answer.content.decode()
    assert list(WishList.objects.get().wishes.values_list("offer", flat=True)) == [ow.sm.pk]


def test_a_refused_wish_says_why_and_saves_nothing(en_client, ow):
    answer = student(en_client, ow).post(CONFIRM, {"offer": [ow.other_sm.pk], "version": 0}, follow=True)
    assert "not open to you" in answer.content.decode()
    assert not WishList.objects.exists()


def test_a_damaged_form_is_a_message_not_an_error(en_client, ow):
    answer = student(en_client, ow).post(CONFIRM, {"offer": ["x"], "version": "y"}, follow=True)
    assert answer.status_code == 200 and "damaged" in answer.content.decode()


def test_the_draft_cannot_exceed_the_windows_number_nor_hold_unknown_streams(en_client, ow):
    page = student(en_client, ow).get(MINE, {"w": f"{ow.other_sm.pk},{ow.sm.pk},{ow.sm.pk},{ow.se.pk},"
                                                 f"{ow.lettres.pk},999,abc", "v": "z"})
    assert [row.choice.offer for row in page.context["draft"]] == [ow.sm, ow.se, ow.lettres]
    assert all(not stream.add for stream in page.context["streams"])  # 3 of 3: nothing more to add


def test_after_the_deadline_the_page_is_read_only_and_says_it_closed(en_client, ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk)], version=0)
    ow.window.opens_at = timezone.now() - datetime.timedelta(days=10)
    ow.window.closes_at = timezone.now() - datetime.timedelta(days=1)
    ow.window.save()
    client = student(en_client, ow)
    page = client.get(MINE)
    text = page.content.decode()
    assert "Closed on" in text and "read-only" in text
    assert "Review and confirm" not in text and "Add to my wishes" not in text
    assert page.context["draft"] == []
    assert client.get(CONFIRM, {"w": ow.se.pk, "v": 1}).status_code == 302
    client.post(CONFIRM, {"offer": [ow.se.pk], "version": 1})
    assert list(WishList.objects.get().wishes.values_list("offer", flat=True)) == [ow.sm.pk]


def test_before_the_window_the_page_says_when_it_opens_in_moroccan_arabic(client, ow):
    ow.window.opens_at = timezone.make_aware(datetime.datetime(2026, 5, 4, 9, 0))
    ow.window.closes_at = timezone.make_aware(datetime.datetime(2026, 8, 20, 9, 0))
    ow.window.save()
    client.force_login(ow.student_account)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(datetime.datetime(2026, 4, 1))):
        text = client.get(MINE, headers={"accept-language": "ar"}).content.decode()
    assert "4 ماي 2026" in text


def test_the_parent_reads_the_wishes_and_prints_the_request(en_client, ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk), (2, ow.se.pk)], version=0)
    en_client.force_login(ow.parent_account)
    listing = en_client.get(reverse("portals:orientation_children")).content.decode()
    assert ow.student.full_name in listing and "2 wishes confirmed" in listing
    page = en_client.get(reverse("portals:orientation_child", args=[ow.student.massar_code])).content.decode()
    assert WishList.objects.get().receipt in page and "Print the request to sign" in page
    assert "Review and confirm" not in page and "Add to my wishes" not in page
    pdf = en_client.get(reverse("portals:orientation_child_request", args=[ow.student.massar_code]), {"lang": "fr"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    document = Document.objects.get(kind=DocumentKind.ORIENTATION_REQUEST)
    assert [wish["stream_code"] for wish in document.facts["wishes"]] == ["SM", "SE"]
    assert document.facts["receipt"] == WishList.objects.get().receipt


def test_a_new_confirmation_supersedes_the_printed_request(en_client, ow):
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.sm.pk)], version=0)
    en_client.force_login(ow.parent_account)
    url = reverse("portals:orientation_child_request", args=[ow.student.massar_code])
    en_client.get(url, {"lang": "ar"})
    wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, ow.se.pk)], version=1)
    en_client.get(url, {"lang": "ar"})
    first, second = Document.objects.filter(kind=DocumentKind.ORIENTATION_REQUEST).order_by("issued_at", "pk")
    first.refresh_from_db()
    assert first.superseded_by == second


def test_without_confirmed_wishes_there_is_no_request_to_print(en_client, ow):
    en_client.force_login(ow.parent_account)
    answer = en_client.get(reverse("portals:orientation_child_request", args=[ow.student.massar_code]), follow=True)
    assert "once the student has confirmed" in answer.content.decode()
    assert not Document.objects.exists()


def test_a_parent_cannot_post_wishes_nor_open_another_childs_page(en_client, ow):
    en_client.force_login(ow.parent_account)
    assert en_client.post(CONFIRM, {"offer": [ow.sm.pk], "version": 0}).status_code == 404
    assert en_client.get(reverse("portals:orientation_child", args=[ow.classmate.massar_code])).status_code == 404
    assert en_client.get(reverse("portals:orientation_child_request",
                                 args=[ow.classmate.massar_code])).status_code == 404
    assert not WishList.objects.exists()
