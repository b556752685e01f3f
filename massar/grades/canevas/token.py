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
Snapshot = dict[tuple[int, int], tuple[int | None, bool]]  # (student id, slot) → (hundredths, absent)
# The marks as exported ride in the token when they fit in its cell (any real class does).
SNAPSHOT_MAX_CHARACTERS = 20_000


@dataclass(frozen=True)
class Token:
    sheet_id: int
    class_id: int
    subject_id: int
    semester_id: int
    tests_count: int
    rows: list[Row]
    # The sheet as it was exported: its marks version, when, and its marks (None in files made before them, or
    # too large to carry): an upload of a file whose sheet changed since is checked cell by cell against them.
    version: int | None = None
    exported_at: str | None = None
    snapshot: Snapshot | None = None


def _snapshot_text(snapshot: Snapshot) -> str:
    return ";".join(f"{student}:{slot}:{'' if cents is None else cents}:{int(absent)}"
                    for (student, slot), (cents, absent) in sorted(snapshot.items()))


def _snapshot_read(text: str) -> Snapshot:
    snapshot: Snapshot = {}
    for item in filter(None, text.split(";")):
        student, slot, cents, absent = item.split(":")
        snapshot[(int(student), int(slot))] = (int(cents) if cents else None, absent == "1")
    return snapshot


def rows_digest(rows: list[Row]) -> str:
    text = "\n".join(f"{row}:{student}:{code}" for row, student, code in rows)
    return hashlib.sha256(text.encode()).hexdigest()


def token_sign(token: Token) -> str:
    data: dict[str, object] = {"sheet": token.sheet_id, "class": token.class_id, "subject": token.subject_id,
                               "semester": token.semester_id, "tests": token.tests_count,
                               "rows": rows_digest(token.rows)}
    if token.version is not None:
        data |= {"version": token.version, "at": token.exported_at}
        if token.snapshot is not None:
            text = _snapshot_text(token.snapshot)
            if len(text) <= SNAPSHOT_MAX_CHARACTERS:
                data["marks"] = text
    return signing.dumps(data, salt=TOKEN_SALT, compress=True)


def token_read(signed: str, rows: list[Row]) -> Token | None:
    """The token if the signature holds and the listed rows are the signed ones; None otherwise."""
    try:
        data = signing.loads(signed, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if data.get("rows") != rows_digest(rows):
        return None
    try:
        snapshot = _snapshot_read(data["marks"]) if "marks" in data else None
    except ValueError:
        return None
    return Token(data["sheet"], data["class"], data["subject"], data["semester"], data["tests"], rows,
                 version=data.get("version"), exported_at=data.get("at"), snapshot=snapshot)
