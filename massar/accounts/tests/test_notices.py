"""Notice e-mails after every credential change: through a task, to the recovery e-mail only, in the user's
language, saying what, when and from where, never holding a secret."""

import pytest
from django.core import mail
from django.tasks.signals import task_enqueued
from django.utils import timezone

from massar.accounts.events import NOTICE_KINDS, account_event_record, notice_send
from massar.accounts.models import AccountEventKind
from massar.accounts.tokens import api_token_issue

CREDENTIAL_KINDS = [AccountEventKind.ACTIVATED, AccountEventKind.PASSWORD_CHANGED, AccountEventKind.PASSWORD_RESET,
                    AccountEventKind.TEMPORARY_PASSWORD, AccountEventKind.RECOVERY_EMAIL_CHANGED,
                    AccountEventKind.TWO_FACTOR_ENABLED, AccountEventKind.TWO_FACTOR_DISABLED,
                    AccountEventKind.TOKEN_CREATED]
OTHER_KINDS = [kind for kind in AccountEventKind if kind not in CREDENTIAL_KINDS]


def test_the_credential_kinds_are_the_ones_noticed():
    assert set(CREDENTIAL_KINDS) == set(NOTICE_KINDS)


@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
def test_each_credential_change_sends_one_notice_in_text_and_html(student, kind):
    account_event_record(user=student, kind=kind, actor=student, ip_address="196.200.1.7")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["youssef.home@example.ma"]
    assert message.subject.startswith("Massar · ")
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    for body in (message.body, html):
        assert "196.200.1.7" in body
        assert student.username in body
        assert "If it was not you" in body
        assert str(timezone.localtime().year) in body


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_events_send_nothing(student, kind):
    account_event_record(user=student, kind=kind, actor=student)
    assert mail.outbox == []


def test_the_notice_is_sent_by_a_task(student):
    names = []

    def remember(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(remember)
    try:
        account_event_record(user=student, kind=AccountEventKind.PASSWORD_CHANGED, actor=student)
    finally:
        task_enqueued.disconnect(remember)
    assert names == ["notice_email_send"]


def test_no_recovery_email_means_nothing_is_sent(world):
    student = world.accounts["student"]
    assert student.email == ""
    account_event_record(user=student, kind=AccountEventKind.PASSWORD_CHANGED, actor=student)
    assert mail.outbox == []


def test_a_parents_unconfirmed_email_gets_nothing(world):
    parent = world.accounts["parent"]
    parent.email = "fatima@example.ma"
    parent.save()
    account_event_record(user=parent, kind=AccountEventKind.PASSWORD_CHANGED, actor=parent)
    assert mail.outbox == []
    parent.email_confirmed_at = timezone.now()
    parent.save()
    account_event_record(user=parent, kind=AccountEventKind.PASSWORD_CHANGED, actor=parent)
    assert [m.to for m in mail.outbox] == [["fatima@example.ma"]]


def test_a_changed_recovery_email_is_told_to_both_addresses_separately(student):
    account_event_record(user=student, kind=AccountEventKind.RECOVERY_EMAIL_CHANGED, actor=student,
                         previous_email="old.box@example.ma")
    assert sorted(m.to[0] for m in mail.outbox) == ["old.box@example.ma", "youssef.home@example.ma"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_the_notice_speaks_the_users_language(student, language, direction):
    student.preferred_language = language
    student.save()
    account_event_record(user=student, kind=AccountEventKind.PASSWORD_CHANGED, actor=student)
    html = mail.outbox[0].alternatives[0].content
    assert f'lang="{language}"' in html and f'dir="{direction}"' in html


def test_without_a_chosen_language_the_notice_is_in_arabic(student):
    student.preferred_language = ""
    student.save()
    account_event_record(user=student, kind=AccountEventKind.PASSWORD_CHANGED, actor=student)
    html = mail.outbox[0].alternatives[0].content
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert student.student.full_name_ar in mail.outbox[0].body  # names as Arabic readers see them


def test_a_new_api_token_is_noticed_without_the_token_or_its_prefix(student):
    api_token, secret = api_token_issue(user=student)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    for body in (message.body, message.alternatives[0].content, message.subject):
        assert secret not in body
        assert api_token.prefix not in body


def test_a_change_by_someone_else_names_who_did_it(world, student):
    admin = world.accounts["school_admin"]
    account_event_record(user=student, kind=AccountEventKind.TEMPORARY_PASSWORD, actor=admin)
    assert admin.display_name in mail.outbox[0].body


def test_notices_carry_no_link_that_opens_the_account(student):
    account_event_record(user=student, kind=AccountEventKind.PASSWORD_RESET, actor=student)
    message = mail.outbox[0]
    for body in (message.body, message.alternatives[0].content):
        assert "/password/reset/" not in body
        assert "token" not in body.lower() or "API token" in body
        assert "/account/password/forgot/" in body  # where one asks for a link: it opens nothing


def test_an_unknown_event_sends_nothing(db):
    assert notice_send(event_id=999_999) == 0
