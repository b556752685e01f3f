"""The timetable API's answers."""

from ninja import Schema


class LessonOut(Schema):
    day: int  # 1 = Monday … 6 = Saturday
    slot: int
    starts_at: str  # "08:00"
    ends_at: str
    subject: str  # code
    subject_name: str
    class_code: str
    teacher: str
    room: str


class WeekOut(Schema):
    massar_code: str | None
    class_code: str | None
    lessons: list[LessonOut]
