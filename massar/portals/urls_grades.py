"""Grade pages: the teacher's grid, the administration's board, the student's and parent's grades.
Included into the portals namespace."""

from django.urls import path

from . import grades_canevas as canevas
from . import grades_close as close
from . import grades_staff as staff
from . import grades_student as student

SHEET = "<int:class_id>/<str:subject>/s<int:semester>/"

urlpatterns = [
    path("teacher/grades/", staff.teacher_classes, name="grades_teacher_classes"),
    path(f"teacher/grades/{SHEET}", staff.teacher_grid, name="grades_teacher_grid"),
    path(f"teacher/grades/{SHEET}cell/", staff.teacher_cell, name="grades_teacher_cell"),
    path(f"teacher/grades/{SHEET}remark/", staff.teacher_remark, name="grades_teacher_remark"),
    path(f"teacher/grades/{SHEET}submit/", staff.teacher_submit, name="grades_teacher_submit"),
    path(f"teacher/grades/{SHEET}canevas.xlsx", canevas.teacher_canevas_download,
         name="grades_teacher_canevas_download"),
    path(f"teacher/grades/{SHEET}canevas/", canevas.teacher_canevas_upload, name="grades_teacher_canevas_upload"),
    path("staff/grades/", staff.board_index, name="grades_board_index"),
    path("staff/grades/<int:class_id>/s<int:semester>/", staff.board, name="grades_board"),
    path("staff/grades/<int:class_id>/s<int:semester>/publish/", staff.board_publish, name="grades_board_publish"),
    path(f"staff/grades/sheet/{SHEET}", staff.board_sheet, name="grades_board_sheet"),
    path(f"staff/grades/sheet/{SHEET}return/", staff.board_return, name="grades_board_return"),
    path(f"staff/grades/sheet/{SHEET}validate/", staff.board_validate, name="grades_board_validate"),
    path(f"staff/grades/sheet/{SHEET}correct/", staff.board_correct, name="grades_board_correct"),
    path("staff/grades/close/", close.close_start, name="grades_close"),
    path("staff/grades/close/<str:task_id>/", close.close_progress_page, name="grades_close_progress"),
    path("staff/grades/close/<str:task_id>/status/", close.close_progress_status, name="grades_close_status"),
    path("me/grades/", student.my_grades, name="grades_mine"),
    path("children/grades/", student.children_grades, name="grades_children"),
    path("children/grades/<str:massar_code>/", student.child_grades, name="grades_child"),
]
