"""Every e-mail goes through communication.mail: by name, in the reader's language, marked as automatic."""

import pytest
from django.core import mail
from django.utils import translation

from massar.communication.mail import email_send

CONTEXT = {"name": "Salma", "username": "F164115196@taalim.ma", "reset_url": "https://massar.example.ma/x/",
           "valid_until": "4 December 2026 10:00"}


def test_a_message_is_sent_by_name_with_its_subject_on_one_line():
    email_send(to="salma@example.ma", template="password_reset", context=CONTEXT, language="en")
    [message] = mail.outbox
    assert message.to == ["salma@example.ma"]
    assert message.subject == "Massar · Choose a new password"
    assert "\n" not in message.subject
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert CONTEXT["reset_url"] in message.body


def test_an_html_body_goes_as_an_alternative_when_the_message_has_one():
    email_send(to="salma@example.ma", template="password_reset", context=CONTEXT, language="en")
    email_send(to="salma@example.ma", template="recovery_email_confirm",
               context={**CONTEXT, "email": "salma@example.ma", "link": "https://massar.example.ma/y/", "days": 3,
                        "signin_url": "https://massar.example.ma/account/signin/"}, language="en")
    with_html, text_only = mail.outbox
    assert [alternative.mimetype for alternative in with_html.alternatives] == ["text/html"]
    assert text_only.alternatives == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_message_is_in_the_readers_language_whatever_the_page_speaks(language):
    with translation.override("en"):
        email_send(to="salma@example.ma", template="password_reset", context=CONTEXT, language=language)
        assert translation.get_language() == "en"
    [message] = mail.outbox
    with translation.override(language):
        assert message.subject == f"Massar · {translation.gettext('Choose a new password')}"
    assert message.subject != "Massar · Choose a new password"


def test_plain_text_is_not_html_escaped():
    email_send(to="salma@example.ma", template="password_reset",
               context={**CONTEXT, "name": "N'Diaye & fils"}, language="en")
    assert "N'Diaye & fils" in mail.outbox[0].body
