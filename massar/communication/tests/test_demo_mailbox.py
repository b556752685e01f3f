"""The demo keeps every e-mail it sends as a file, which any process (the server, the worker) can read back:
subject, addressee, date and text, newest first."""

from datetime import UTC, datetime

from django.core.mail import EmailMessage

from massar.communication.demo_mailbox import (
    DemoMailboxBackend,
    mailbox_message,
    mailbox_messages,
)
from massar.communication.mail import email_send


def test_a_sent_message_is_kept_and_read_back(tmp_path):
    backend = DemoMailboxBackend(directory=tmp_path / "mailbox")
    sent = EmailMessage(subject="Massar · كلمة مرور جديدة", body="افتح http://127.0.0.1:8123/account/reset/x/\n",
                        to=["salma@example.ma"])
    assert backend.send_messages([sent]) == 1
    [kept] = mailbox_messages(directory=tmp_path / "mailbox")
    assert kept.subject == "Massar · كلمة مرور جديدة"
    assert kept.to == "salma@example.ma"
    assert kept.body == "افتح http://127.0.0.1:8123/account/reset/x/\n"
    assert abs((kept.sent_at - datetime.now(UTC)).total_seconds()) < 60
    assert mailbox_message(directory=tmp_path / "mailbox", message_id=kept.id) == kept
    # Whole files only: nothing half-written is left beside the message.
    assert [path.suffix for path in (tmp_path / "mailbox").iterdir()] == [".eml"]


def test_newest_first_and_the_text_part_of_a_message_with_html(tmp_path, settings):
    settings.MAILERS = {"default": {"BACKEND": "massar.communication.demo_mailbox.DemoMailboxBackend",
                                    "OPTIONS": {"directory": str(tmp_path)}}}
    context = {"name": "Salma", "username": "F164115196@taalim.ma", "reset_url": "http://127.0.0.1:8123/r/",
               "valid_until": "4 December 2026 10:00"}
    email_send(to="first@example.ma", template="password_reset", context=context, language="fr")
    email_send(to="second@example.ma", template="password_reset", context=context, language="ar")
    second, first = mailbox_messages(directory=tmp_path)
    assert (first.to, second.to) == ("first@example.ma", "second@example.ma")
    assert "http://127.0.0.1:8123/r/" in first.body and "<" not in first.body  # the text part, not the HTML


def test_ids_that_are_not_a_message_find_nothing(tmp_path):
    (tmp_path / "secret.eml").write_text("Subject: no\n\nno")
    for message_id in ("secret", "../secret", "1-2", "", "1796388522711972240-" + "g" * 32):
        assert mailbox_message(directory=tmp_path, message_id=message_id) is None
    assert mailbox_messages(directory=tmp_path) == []
    assert mailbox_messages(directory=tmp_path / "missing") == []
