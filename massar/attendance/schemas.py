"""The attendance API's requests and answers."""

import datetime

from ninja import Field, Schema


class TotalsOut(Schema):
    semester: int
    justified: int
    unjustified: int
    lateness: int
    minutes_late: int


class AbsenceOut(Schema):
    date: datetime.date
    slot: int
    kind: str  # absent | late
    minutes_late: int | None
    justification: str  # pending | justified | unjustified
    cause: str
    note: str
    has_document: bool


class AttendanceOut(Schema):
    massar_code: str
    school_year: str | None
    totals: list[TotalsOut]
    absences: list[AbsenceOut]


class BehaviourOut(Schema):
    date: datetime.date
    kind: str  # note | warning | sanction
    text: str
    author: str


class SessionOut(Schema):
    lesson_id: int
    date: datetime.date
    slot: int
    class_code: str
    subject: str
    room: str


class StudentMarkOut(Schema):
    massar_code: str
    name: str
    status: str  # present | absent | late
    minutes_late: int | None


class RollCallOut(Schema):
    session: SessionOut
    students: list[StudentMarkOut]


class MarkIn(Schema):
    student: str = Field(max_length=12, description="The student's Massar code.")
    status: str = Field(pattern="^(present|absent|late)$")
    minutes: int | None = Field(None, ge=1, le=240, description="Minutes late (status `late`).")
    key: str = Field(max_length=36, description="An idempotency key (UUID) made when the mark was tapped: a mark "
                                                "sent again with its key is recorded once.")


class MarksIn(Schema):
    marks: list[MarkIn] = Field(max_length=200)


class MarksOut(Schema):
    recorded: int
    replayed: int
