"""The demo's mailbox (/demo/mailbox/): the e-mails the demo sent, newest first, each with its subject,
addressee, date and text, links clickable, so that activation, confirmation and password-reset links can be
followed without a real mail server (massar.communication.demo_mailbox keeps them).

It exists only in the demo: DEBUG on and a mailbox directory configured (settings.MASSAR_DEMO_MAILBOX);
otherwise every address here is a 404. It is open to anyone, signed in or not, on purpose: the messages it
shows go to people who cannot sign in yet (a forgotten password, an account to activate), and the demo's
data are made up."""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from massar.communication.demo_mailbox import mailbox_message, mailbox_messages

# A link in a text e-mail: http(s) up to a space, without the sentence's closing punctuation.
LINK = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)»"


def body_segments(body: str) -> list[tuple[str, bool]]:
    """The text cut into (text, is_link) pieces, so the page makes each link clickable and isolated
    left-to-right inside right-to-left text."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for found in LINK.finditer(body):
        link = found.group().rstrip(TRAILING)
        if found.start() > position:
            segments.append((body[position:found.start()], False))
        segments.append((link, True))
        position = found.start() + len(link)
    if position < len(body):
        segments.append((body[position:], False))
    return segments


def _mailbox_directory() -> str:
    directory = getattr(settings, "MASSAR_DEMO_MAILBOX", "")
    if not settings.DEBUG or not directory:
        raise Http404
    return str(directory)


@never_cache
@require_safe
def mailbox(request: HttpRequest) -> HttpResponse:
    messages = mailbox_messages(directory=_mailbox_directory())
    return render(request, "portals/demo/mailbox.html", {"mail": messages})


@never_cache
@require_safe
def mailbox_open(request: HttpRequest, message_id: str) -> HttpResponse:
    message = mailbox_message(directory=_mailbox_directory(), message_id=message_id)
    if message is None:
        raise Http404
    return render(request, "portals/demo/mailbox_message.html", {"message": message, "segments": body_segments(message.body)})
