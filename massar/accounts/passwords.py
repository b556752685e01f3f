"""Password rules (NIST SP 800-63B): long enough, not too long to hash, not common, not about the person.

No composition rules (no "one digit, one capital"): any character counts, spaces and Arabic letters included.
The validators are listed in settings.AUTH_PASSWORD_VALIDATORS; each refusal says why.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .error_codes import AccountsErrorCode

# Words every Massar password is refused for containing: the service's own names.
SERVICE_WORDS = ("massar", "taalim")
# Names shorter than this (El, Ba, Li…) are too common inside ordinary words to refuse.
NAME_MIN_LETTERS = 3

# Arabic spelling variants folded together: alef maqsura and ya, ta marbuta and ha; tatweel dropped.
_ARABIC_FOLD = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def text_fold(value: str) -> str:
    """Case-, accent- and Arabic-diacritic-insensitive form of `value`: `Élève` → `eleve`, `أحمد` → `احمد`.

    NFKD splits accented letters (and alef with hamza) into a base letter and combining marks; the marks
    are dropped, so "é" and "e" compare equal, as do "أ", "إ", "آ" and "ا".
    """
    decomposed = unicodedata.normalize("NFKD", value or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_ARABIC_FOLD).casefold()


def _name_words(*names: str) -> set[str]:
    """The words of some names, folded, each of at least NAME_MIN_LETTERS letters."""
    words: set[str] = set()
    for name in names:
        for word in _NOT_LETTERS.split(text_fold(name)):
            if len(word) >= NAME_MIN_LETTERS:
                words.add(word)
    return words


def _person_of(user) -> object | None:
    if user is None:
        return None
    for attribute in ("student", "guardian", "staff_member"):
        # An unsaved account (during activation) holds its person in the attribute before any id exists.
        person = getattr(user, attribute, None)
        if person is not None:
            return person
    return None


class MaximumLengthValidator:
    """At most `max_length` characters: a password is hashed on every sign-in, and 128 is plenty
    for a passphrase (NIST asks to allow at least 64)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                self.get_error_message(len(password)),
                code=AccountsErrorCode.PASSWORD_TOO_LONG,
                params={"max_length": self.max_length},
            )

    def get_error_message(self, length: int) -> str:
        return ngettext(
            "This password is too long: it has %(length)d character; at most %(max_length)d are allowed.",
            "This password is too long: it has %(length)d characters; at most %(max_length)d are allowed.",
            length,
        ) % {"length": length, "max_length": self.max_length}

    def get_help_text(self) -> str:
        return _("Your password can have up to %(max_length)d characters; spaces and any letters are allowed.") \
            % {"max_length": self.max_length}


class PersonalInformationValidator:
    """Refuses a password that contains the person's Massar code, one of their names (Arabic or Latin),
    their sign-in name or e-mail, or the service's name: the first things an attacker tries."""

    def validate(self, password: str, user=None) -> None:
        folded = text_fold(password)
        errors = []
        if any(word in folded for word in SERVICE_WORDS):
            errors.append(ValidationError(_("The password must not contain “massar” or “taalim”."),
                                          code=AccountsErrorCode.PASSWORD_SERVICE_NAME))
        person = _person_of(user)
        code = getattr(person, "massar_code", "") or ""
        if code and code.casefold() in folded.replace(" ", ""):
            errors.append(ValidationError(_("The password must not contain your Massar code."),
                                          code=AccountsErrorCode.PASSWORD_MASSAR_CODE))
        if person is not None:
            names = _name_words(*(getattr(person, field, "") or "" for field in
                                  ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")))
            if any(name in folded for name in names):
                errors.append(ValidationError(_("The password must not contain your first or last name."),
                                              code=AccountsErrorCode.PASSWORD_PERSONAL_NAME))
        if user is not None and self._contains_account_name(folded, user, code.casefold()):
            errors.append(ValidationError(_("The password must not contain your sign-in name or e-mail address."),
                                          code=AccountsErrorCode.PASSWORD_ACCOUNT_NAME))
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _contains_account_name(folded: str, user, code: str) -> bool:
        for address in (getattr(user, "username", "") or "", getattr(user, "email", "") or ""):
            local = text_fold(address.split("@")[0]).strip()
            # A student's sign-in name is their code: already said once.
            if len(local) >= NAME_MIN_LETTERS and local != code and local in folded:
                return True
        return False

    def get_help_text(self) -> str:
        return _("Your password must not contain your Massar code, your names, your sign-in name, "
                 "“massar” or “taalim”.")
