"""The portals' pages by audience: shared (home, language, my space), staff (students, the teacher's grades,
the administration's board, the close), student and parent. Every name lives in the `portals` namespace."""

from django.urls import path

from massar.portals.account import views_signin

from . import demo_mailbox, home, verify, webapp
from .account import notifications
from .announcements import announcements
from .parent import documents as parent_documents
from .parent import grades as parent_grades
from .parent import orientation as parent_orientation
from .parent import orientation_result as parent_orientation_result
from .parent import results as parent_results
from .staff import (
    attendance_urls,
    board,
    canevas,
    close,
    exams,
    exams_decisions,
    lessons_urls,
    orientation_council,
    orientation_offers,
    rollover,
    students,
    teacher,
    transfers_urls,
)
from .staff import documents as staff_documents
from .student import documents as student_documents
from .student import grades as student_grades
from .student import orientation as student_orientation
from .student import orientation_result as student_orientation_result
from .student import results as student_results
from .student import simulator

app_name = "portals"

SHEET = "<int:class_id>/<str:subject>/s<int:semester>/"

urlpatterns = [
    path("", home.home, name="home"),
    # The old addresses keep working (bookmarks, forms cached in browsers): the same views as /account/signin/
    # and /account/signout/, not redirects, so that a POST is not lost.
    path("signin/", views_signin.signin, name="signin"),
    path("signout/", views_signin.signout, name="signout"),
    path("language/", home.language_set, name="language_set"),
    path("me/", home.my_space, name="my_space"),
    # The demo's mailbox: only with DEBUG on and a mailbox configured (a 404 otherwise).
    path("demo/mailbox/", demo_mailbox.mailbox, name="demo_mailbox"),
    path("demo/mailbox/<str:message_id>/", demo_mailbox.mailbox_open, name="demo_mailbox_message"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    # Staff
    path("staff/students/", students.staff_student_list, name="staff_student_list"),
    path("staff/students/<str:massar_code>/", students.staff_student_detail, name="staff_student_detail"),
    path("teacher/grades/", teacher.teacher_classes, name="grades_teacher_classes"),
    path(f"teacher/grades/{SHEET}", teacher.teacher_grid, name="grades_teacher_grid"),
    path(f"teacher/grades/{SHEET}cell/", teacher.teacher_cell, name="grades_teacher_cell"),
    path(f"teacher/grades/{SHEET}remark/", teacher.teacher_remark, name="grades_teacher_remark"),
    path(f"teacher/grades/{SHEET}submit/", teacher.teacher_submit, name="grades_teacher_submit"),
    path(f"teacher/grades/{SHEET}canevas.xlsx", canevas.teacher_canevas_download,
         name="grades_teacher_canevas_download"),
    path(f"teacher/grades/{SHEET}canevas/", canevas.teacher_canevas_upload, name="grades_teacher_canevas_upload"),
    path("staff/grades/", board.board_index, name="grades_board_index"),
    path("staff/grades/<int:class_id>/s<int:semester>/", board.board, name="grades_board"),
    path("staff/grades/<int:class_id>/s<int:semester>/publish/", board.board_publish, name="grades_board_publish"),
    path(f"staff/grades/sheet/{SHEET}", board.board_sheet, name="grades_board_sheet"),
    path(f"staff/grades/sheet/{SHEET}return/", board.board_return, name="grades_board_return"),
    path(f"staff/grades/sheet/{SHEET}validate/", board.board_validate, name="grades_board_validate"),
    path(f"staff/grades/sheet/{SHEET}correct/", board.board_correct, name="grades_board_correct"),
    path(f"staff/grades/sheet/{SHEET}withdraw/", board.board_withdraw, name="grades_board_withdraw"),
    path("staff/grades/close/", close.close_start, name="grades_close"),
    path("staff/grades/close/<str:task_id>/", close.close_progress_page, name="grades_close_progress"),
    path("staff/grades/close/<str:task_id>/status/", close.close_progress_status, name="grades_close_status"),
    # Exams: the owning body's sessions, marking grids and publication
    path("staff/exams/", exams.exams_index, name="exams_index"),
    path("staff/exams/<int:session_id>/", exams.exams_session, name="exams_session"),
    path("staff/exams/<int:session_id>/advance/", exams.exams_session_advance, name="exams_session_advance"),
    path("staff/exams/<int:session_id>/publish/", exams.exams_publish, name="exams_publish"),
    path("staff/exams/<int:session_id>/candidates/", exams.exams_candidates, name="exams_candidates"),
    path("staff/exams/<int:session_id>/papers/<int:paper_id>/", exams.exams_paper, name="exams_paper"),
    path("staff/exams/<int:session_id>/papers/<int:paper_id>/marks.xlsx", exams.exams_paper_sheet,
         name="exams_paper_sheet"),
    path("staff/exams/<int:session_id>/papers/<int:paper_id>/import/", exams.exams_paper_import,
         name="exams_paper_import"),
    path("staff/exams/publish/<str:task_id>/", exams.exams_publish_progress, name="exams_publish_progress"),
    path("staff/decisions/<int:class_id>/", exams_decisions.council_decisions, name="council_decisions"),
    # The year rollover: a school's preview and run; a directorate's run of every school, in the background
    path("staff/rollover/", rollover.rollover_index, name="rollover_index"),
    path("staff/rollover/directorate/", rollover.rollover_directorate_run, name="rollover_directorate"),
    path("staff/rollover/directorate/<str:task_id>/", rollover.rollover_progress_page, name="rollover_progress"),
    path("staff/rollover/<str:school_code>/", rollover.rollover_school_page, name="rollover_school"),
    path("staff/orientation/runs/", orientation_council.orientation_runs, name="orientation_runs"),
    path("staff/orientation/places/", orientation_offers.orientation_offers, name="orientation_offers"),
    path("staff/orientation/runs/start/", orientation_council.orientation_run_begin, name="orientation_run_begin"),
    path("staff/orientation/runs/<int:run_id>/", orientation_council.orientation_run, name="orientation_run"),
    path("staff/orientation/runs/<int:run_id>/publish/", orientation_council.orientation_run_publish_page,
         name="orientation_run_publish"),
    path("staff/orientation/assignments/<int:assignment_id>/override/", orientation_council.orientation_override,
         name="orientation_override"),
    # The bac simulator, public and in the student space
    path("simulator/bac/", simulator.simulator_public, name="simulator_public"),
    # Student
    path("me/grades/", student_grades.my_grades, name="grades_mine"),
    path("me/results/", student_results.my_results, name="results_mine"),
    path("me/orientation/result/", student_orientation_result.my_orientation_result, name="orientation_result_mine"),
    path("me/simulator/", simulator.simulator_mine, name="simulator_mine"),
    # Parent
    path("children/grades/", parent_grades.children_grades, name="grades_children"),
    path("children/grades/<str:massar_code>/", parent_grades.child_grades, name="grades_child"),
    # Notifications (every account) and announcements
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:notification_id>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("notifications/preferences/", notifications.notification_preferences, name="notification_preferences"),
    path("notifications/push/subscribe/", notifications.push_subscribe, name="push_subscribe"),
    path("notifications/push/unsubscribe/", notifications.push_unsubscribe, name="push_unsubscribe"),
    path("announcements/", announcements.announcement_list, name="announcements"),
    path("announcements/<int:announcement_id>/", announcements.announcement_detail, name="announcement_detail"),
    path("announcements/<int:announcement_id>/attachment/", announcements.announcement_attachment,
         name="announcement_attachment"),
    path("staff/announcements/", announcements.announcements_sent_list, name="announcements_sent"),
    path("staff/announcements/new/", announcements.announcement_new, name="announcement_new"),
    # Documents: report cards, certificates, class lists; their public verification (the QR code's address)
    path("verify/<str:reference>/", verify.document_verify_page, name="documents_verify"),
    path("me/documents/", student_documents.my_documents, name="documents_mine"),
    path("me/documents/report-card/s<int:semester>.pdf", student_documents.my_report_card,
         name="documents_my_report_card"),
    path("me/documents/report-card/annual.pdf", student_documents.my_annual_report_card,
         name="documents_my_annual_report_card"),
    path("me/documents/school-certificate.pdf", student_documents.my_school_certificate,
         name="documents_my_school_certificate"),
    path("me/documents/exam-transcript/<int:session_id>.pdf", student_documents.my_exam_transcript,
         name="documents_my_exam_transcript"),
    path("children/documents/", parent_documents.children_documents, name="documents_children"),
    path("children/documents/<str:massar_code>/report-card/s<int:semester>.pdf", parent_documents.child_report_card,
         name="documents_child_report_card"),
    path("children/documents/<str:massar_code>/report-card/annual.pdf", parent_documents.child_annual_report_card,
         name="documents_child_annual_report_card"),
    path("children/documents/<str:massar_code>/school-certificate.pdf", parent_documents.child_school_certificate,
         name="documents_child_school_certificate"),
    path("children/documents/<str:massar_code>/exam-transcript/<int:session_id>.pdf",
         parent_documents.child_exam_transcript, name="documents_child_exam_transcript"),
    path("staff/documents/", staff_documents.staff_documents, name="documents_staff"),
    path("staff/documents/students/<str:massar_code>/", staff_documents.staff_student_documents,
         name="documents_staff_student"),
    path("staff/documents/students/<str:massar_code>/report-card/s<int:semester>.pdf",
         staff_documents.staff_report_card, name="documents_staff_report_card"),
    path("staff/documents/students/<str:massar_code>/report-card/annual.pdf",
         staff_documents.staff_annual_report_card, name="documents_staff_annual_report_card"),
    path("staff/documents/students/<str:massar_code>/school-certificate.pdf",
         staff_documents.staff_school_certificate, name="documents_staff_school_certificate"),
    path("staff/documents/students/<str:massar_code>/leaving-certificate.pdf",
         staff_documents.staff_leaving_certificate, name="documents_staff_leaving_certificate"),
    path("staff/documents/students/<str:massar_code>/exam-transcript/<int:session_id>.pdf",
         staff_documents.staff_exam_transcript, name="documents_staff_exam_transcript"),
    path("staff/documents/issued/<str:reference>.pdf", staff_documents.staff_document_download,
         name="documents_staff_download"),
    path("staff/documents/issued/<str:reference>/revoke/", staff_documents.staff_document_revoke,
         name="documents_staff_revoke"),
    path("staff/documents/batches/<uuid:batch_id>/", staff_documents.staff_batch, name="documents_batch"),
    path("staff/documents/batches/<uuid:batch_id>/status/", staff_documents.staff_batch_status,
         name="documents_batch_status"),
    path("staff/documents/batches/<uuid:batch_id>/report-cards.pdf", staff_documents.staff_batch_download,
         name="documents_batch_download"),
    path("teacher/documents/", staff_documents.teacher_class_lists, name="documents_teacher_classes"),
    path("staff/documents/classes/<int:class_id>/list.pdf", staff_documents.class_list_download,
         name="documents_class_list"),
    path("children/results/", parent_results.children_results, name="results_children"),
    path("children/orientation/results/", parent_orientation_result.children_orientation_results,
         name="orientation_result_children"),
    path("children/orientation/results/<str:massar_code>/", parent_orientation_result.child_orientation_result,
         name="orientation_result_child"),
    path("children/results/<str:massar_code>/", parent_results.child_results, name="results_child"),
    # Orientation: the student ranks wishes in their window; the parent reads them and prints the request.
    path("me/orientation/", student_orientation.my_orientation, name="orientation_mine"),
    path("me/orientation/confirm/", student_orientation.my_orientation_confirm, name="orientation_confirm"),
    path("children/orientation/", parent_orientation.children_orientation, name="orientation_children"),
    path("children/orientation/<str:massar_code>/", parent_orientation.child_orientation, name="orientation_child"),
    path("children/orientation/<str:massar_code>/request.pdf", parent_orientation.child_orientation_request,
         name="orientation_child_request"),
]
# School life: timetables, attendance, behaviour (massar/portals/staff/attendance_urls.py).
urlpatterns += attendance_urls.urlpatterns
# Transfers: the parent's requests, the administration's lists (massar/portals/staff/transfers_urls.py).
urlpatterns += transfers_urls.urlpatterns
# Lesson log, homework, school calendar (massar/portals/staff/lessons_urls.py).
urlpatterns += lessons_urls.urlpatterns
