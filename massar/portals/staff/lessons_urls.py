"""The lesson log, homework and calendar routes of the portals, added to massar/portals/urls.py."""

from django.urls import path

from ..parent import homework as parent_homework
from ..student import homework as student_homework
from . import lessons

urlpatterns = [
    path("teacher/lessons/", lessons.teacher_lessons, name="lessons_teacher"),
    path("teacher/lessons/<int:lesson_id>/<str:on>/", lessons.lesson_log_edit, name="lessons_log"),
    path("staff/lessons/classes/<int:class_id>/", lessons.class_lesson_log, name="lessons_class"),
    path("lessons/<int:log_id>/attachment/", lessons.lesson_log_attachment, name="lessons_attachment"),
    path("me/homework/", student_homework.my_homework, name="homework_mine"),
    path("me/calendar/", student_homework.my_calendar, name="calendar_mine"),
    path("children/homework/", parent_homework.children_homework, name="homework_children"),
    path("children/homework/<str:massar_code>/", parent_homework.child_homework, name="homework_child"),
    path("children/calendar/", parent_homework.children_calendar, name="calendar_children"),
]
