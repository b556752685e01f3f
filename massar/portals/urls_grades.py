"""Grade pages: the teacher's grid, the administration's board, the student's and parent's grades.
Included into the portals namespace."""

from django.urls import path

from . import grades_staff as staff
from . import grades_student as student

SHEET = "<int:class_id>/<str:subject>/s<int:semester>/"

urlpatterns = [
    path("teacher/grades/", staff.teacher_classes, name="grades_teacher_classes"),
    path(f"teacher/grades/{SHEET}", staff.teacher_grid, name="grades_teacher_grid"),
    path(f"teacher/grades/{SHEET}cell/", staff.teacher_cell, name="grades_teacher_cell"),
    path(f"teacher/grades/{SHEET}remark/", staff.teacher_remark, name="grades_teacher_remark"),
    path(f"teacher/grades/{SHEET}submit/", staff.teacher_submit, name="grades_teacher_submit"),
    path("staff/grades/", staff.board_index, name="grades_board_index"),
    path("staff/grades/<int:class_id>/s<int:semester>/", staff.board, name="grades_board"),
    path("staff/grades/<int:class_id>/s<int:semester>/publish/", staff.board_publish, name="grades_board_publish"),
    path(f"staff/grades/sheet/{SHEET}", staff.board_sheet, name="grades_board_sheet"),
    path(f"staff/grades/sheet/{SHEET}return/", staff.board_return, name="grades_board_return"),
    path(f"staff/grades/sheet/{SHEET}validate/", staff.board_validate, name="grades_board_validate"),
    path(f"staff/grades/sheet/{SHEET}correct/", staff.board_correct, name="grades_board_correct"),
    path("me/grades/", student.my_grades, name="grades_mine"),
    path("children/grades/", student.children_grades, name="grades_children"),
    path("children/grades/<str:massar_code>/", student.child_grades, name="grades_child"),
]
