"""What the students API writes: a child's transfer requests and where each stands."""

import datetime

from ninja import Field, Schema


class SchoolOut(Schema):
    code: str
    name: str = Field(description="In the caller's language.")


class TransferOut(Schema):
    id: int
    state: str = Field(description="requested, certificate_issued, accepted, refused or cancelled.")
    state_label: str = Field(description="The state in the caller's language.")
    from_school: SchoolOut
    to_school: SchoolOut
    asked_by: str = Field(description="parent or school.")
    reason: str
    requested_at: datetime.datetime
    certificate_issued_at: datetime.datetime | None
    certificate_reference: str | None = Field(description="The leaving certificate's verification reference.")
    new_class: str | None = Field(description="The class code at the new school, once accepted.")
    closed_at: datetime.datetime | None
    refusal_reason: str | None


class ChildTransfersOut(Schema):
    massar_code: str
    transfers: list[TransferOut] = Field(description="Newest first.")
