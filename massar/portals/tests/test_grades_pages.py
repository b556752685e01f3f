"""The grade pages: the teacher's grid (cell by cell), the administration's board, the student's and the
parent's grades. Writes go through the grade services; these tests check what the pages let through."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from massar.grades.models import (
    GradeSheet,
    Mark,
    MarkEvent,
    SemesterResult,
    SheetResult,
    SheetStatus,
    YearGradeRules,
)
from massar.schools.models import Subject, SubjectCoefficient
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.grades import sheet_args, the_sheet


def cell(client, school_class, student, slot, value, absent=False, subject="MATH"):
    data = {"student": student.massar_code, "slot": slot, "value": value}
    if absent:
        data["absent"] = "on"
    return client.post(reverse("portals:grades_teacher_cell", kwargs=sheet_args(school_class, subject)), data)


@pytest.fixture
def teacher(en_client, world):
    en_client.force_login(world.accounts["teacher"])
    return en_client


def admin_client(world):
    from django.test import Client

    client = Client(headers={"accept-language": "en"})
    client.force_login(world.accounts["school_admin"])
    return client


def submitted_sheet(teacher, world, *marks) -> GradeSheet:
    for slot, value in marks or [(1, "14,75")]:
        assert cell(teacher, world.class_a, world.student_a, slot, value).status_code == 200
    teacher.post(reverse("portals:grades_teacher_submit", kwargs=sheet_args(world.class_a)))
    return the_sheet(world)


def published_sheet(teacher, world, *marks) -> GradeSheet:
    sheet = submitted_sheet(teacher, world, *marks)
    admin = admin_client(world)
    admin.post(reverse("portals:grades_board_validate", kwargs=sheet_args(world.class_a)))
    admin.post(reverse("portals:grades_board_publish", kwargs={"class_id": world.class_a.pk, "semester": 1}),
               {"extent": "class"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    return sheet


# --- Teacher ---------------------------------------------------------------------------------------------


def test_teacher_lists_their_classes_and_opens_the_grid(teacher, world):
    page = teacher.get(reverse("portals:grades_teacher_classes"))
    grid_url = reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))
    assert grid_url in page.content.decode()
    grid = teacher.get(grid_url)
    assert grid.status_code == 200
    body = grid.content.decode()
    assert world.student_a.massar_code in body and 'inputmode="decimal"' in body
    assert 'type="checkbox" name="absent"' in body and 'name="remark"' in body
    assert "js/grades-grid.js" in body and "<script>" not in body
    assert the_sheet(world).status == SheetStatus.DRAFT


def test_teacher_enters_a_cell_with_a_comma_and_sees_the_row_average(teacher, world):
    teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a)))
    response = cell(teacher, world.class_a, world.student_a, 1, "14,75")
    assert response.status_code == 200
    body = response.content.decode()
    assert "saved" in body and 'aria-invalid' not in body
    assert f'id="average-{world.student_a.pk}" hx-swap-oob="true"' in body and "14.75/20" in body
    cell(teacher, world.class_a, world.student_a, 2, "12.25")
    marks = Mark.objects.filter(sheet=the_sheet(world), student=world.student_a).order_by("slot")
    assert [m.value for m in marks] == [Decimal("14.75"), Decimal("12.25")]
    grid = teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    assert "13.50/20" in grid  # mathematics: the plain mean of the tests


def test_an_invalid_cell_is_flagged_in_place_and_nothing_is_written(teacher, world):
    cell(teacher, world.class_a, world.student_a, 1, "12")
    response = cell(teacher, world.class_a, world.student_a, 1, "21")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in body and "A mark is between 0 and 20 (got 21)." in body
    assert 'value="21"' in body  # what was typed stays in the cell
    assert Mark.objects.get(sheet=the_sheet(world), student=world.student_a, slot=1).value == Decimal("12")
    body = cell(teacher, world.class_a, world.student_a, 2, "abc").content.decode()
    assert "is not a mark" in body
    assert not Mark.objects.filter(slot=2).exists()


def test_an_absence_and_a_remark_are_saved(teacher, world):
    cell(teacher, world.class_a, world.student_a, 1, "", absent=True)
    assert Mark.objects.get(slot=1).absent
    response = teacher.post(reverse("portals:grades_teacher_remark", kwargs=sheet_args(world.class_a)),
                            {"student": world.student_a.massar_code, "remark": "Bon travail"})
    assert response.status_code == 200 and "Bon travail" in response.content.decode()


def test_after_submission_the_grid_is_read_only(teacher, world):
    sheet = submitted_sheet(teacher, world)
    assert sheet.status == SheetStatus.SUBMITTED
    grid = teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    assert "read-only" in grid and 'name="value"' not in grid
    assert cell(teacher, world.class_a, world.student_a, 1, "5").status_code == 403
    assert Mark.objects.get(slot=1).value == Decimal("14.75")


def test_a_returned_sheet_shows_the_administrations_comment(teacher, world):
    submitted_sheet(teacher, world)
    admin_client(world).post(reverse("portals:grades_board_return", kwargs=sheet_args(world.class_a)),
                             {"comment": "Check test 2"})
    grid = teacher.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    assert "Check test 2" in grid and 'name="value"' in grid


def test_another_teachers_sheet_is_not_found_even_by_a_forged_post(en_client, world):
    other = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    make.teach(teacher=other.staff_member, school_class=world.class_b)
    en_client.force_login(other)
    # Their own class, another subject; another class in their subject.
    assert en_client.get(reverse("portals:grades_teacher_grid",
                                 kwargs=sheet_args(world.class_b, "FR"))).status_code == 404
    assert en_client.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).status_code == 404
    assert cell(en_client, world.class_a, world.student_a, 1, "3").status_code == 404
    submit = en_client.post(reverse("portals:grades_teacher_submit", kwargs=sheet_args(world.class_a)))
    assert submit.status_code == 404
    assert not Mark.objects.exists()


def test_a_student_of_another_class_is_not_found_in_the_cell(teacher, world):
    assert cell(teacher, world.class_a, world.student_b, 1, "10").status_code == 404
    assert not Mark.objects.exists()


# --- Administration --------------------------------------------------------------------------------------


@pytest.fixture
def curriculum(world):
    """class_a studies mathematics (coefficient 7) and French (coefficient 4)."""
    for code, coefficient in (("MATH", 7), ("FR", 4)):
        SubjectCoefficient.objects.create(school_year=world.class_a.school_year, level=world.class_a.level,
                                          stream=world.class_a.stream, subject=Subject.objects.get(code=code),
                                          continuous_coefficient=Decimal(coefficient))


def test_the_board_shows_each_subjects_status(teacher, world, curriculum):
    submitted_sheet(teacher, world)
    admin = admin_client(world)
    page = admin.get(reverse("portals:grades_board", kwargs={"class_id": world.class_a.pk, "semester": 1}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "status-submitted" in body and "status-missing" in body
    sheet_page = admin.get(reverse("portals:grades_board_sheet", kwargs=sheet_args(world.class_a)))
    assert "14.75" in sheet_page.content.decode() and 'name="value"' in sheet_page.content.decode()


def test_sending_back_needs_a_comment(teacher, world):
    sheet = submitted_sheet(teacher, world)
    admin = admin_client(world)
    url = reverse("portals:grades_board_return", kwargs=sheet_args(world.class_a))
    response = admin.post(url, {"comment": "  "}, follow=True)
    assert "Say what the teacher should look at." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    admin.post(url, {"comment": "Test 2 is missing"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.returned_comment == "Test 2 is missing"


def test_validate_then_publish_a_class(teacher, world):
    sheet = published_sheet(teacher, world)
    assert sheet.published_at is not None


def test_publish_a_level_and_the_whole_school(teacher, world):
    other_class = make.school_class(school_=world.school, level="1BAC", stream="SE", section=1)
    other_teacher = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    make.teach(teacher=other_teacher.staff_member, school_class=other_class)
    student = make.student(in_class=other_class)
    submitted_sheet(teacher, world)
    from django.test import Client

    second = Client(headers={"accept-language": "en"})
    second.force_login(other_teacher)
    cell(second, other_class, student, 1, "9")
    second.post(reverse("portals:grades_teacher_submit", kwargs=sheet_args(other_class)))
    admin = admin_client(world)
    for school_class in (world.class_a, other_class):
        admin.post(reverse("portals:grades_board_validate", kwargs=sheet_args(school_class)))
    publish = reverse("portals:grades_board_publish", kwargs={"class_id": world.class_a.pk, "semester": 1})
    admin.post(publish, {"extent": "level"})
    statuses = dict(GradeSheet.objects.values_list("school_class_id", "status"))
    assert statuses == {world.class_a.pk: "published", other_class.pk: "validated"}
    admin.post(publish, {"extent": "school"})
    assert set(GradeSheet.objects.values_list("status", flat=True)) == {"published"}


def test_other_administrations_and_teachers_cannot_act_on_the_board(teacher, world):
    submitted_sheet(teacher, world)
    for url in (reverse("portals:grades_board_validate", kwargs=sheet_args(world.class_a)),
                reverse("portals:grades_board_publish", kwargs={"class_id": world.class_a.pk, "semester": 1})):
        assert teacher.post(url).status_code == 404
    assert the_sheet(world).status == SheetStatus.SUBMITTED


def test_a_correction_needs_a_reason_and_appears_in_the_history(teacher, world):
    sheet = submitted_sheet(teacher, world)
    admin = admin_client(world)
    url = reverse("portals:grades_board_correct", kwargs=sheet_args(world.class_a))
    data = {"student": world.student_a.massar_code, "slot": 1, "value": "15,5", "reason": ""}
    refused = admin.post(url, data)
    assert refused.status_code == 400 and "A correction needs a reason." in refused.content.decode()
    assert Mark.objects.get(slot=1).value == Decimal("14.75") and not MarkEvent.objects.exists()
    done = admin.post(url, {**data, "reason": "Copy error"}, follow=True)
    assert Mark.objects.get(slot=1).value == Decimal("15.50")
    body = done.content.decode()
    assert "Copy error" in body and "15.50/20" in body
    event = MarkEvent.objects.get(sheet=sheet)
    assert (event.old_value, event.new_value, event.actor) == (Decimal("14.75"), Decimal("15.50"),
                                                               world.accounts["school_admin"])


# --- Student and parent ----------------------------------------------------------------------------------


def test_the_student_sees_only_published_marks(teacher, world, curriculum, en_client):
    from django.test import Client

    student = Client(headers={"accept-language": "en"})
    student.force_login(world.accounts["student"])
    submitted_sheet(teacher, world, (1, "14,75"), (2, "13"))
    page = student.get(reverse("portals:grades_mine")).content.decode()
    assert "14.75" not in page and "No grade published" in page
    published_sheet_only = the_sheet(world)
    admin = admin_client(world)
    admin.post(reverse("portals:grades_board_validate", kwargs=sheet_args(world.class_a)))
    admin.post(reverse("portals:grades_board_publish", kwargs={"class_id": world.class_a.pk, "semester": 1}),
               {"extent": "class"})
    published_sheet_only.refresh_from_db()
    page = student.get(reverse("portals:grades_mine")).content.decode()
    assert "14.75/20" in page and "13.88/20" in page  # plain mean of 14.75 and 13 = 13.875, rounded half up
    assert "General average not yet available." in page and "French" in page  # French is still missing
    assert "<svg" in page and "<rect" in page and 'class="chart-value">13.88</text>' in page
    in_french = Client(headers={"accept-language": "fr"})
    in_french.force_login(world.accounts["student"])
    french = in_french.get(reverse("portals:grades_mine")).content.decode()
    assert "13,88/20" in french and 'class="chart-value">13,88</text>' in french  # the page's language


def test_the_general_average_and_rank_show_when_the_close_stored_them(teacher, world):
    SubjectCoefficient.objects.create(school_year=world.class_a.school_year, level=world.class_a.level,
                                      stream=world.class_a.stream, subject=Subject.objects.get(code="MATH"),
                                      continuous_coefficient=Decimal(7))
    sheet = published_sheet(teacher, world)
    SemesterResult.objects.create(semester=sheet.semester, school_class=world.class_a, student=world.student_a,
                                  general_average=Decimal("14.75"), rank=1, ranked_in_class=1)
    SheetResult.objects.create(sheet=sheet, averages_count=3, class_minimum=Decimal("8.125"),
                               class_mean=Decimal("11.5"), class_maximum=Decimal("14.75"))
    from django.test import Client

    student = Client(headers={"accept-language": "en"})
    student.force_login(world.accounts["student"])
    page = student.get(reverse("portals:grades_mine")).content.decode()
    assert "General average not yet available" not in page and "Rank in class" in page
    assert '<bdi dir="ltr">1</bdi> of <bdi dir="ltr">1</bdi>' in page  # rank 1 of the 1 ranked student
    assert "8.13/20" in page and "11.50/20" in page


def test_parents_see_their_children_only_after_parents_see_from(teacher, world, en_client):
    YearGradeRules.objects.create(school_year=world.class_a.school_year, parents_delay_days=3)
    sheet = published_sheet(teacher, world)
    en_client.force_login(world.accounts["parent"])
    summary = en_client.get(reverse("portals:grades_children")).content.decode()
    assert world.student_a.massar_code in summary and world.student_b.massar_code in summary
    detail_url = reverse("portals:grades_child", kwargs={"massar_code": world.student_a.massar_code})
    assert "14.75" not in en_client.get(detail_url).content.decode()
    GradeSheet.objects.filter(pk=sheet.pk).update(parents_see_from=timezone.now() - timedelta(minutes=1))
    cache.clear()  # the clock reaching parents_see_from ends the kept report (test_report_cache.py)
    assert "14.75/20" in en_client.get(detail_url).content.decode()
    assert "14.75/20" in en_client.get(reverse("portals:grades_children")).content.decode()


def test_a_parent_asking_for_another_childs_code_gets_a_404(en_client, world):
    en_client.force_login(world.accounts["parent"])
    for student in (world.other_student, world.far_student):
        response = en_client.get(reverse("portals:grades_child", kwargs={"massar_code": student.massar_code}))
        assert response.status_code == 404


def test_the_grades_pages_render_in_arabic(teacher, world, curriculum):
    published_sheet(teacher, world)
    from django.test import Client

    student = Client(headers={"accept-language": "ar"})
    student.force_login(world.accounts["student"])
    page = student.get(reverse("portals:grades_mine")).content.decode()
    assert 'dir="rtl"' in page and '<bdi dir="ltr" class="num">14,75/20</bdi>' in page
