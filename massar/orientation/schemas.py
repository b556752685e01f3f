"""The orientation API's requests and answers (the wish side)."""

import datetime

from ninja import Field, Schema


class WindowOut(Schema):
    point: str  # after_3ac | after_tc | after_1bac | reorientation
    from_level: str
    to_level: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: str  # not_yet | open | closed
    max_wishes: int  # how many wishes may be ranked (the window's number, or every open stream when fewer)
    national: bool  # opened by the ministry (else by the student's academy)


class WeightOut(Schema):
    subject: str
    weight: str  # a decimal, e.g. "2.00"


class StreamOut(Schema):
    offer_id: int
    school_code: str
    school_name: str
    stream_code: str
    stream_name: str
    capacity: int
    formula: list[WeightOut]  # empty: no formula published yet
    score: str | None  # the student's score with the formula; null until their grades are published


class WishOut(Schema):
    rank: int
    offer_id: int
    stream_code: str
    school_code: str


class ReceiptOut(Schema):
    number: str
    confirmed_at: datetime.datetime
    version: int


class OrientationOut(Schema):
    massar_code: str
    window: WindowOut | None  # null: no orientation window for this student this year
    streams: list[StreamOut]
    wishes: list[WishOut]
    receipt: ReceiptOut | None
    version: int  # send it back with PUT: a change from a stale read is refused (409 stale_wishes)


class WishIn(Schema):
    rank: int = Field(ge=1, le=100)
    offer_id: int = Field(ge=1)


class WishesIn(Schema):
    wishes: list[WishIn] = Field(max_length=100)
    version: int = Field(ge=0)
