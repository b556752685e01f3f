"""Writes of the notifications domain (re-exported: `from massar.notifications.services import …`)."""

from .emit import ChildNews, notifications_emit, notifications_emit_about, student_audience, student_audiences
from .preferences import preferences_of, preferences_set, quiet_hours_set
from .push import push_subscription_delete, push_subscription_save
from .reading import notification_mark_read, notifications_mark_all_read

__all__ = [
    "ChildNews",
    "notification_mark_read",
    "notifications_emit",
    "notifications_emit_about",
    "notifications_mark_all_read",
    "preferences_of",
    "preferences_set",
    "push_subscription_delete",
    "push_subscription_save",
    "quiet_hours_set",
    "student_audience",
    "student_audiences",
]
