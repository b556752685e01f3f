import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHOOL_CODE_PATTERN = re.compile(r"^[0-9]{5}[A-Z]$")


def validate_school_code(value: str) -> None:
    if not SCHOOL_CODE_PATTERN.match(value or ""):
        raise ValidationError(
            _("A school code is 5 digits followed by a capital letter, e.g. 11565V (got “%(value)s”)."),
            code="school_code_format", params={"value": value},
        )
