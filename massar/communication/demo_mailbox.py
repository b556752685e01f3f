"""The demo's mailbox: every e-mail the demo sends is kept, so a person can open it and follow its links.

`DemoMailboxBackend` (settings.MAILERS outside production) writes each message as one `.eml` file in a
directory (var/mailbox by default): the web server and the task worker, which sends most e-mails, are two
processes, and files are what both see. `mailbox_messages` and `mailbox_message` read them back for the page
at /demo/mailbox/ (massar/portals/demo_mailbox.py), which exists only while DEBUG is on.
"""

import os
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

SUFFIX = ".eml"
# <nanoseconds since the epoch>-<random hex>: sorts by sending time, and no path can be smuggled through it.
MESSAGE_ID = re.compile(r"\d{10,20}-[0-9a-f]{32}")
LISTED = 200  # the newest messages the page lists


@dataclass(frozen=True)
class MailboxMessage:
    id: str
    subject: str
    to: str
    sent_at: datetime | None
    body: str  # the text part


class DemoMailboxBackend(BaseEmailBackend):
    """Keeps each message as `<directory>/<id>.eml` instead of sending it."""

    def __init__(self, *, directory: str | os.PathLike[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.directory = Path(directory)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            partial = self.directory / f".{name}.partial"
            partial.write_bytes(message.message().as_bytes())
            # Whole or absent: a page listing the directory never reads half a message.
            partial.replace(self.directory / f"{name}{SUFFIX}")
        return len(email_messages)


def mailbox_messages(*, directory: str | os.PathLike[str]) -> list[MailboxMessage]:
    """The newest messages first (at most LISTED)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    names = sorted((path.stem for path in folder.glob(f"*{SUFFIX}") if MESSAGE_ID.fullmatch(path.stem)),
                   key=lambda stem: int(stem.split("-", 1)[0]), reverse=True)
    found = (mailbox_message(directory=folder, message_id=name) for name in names[:LISTED])
    return [message for message in found if message is not None]


def mailbox_message(*, directory: str | os.PathLike[str], message_id: str) -> MailboxMessage | None:
    """The message `message_id`, or None when there is no such message (or the id is not one)."""
    if not MESSAGE_ID.fullmatch(message_id):
        return None
    try:
        raw = (Path(directory) / f"{message_id}{SUFFIX}").read_bytes()
    except OSError:
        return None
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, ParsedMessage)  # what policy.default parses into
    return MailboxMessage(id=message_id, subject=str(parsed.get("Subject", "")), to=str(parsed.get("To", "")),
                          sent_at=_date(parsed), body=_text(parsed))


def _date(parsed: ParsedMessage) -> datetime | None:
    value = parsed.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None


def _text(parsed: ParsedMessage) -> str:
    part = parsed.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""
