"""The timetable API's answers: weeks, homework, calendars."""

import datetime

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


class HomeworkOut(Schema):
    due_on: datetime.date
    subject: str  # code
    subject_name: str
    homework: str
    given_on: datetime.date  # the session it was given in
    teacher: str


class HomeworkListOut(Schema):
    massar_code: str
    class_code: str | None
    from_date: datetime.date
    to_date: datetime.date
    homework: list[HomeworkOut]


class CalendarDateOut(Schema):
    kind: str  # semester | holiday | day_off | event | exam | results
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


class CalendarOut(Schema):
    massar_code: str | None
    school_year: str | None
    dates: list[CalendarDateOut]  # the whole year, in date order
