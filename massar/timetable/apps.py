from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimetableConfig(AppConfig):
    name = "massar.timetable"
    label = "timetable"
    verbose_name = _("Timetables")

    def ready(self) -> None:
        from massar.access import registry

        from .models import CalendarEvent, Lesson, LessonLog, SchoolSlot
        from .scopes import (
            calendar_events_visible_to,
            lesson_logs_visible_to,
            lessons_visible_to,
            slots_visible_to,
        )

        registry.register(Lesson, lessons_visible_to)
        registry.register(SchoolSlot, slots_visible_to)
        registry.register(LessonLog, lesson_logs_visible_to)
        registry.register(CalendarEvent, calendar_events_visible_to)
