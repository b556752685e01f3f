"""/demo/mailbox/ lists the e-mails the demo sent and shows each one with clickable links, only while DEBUG is
on and a mailbox is configured; otherwise every address under it is a 404."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from massar.communication.demo_mailbox import DemoMailboxBackend, mailbox_messages
from massar.portals.demo_mailbox import body_segments

BODY = ("مرحبا،\nلاختيار كلمة مرور جديدة، افتح هذا الرابط:\nhttp://127.0.0.1:8123/account/password/reset/MQ/abc-123/.\n"
        "Ignore <b>this</b> if you did not ask.\n")


@pytest.fixture
def mailbox(tmp_path, settings):
    settings.DEBUG = True
    settings.MASSAR_DEMO_MAILBOX = str(tmp_path)
    DemoMailboxBackend(directory=tmp_path).send_messages([
        EmailMessage(subject="Massar · اختيار كلمة مرور جديدة", body=BODY, to=["salma@example.ma"])])
    [message] = mailbox_messages(directory=tmp_path)
    return message


def test_the_mailbox_lists_the_messages_sent(client, mailbox):
    page = client.get(reverse("portals:demo_mailbox"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Massar · اختيار كلمة مرور جديدة" in body
    assert '<bdi dir="ltr">salma@example.ma</bdi>' in body
    assert reverse("portals:demo_mailbox_message", args=[mailbox.id]) in body
    assert "no-cache" in page["Cache-Control"]


def test_a_message_shows_its_text_with_its_links_clickable_and_left_to_right(en_client, mailbox):
    page = en_client.get(reverse("portals:demo_mailbox_message", args=[mailbox.id]))
    assert page.status_code == 200
    body = page.content.decode()
    link = "http://127.0.0.1:8123/account/password/reset/MQ/abc-123/"
    assert f'<bdi dir="ltr"><a href="{link}">{link}</a></bdi>.' in body
    assert "salma@example.ma" in body and "To" in body
    assert "Ignore &lt;b&gt;this&lt;/b&gt;" in body  # the text is text, never markup


def test_an_empty_mailbox_says_how_to_fill_it(en_client, tmp_path, settings):
    settings.DEBUG = True
    settings.MASSAR_DEMO_MAILBOX = str(tmp_path / "empty")
    page = en_client.get(reverse("portals:demo_mailbox"))
    assert page.status_code == 200 and 'id="mailbox-empty"' in page.content.decode()


@pytest.mark.parametrize("debug, directory", [(False, "set"), (True, "")])
def test_outside_the_demo_the_mailbox_does_not_exist(client, mailbox, settings, debug, directory):
    settings.DEBUG = debug
    if not directory:
        settings.MASSAR_DEMO_MAILBOX = ""
    assert client.get(reverse("portals:demo_mailbox")).status_code == 404
    assert client.get(reverse("portals:demo_mailbox_message", args=[mailbox.id])).status_code == 404


def test_an_unknown_or_forged_message_id_is_a_404_and_posts_are_refused(client, mailbox):
    for message_id in ("1796388522711972240-" + "0" * 32, "..", "secret", "x" * 300):
        assert client.get(reverse("portals:demo_mailbox_message", args=[message_id])).status_code == 404
    assert client.post(reverse("portals:demo_mailbox")).status_code == 405


def test_links_are_cut_without_the_sentence_punctuation():
    assert body_segments("Go to https://a.ma/x/, then http://b.ma.") == [
        ("Go to ", False), ("https://a.ma/x/", True), (", then ", False), ("http://b.ma", True), (".", False)]
    assert body_segments("no link here") == [("no link here", False)]
    assert body_segments("") == []


def test_the_date_is_in_digits_left_to_right(client, mailbox, settings):
    from django.utils import timezone

    page = client.get(reverse("portals:demo_mailbox")).content.decode()
    shown = timezone.localtime(mailbox.sent_at).strftime("%d/%m/%Y %H:%M:%S")
    assert f'<bdi dir="ltr">{shown}</bdi>' in page
