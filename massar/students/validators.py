import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CNIE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9]{1,7}$")
PHONE_PATTERN = re.compile(r"^(\+212|0)[5-7][0-9]{8}$")


def validate_cnie(value: str) -> None:
    if value and not CNIE_PATTERN.match(value):
        raise ValidationError(
            _("A CNIE number is one or two capital letters followed by digits, e.g. BK123456."),
            code="cnie_format")


def validate_phone(value: str) -> None:
    if value and not PHONE_PATTERN.match(value.replace(" ", "").replace("-", "")):
        raise ValidationError(
            _("Enter a Moroccan phone number: 06XXXXXXXX, 07XXXXXXXX, 05XXXXXXXX or +2126XXXXXXXX."),
            code="phone_format")
