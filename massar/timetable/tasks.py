"""Timetable work outside the web request: the evening's "homework due tomorrow" reminders."""

from django.tasks import task

from .reminders import homework_reminders_send


@task()
def homework_reminders_task() -> int:
    """Tomorrow's homework reminders, when it is evening; nothing before (see reminders.py)."""
    return homework_reminders_send()
