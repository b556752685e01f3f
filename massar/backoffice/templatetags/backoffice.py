"""Template filters of the back office's admin template overrides (templates/admin/)."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from massar.backoffice.scoped import yes_no_icon

register = template.Library()

# Django admin's yes/no icon, as its `_boolean_icon` writes it: the text is Python's True/False/None.
BOOLEAN_ICON = re.compile(r'<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg" alt="(True|False|None)">')
VALUES = {"True": True, "False": False, "None": None}


@register.filter
def translated_yes_no(contents: str) -> str:
    """A read-only field's contents with Django's yes/no icon spoken in the reader's language."""
    text = str(contents)
    replaced = BOOLEAN_ICON.sub(lambda match: yes_no_icon(VALUES[match.group(1)]), text)
    return mark_safe(replaced) if isinstance(contents, SafeString) else replaced  # noqa: S308 (Django's own HTML)
