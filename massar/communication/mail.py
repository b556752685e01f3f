"""Sending an e-mail by name: `email_send(to=..., template="notice", context=..., language="fr")`.

Each message is three templates under `communication/email/`: `<name>_subject.txt` (folded onto one line),
`<name>_body.txt`, and optionally `<name>_body.html` (then sent as an HTML alternative). They are rendered in
the reader's language, and every message says it was sent automatically (`Auto-Submitted`, RFC 3834) so that
out-of-office replies do not answer it.

A domain decides *that* a message goes, to whom, and what it says in data (names, links, times); it never
renders a template itself (so no domain imports django.template).
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

TEMPLATE_DIRECTORY = "communication/email"
HEADERS = {"Auto-Submitted": "auto-generated"}


def _html_body(name: str, context: Mapping[str, Any]) -> str | None:
    try:
        template = get_template(f"{TEMPLATE_DIRECTORY}/{name}_body.html")
    except TemplateDoesNotExist:
        return None
    return template.render(dict(context))


def email_send(*, to: str, template: str, context: Mapping[str, Any], language: str = "") -> None:
    """Render the message `template` in `language` (the active one when empty) and send it to `to`."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{TEMPLATE_DIRECTORY}/{template}_subject.txt", dict(context)).split())
        body = render_to_string(f"{TEMPLATE_DIRECTORY}/{template}_body.txt", dict(context))
        html = _html_body(template, context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers=dict(HEADERS))
    if html is not None:
        message.attach_alternative(html, "text/html")
    message.send()
