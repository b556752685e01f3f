"""`make run` prints where the demo answers, where its e-mails can be read, and that its tasks run."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def banner(port: int) -> str:
    out = StringIO()
    call_command("demo_banner", "--port", str(port), stdout=out)
    return out.getvalue()


def test_the_banner_says_where_the_mailbox_is_on_the_servers_port(settings, tmp_path):
    settings.DEBUG = True
    settings.MASSAR_DEMO_MAILBOX = str(tmp_path)
    text = banner(8123)
    assert "Massar is starting at http://127.0.0.1:8123/" in text
    assert "http://127.0.0.1:8123/demo/mailbox/" in text and str(tmp_path) in text
    assert "worker started and stopped with the server" in text


def test_without_the_demo_mailbox_the_banner_does_not_point_to_it(settings):
    settings.DEBUG = False
    assert "/demo/mailbox/" not in banner(8123)
