from django.conf import settings

from massar.students.codes import MASSAR_CODE_PATTERN, massar_code_normalize


def signin_name_normalize(raw: str) -> str:
    """`  f164115196 ` → `F164115196@taalim.ma`; any other name is only stripped of surrounding spaces."""
    name = (raw or "").strip()
    if MASSAR_CODE_PATTERN.match(massar_code_normalize(name)):
        return f"{massar_code_normalize(name)}@{settings.SIGNIN_DOMAIN}"
    return name


def student_signin_name(massar_code: str) -> str:
    return f"{massar_code}@{settings.SIGNIN_DOMAIN}"
