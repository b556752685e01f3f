"""What the recovery e-mail tests share: its pages, the confirmation links in the outbox, a signed-in client."""


import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from massar.accounts.models import User
from massar.accounts.services import (
    recovery_email_tokens,
)
from massar.testing.factories import PASSWORD

PAGE = reverse("accounts:recovery_email")
FORGOT = reverse("accounts:password_forgot")
ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("&#x27;", "'"))


def words(response) -> str:
    """What a reader sees: the text without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(response)))


def confirmations() -> list:
    return [message for message in mail.outbox if "/recovery-email/confirm/" in message.body]


def confirm_path(message, site_url: str) -> str:
    """The path of the one confirmation link in `message`, checked to start with the configured site URL."""
    [link] = [link for link in re.findall(r"https?://\S+", message.body) if "/recovery-email/confirm/" in link]
    assert link.startswith(site_url + "/account/recovery-email/confirm/")
    return link[len(site_url):]


def path_for(user: User, token: str | None = None) -> str:
    return reverse("accounts:recovery_email_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": token if token is not None else recovery_email_tokens.make_token(user)})


def signed_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def change(client: Client, email: str, password: str = PASSWORD, **headers):
    return client.post(PAGE, {"action": "change", "email": email, "password": password}, **headers)
