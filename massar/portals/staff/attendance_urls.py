"""The school-life routes (timetable, attendance, behaviour) of the portals, added to massar/portals/urls.py."""

from django.urls import path

from ..parent import attendance as parent_attendance
from ..parent import timetable as parent_timetable
from ..student import attendance as student_attendance
from ..student import timetable as student_timetable
from . import attendance, timetable

SESSION = "teacher/attendance/<int:lesson_id>/<str:on>/"

urlpatterns = [
    # Timetable
    path("staff/timetable/", timetable.staff_timetable_index, name="timetable_staff_index"),
    path("staff/timetable/<int:class_id>/", timetable.staff_timetable_class, name="timetable_staff_class"),
    path("staff/timetable/<int:class_id>/add/", timetable.staff_timetable_lesson_add,
         name="timetable_staff_lesson_add"),
    path("staff/timetable/<int:class_id>/<int:lesson_id>/remove/", timetable.staff_timetable_lesson_remove,
         name="timetable_staff_lesson_remove"),
    path("teacher/timetable/", timetable.teacher_timetable, name="timetable_teacher"),
    path("me/timetable/", student_timetable.my_timetable, name="timetable_mine"),
    path("children/timetable/<str:massar_code>/", parent_timetable.child_timetable, name="timetable_child"),
    # Attendance: the teacher's roll call (and its service worker), the administration's views
    path("teacher/attendance/", attendance.teacher_sessions, name="attendance_teacher_sessions"),
    path("teacher/attendance/service-worker.js", attendance.attendance_service_worker,
         name="attendance_service_worker"),
    path(SESSION, attendance.teacher_roll_call, name="attendance_roll_call"),
    path(f"{SESSION}marks/", attendance.teacher_roll_call_marks, name="attendance_roll_call_marks"),
    path("staff/attendance/", attendance.staff_attendance_day, name="attendance_staff_day"),
    path("staff/attendance/policy/", attendance.staff_attendance_policy, name="attendance_staff_policy"),
    path("staff/attendance/students/<str:massar_code>/", attendance.staff_attendance_student,
         name="attendance_staff_student"),
    path("staff/attendance/students/<str:massar_code>/behaviour/", attendance.staff_behaviour_add,
         name="attendance_staff_behaviour_add"),
    path("staff/attendance/absences/<int:absence_id>/decide/", attendance.staff_absence_decide,
         name="attendance_staff_decide"),
    path("attendance/absences/<int:absence_id>/document/", attendance.absence_document,
         name="attendance_document"),
    # Student and parent
    path("me/attendance/", student_attendance.my_attendance, name="attendance_mine"),
    path("children/attendance/", parent_attendance.children_attendance, name="attendance_children"),
    path("children/attendance/<str:massar_code>/", parent_attendance.child_attendance, name="attendance_child"),
]
