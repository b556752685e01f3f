"""The notifications API's answers."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="absence, lateness, grades_published, announcement, behaviour, homework_due, "
                                  "results_published, orientation_result.")
    title: str = Field(description="In the caller's language (Accept-Language).")
    body: str
    link: str = Field(description="The page of the site the message is about (a path), or empty.")
    massar_code: str | None = Field(description="The student the message is about, if any.")
    at: datetime = Field(description="When it reached the outbox.")
    read: bool


class NotificationPageOut(Schema):
    count: int = Field(description="Messages in the outbox.")
    unread: int
    page: int
    pages: int
    results: list[NotificationOut]


class ReadAllOut(Schema):
    marked: int = Field(description="How many were unread.")


class PreferenceIn(Schema):
    kind: str
    channel: str = Field(description="in_app, email, push or muted.")


class PreferencesOut(Schema):
    preferences: dict[str, str] = Field(description="The channel of each kind.")
    quiet_from: str | None = Field(description="Quiet hours start (HH:MM, Morocco's time), or null.")
    quiet_until: str | None


class PreferencesIn(Schema):
    preferences: dict[str, str] = Field(default_factory=dict)
    quiet_from: str | None = None
    quiet_until: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Every field has a default: without this a JSON array or a number would pass for "no change".
        if isinstance(data, DjangoGetter):  # how Ninja hands a body over
            data = data._obj
        if not isinstance(data, dict):
            raise ValueError("the preferences are a JSON object")
        return data


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    issuer: str = Field(description="The school, directorate or academy that wrote it, in the caller's language.")
    at: datetime
    expires_at: datetime | None
    read: bool
    attachment: bool = Field(description="Whether a file is attached (downloaded from the site's page).")


class AnnouncementPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[AnnouncementOut]
