"""The integrity token of an exported canevas.

A hidden sheet holds, on row 1, a signed token (`django.core.signing`, salted) of what the export was for
(sheet, class, subject, semester, number of tests) and a digest of its student rows; rows 2.. list those rows
(sheet row, internal id, Massar code) in clear so that a reader can say *which* row was moved, added or
removed. Editing that list breaks the digest; editing the token breaks the signature. A cell holds at most
32,767 characters, which is why the rows are not inside the token itself.
"""

import hashlib
from dataclasses import dataclass

from django.core import signing

from .layout import TOKEN_SALT

Row = tuple[int, int, str]  # (sheet row, student id, Massar code)


@dataclass(frozen=True)
class Token:
    sheet_id: int
    class_id: int
    subject_id: int
    semester_id: int
    tests_count: int
    rows: list[Row]


def rows_digest(rows: list[Row]) -> str:
    text = "\n".join(f"{row}:{student}:{code}" for row, student, code in rows)
    return hashlib.sha256(text.encode()).hexdigest()


def token_sign(token: Token) -> str:
    return signing.dumps({"sheet": token.sheet_id, "class": token.class_id, "subject": token.subject_id,
                          "semester": token.semester_id, "tests": token.tests_count,
                          "rows": rows_digest(token.rows)}, salt=TOKEN_SALT)


def token_read(signed: str, rows: list[Row]) -> Token | None:
    """The token if the signature holds and the listed rows are the signed ones; None otherwise."""
    try:
        data = signing.loads(signed, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if data.get("rows") != rows_digest(rows):
        return None
    return Token(data["sheet"], data["class"], data["subject"], data["semester"], data["tests"], rows)
