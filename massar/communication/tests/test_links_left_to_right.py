"""An address in an Arabic message or slip reads left to right, whole: isolated in a `<bdi dir="ltr">`, and
built from the address the server answers on (its port included in the demo)."""

from django.core import mail

from massar.communication.mail import email_send

DEMO_SITE = "http://127.0.0.1:8123"


def test_the_arabic_notice_isolates_the_forgotten_password_address():
    forgot_url = f"{DEMO_SITE}/account/password/forgot/"
    email_send(to="salma@example.ma", template="notice", language="ar", context={
        "name": "سلمى", "username": "F164115196@taalim.ma", "what": "تم تغيير كلمة المرور", "when": "4 دجنبر 2026",
        "ip_address": "127.0.0.1", "actor": "", "kind": "password_changed", "site_url": DEMO_SITE,
        "forgot_url": forgot_url})
    [message] = mail.outbox
    [(html, _)] = message.alternatives
    assert 'dir="rtl"' in html
    assert f'<bdi dir="ltr">{forgot_url}</bdi>' in html
    assert forgot_url in message.body
