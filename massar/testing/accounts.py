"""Builders for account tests (pages and API alike): signing in through the page, a temporary password, a
student's activation details, codes of an authenticator app. Test modules import these, never each other."""

import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.models import User
from massar.students.models import Student

from .factories import PASSWORD

SIGNIN = "/account/signin/"
WRONG_PASSWORD_TEXT = "The sign-in name or the password is not right"
TEMPORARY = "slip-Password-4821-xyz"
NEW_PASSWORD = "blue river under the moon"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    """POST the sign-in page; `remember_device` and `next` are form fields, anything else a header."""
    data = {"username": username, "password": password}
    data.update({k: v for k, v in extra.items() if k in ("remember_device", "next")})
    headers = {k: v for k, v in extra.items() if k not in ("remember_device", "next")}
    return client.post(SIGNIN, data, **headers)


def page_without_secrets(response: Any, *typed: str) -> str:
    """The page with its CSRF tokens (different on every answer) and what was typed blanked out."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)
    for text in typed:
        html = html.replace(text, "TYPED")
    return html


def give_temporary_password(user: User, *, valid_for: timedelta = timedelta(hours=72)) -> None:
    """As if the administration had printed a slip with TEMPORARY on it."""
    user.set_password(TEMPORARY)
    user.temporary_password_expires_at = timezone.now() + valid_for
    user.must_change_password = False
    user.save()


def activation_details(student: Student, **changes: str) -> dict[str, str]:
    """What a student types on the activation page, right unless `changes` say otherwise."""
    data = {"massar_code": student.massar_code, "birth_date": student.birth_date.isoformat(),
            "last_name": student.last_name_latin, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "email": "salma.home@example.ma"}
    data.update(changes)
    return data


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` steps of 30 seconds later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = {code_for(device, step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def many_failures(device: TOTPDevice) -> None:
    """As after a run of wrong codes: django-otp's back-off (1, 2, 4… seconds) is now minutes long."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=9,
                                                   throttling_failure_timestamp=timezone.now())
