"""The administration's steps on the board ask first, saying exactly what will happen (a GET on the step's
address, which changes nothing), then do it on POST and land on the board with a message saying what was done."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massar.grades.models import GradeSheet, Mark, MarkEvent, SheetStatus, SheetWithdrawal, YearGradeRules
from massar.grades.services import grade_sheet_submit, grade_sheet_validate, grade_sheets_publish
from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.grades import Grades, sheet_args


@pytest.fixture
def grades(world):
    return Grades(world, extra_students=2)  # class_a: student_a and two more


@pytest.fixture
def admin(world):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.accounts["school_admin"])
    return client


def submitted(grades, code="MATH"):
    grades.enter(code, grades.world.student_a, 1, "14,75")
    grade_sheet_submit(sheet=grades.sheets[code], actor=grades.teacher)
    return grades.sheets[code]


def validated(grades, *codes):
    for code in codes:
        grade_sheet_validate(sheet=submitted(grades, code), actor=grades.admin)


def status(grades, code="MATH"):
    return GradeSheet.objects.get(pk=grades.sheets[code].pk).status


def board_url(grades):
    return reverse("portals:grades_board", kwargs={"class_id": grades.school_class.pk, "semester": 1})


def publish_url(grades, extent):
    url = reverse("portals:grades_board_publish", kwargs={"class_id": grades.school_class.pk, "semester": 1})
    return f"{url}?extent={extent}"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_validating_asks_first_then_says_what_was_done(grades, admin, world):
    submitted(grades)
    url = reverse("portals:grades_board_validate", kwargs=sheet_args(world.class_a))
    asked = admin.get(url)
    body = asked.content.decode()
    assert asked.status_code == 200 and "Validate the Mathematics sheet of" in body and "3 students" in body
    assert "2 students have nothing entered on this sheet." in body  # only student_a has a mark
    assert world.class_a.code in body and status(grades) == SheetStatus.SUBMITTED
    done = admin.post(url, follow=True)
    assert done.redirect_chain[-1][0] == board_url(grades)
    assert status(grades) == SheetStatus.VALIDATED
    assert any(m.startswith("Validated: the Mathematics sheet of") for m in messages_of(done))


def test_a_step_that_is_not_possible_says_so_without_a_button(grades, admin, world):
    asked = admin.get(reverse("portals:grades_board_validate", kwargs=sheet_args(world.class_a)))
    body = asked.content.decode()
    assert "only a submitted sheet can be validated" in body and 'type="submit" class="button primary"' not in body


def test_sending_back_asks_for_the_comment_on_its_confirmation(grades, admin, world):
    submitted(grades)
    url = reverse("portals:grades_board_return", kwargs=sheet_args(world.class_a))
    asked = admin.get(url)
    assert "Send the Mathematics sheet of" in asked.content.decode() and 'name="comment"' in asked.content.decode()
    empty = admin.post(url, {"comment": " "})
    assert empty.status_code == 400 and "Say what the teacher should look at." in empty.content.decode()
    assert status(grades) == SheetStatus.SUBMITTED
    done = admin.post(url, {"comment": "Test 2 is missing"}, follow=True)
    assert status(grades) == SheetStatus.DRAFT
    assert any(m.startswith("Sent back to the teacher") for m in messages_of(done))


def test_publishing_a_class_says_how_many_sheets_and_students(grades, admin, world):
    validated(grades, "MATH", "PC")
    submitted(grades, "SVT")
    asked = admin.get(publish_url(grades, "class"))
    body = asked.content.decode()
    assert f"Publish 2 sheets of \u2066{world.class_a.code}\u2069 to 3 students and their parents." in body
    assert "2 sheets not yet validated stay as they are." in body  # SVT submitted, EN being entered
    assert "Students and parents see them at once." in body
    assert status(grades) == SheetStatus.VALIDATED  # asking changed nothing
    done = admin.post(publish_url(grades, "class").split("?")[0], {"extent": "class"}, follow=True)
    assert done.redirect_chain[-1][0] == board_url(grades)
    assert messages_of(done) == [
        f"Published 2 sheets of \u2066{world.class_a.code}\u2069 to 3 students and their parents."]
    assert status(grades, "PC") == SheetStatus.PUBLISHED and status(grades, "SVT") == SheetStatus.SUBMITTED


def test_publishing_tells_when_parents_see_the_sheets(grades, admin):
    YearGradeRules.objects.filter(school_year=grades.school_class.school_year).update(parents_delay_days=2)
    validated(grades, "MATH")
    body = admin.get(publish_url(grades, "class")).content.decode()
    assert "Students see them at once; parents 2 days later, from" in body


def test_publishing_the_whole_school_shows_the_count_per_class_first(grades, admin, world):
    other = make.school_class(school_=world.school, level="1BAC", stream="SE", section=1)
    other_teacher = make.account(make.staff(position=Position.TEACHER, school_=world.school))
    make.teach(teacher=other_teacher.staff_member, school_class=other)
    pupils = [make.student(in_class=other) for _ in range(4)]
    from massar.grades.services import grade_sheet_open, mark_enter

    other_sheet = grade_sheet_open(school_class=other, subject=grades.sheets["MATH"].subject,
                                   semester=grades.semester)
    mark_enter(sheet=other_sheet, student=pupils[0], slot=1, value="9", absent=False, actor=other_teacher)
    grade_sheet_submit(sheet=other_sheet, actor=other_teacher)
    grade_sheet_validate(sheet=other_sheet, actor=grades.admin)
    validated(grades, "MATH", "PC")
    asked = admin.get(publish_url(grades, "school"))
    body = asked.content.decode()
    assert "Publish 3 sheets in 2 classes of the school to 7 students and their parents." in body
    plan = {row.school_class.code: (len(row.sheets), row.students) for row in asked.context["plan"]}
    assert plan[world.class_a.code] == (2, 3) and plan[other.code] == (1, 4)
    assert f'data-class="{other.code}"' in body
    done = admin.post(publish_url(grades, "school").split("?")[0], {"extent": "school"}, follow=True)
    assert messages_of(done) == ["Published 3 sheets in 2 classes to 7 students and their parents."]
    assert GradeSheet.objects.get(pk=other_sheet.pk).status == SheetStatus.PUBLISHED


def test_publishing_nothing_says_so(grades, admin):
    asked = admin.get(publish_url(grades, "level"))
    assert "There is nothing to publish." in asked.content.decode()
    done = admin.post(publish_url(grades, "level").split("?")[0], {"extent": "level"}, follow=True)
    assert messages_of(done) == ["Nothing was published: no sheet was validated."]


def test_a_correction_is_confirmed_with_the_old_and_new_mark_before_it_is_written(grades, admin, world):
    sheet = submitted(grades)
    url = reverse("portals:grades_board_correct", kwargs=sheet_args(world.class_a))
    data = {"student": world.student_a.massar_code, "slot": 1, "value": "15,5", "reason": "Copy error"}
    asked = admin.get(url, data)
    body = asked.content.decode()
    assert asked.status_code == 200 and "from \u206614.75/20\u2069 to \u206615.50/20\u2069" in body
    assert "Reason: Copy error" in body
    assert Mark.objects.get(sheet=sheet, slot=1).value == 14.75 and not MarkEvent.objects.exists()
    done = admin.post(url, data, follow=True)
    assert str(Mark.objects.get(sheet=sheet, slot=1).value) == "15.50"
    assert messages_of(done) == [f"Corrected: {world.student_a.full_name}, Test 1: \u206614.75/20\u2069 → "
                                 "\u206615.50/20\u2069."]
    assert admin.get(url).status_code == 302  # the bare address (a language switch) goes back to the sheet


def test_a_correction_without_a_reason_is_refused_on_the_sheet_page(grades, admin, world):
    submitted(grades)
    url = reverse("portals:grades_board_correct", kwargs=sheet_args(world.class_a))
    refused = admin.get(url, {"student": world.student_a.massar_code, "slot": 1, "value": "15", "reason": ""})
    assert refused.status_code == 400 and "A correction needs a reason." in refused.content.decode()


# --- Withdrawal --------------------------------------------------------------------------------------------


def published(grades, delay_days=2):
    YearGradeRules.objects.filter(school_year=grades.school_class.school_year).update(parents_delay_days=delay_days)
    validated(grades, "MATH")
    grade_sheets_publish(sheets=[grades.sheets["MATH"]], actor=grades.admin)
    return grades.sheets["MATH"]


def test_withdrawing_asks_for_a_reason_then_shows_the_state_and_reason(grades, admin, world, en_client):
    published(grades)
    url = reverse("portals:grades_board_withdraw", kwargs=sheet_args(world.class_a))
    board = admin.get(board_url(grades)).content.decode()
    assert url in board
    asked = admin.get(url).content.decode()
    assert "Withdraw the Mathematics sheet of" in asked and "from 3 students" in asked and 'name="reason"' in asked
    assert "Parents, who would see it from" in asked
    assert admin.post(url, {"reason": ""}).status_code == 400
    done = admin.post(url, {"reason": "The wrong test was entered"}, follow=True)
    assert status(grades) == SheetStatus.WITHDRAWN
    assert any(m.startswith("Withdrawn: the Mathematics sheet of") for m in messages_of(done))
    assert "status-withdrawn" in done.content.decode() and "The wrong test was entered" in done.content.decode()
    withdrawal = SheetWithdrawal.objects.get()
    assert withdrawal.actor == world.accounts["school_admin"] and withdrawal.reason == "The wrong test was entered"
    sheet_page = admin.get(reverse("portals:grades_board_sheet", kwargs=sheet_args(world.class_a))).content.decode()
    assert "The wrong test was entered" in sheet_page and "Withdrawals" in sheet_page
    en_client.force_login(world.accounts["teacher"])
    grid = en_client.get(reverse("portals:grades_teacher_grid", kwargs=sheet_args(world.class_a))).content.decode()
    assert "Withdrawn" in grid and "The wrong test was entered" in grid
    en_client.force_login(world.accounts["student"])
    assert "14.75" not in en_client.get(reverse("portals:grades_mine")).content.decode()


def test_withdrawing_once_parents_see_the_sheet_is_refused_with_a_clear_message(grades, admin, world):
    sheet = published(grades, delay_days=0)
    url = reverse("portals:grades_board_withdraw", kwargs=sheet_args(world.class_a))
    assert url not in admin.get(board_url(grades)).content.decode()
    asked = admin.get(url).content.decode()
    assert "it can no longer be withdrawn" in asked and 'name="reason"' not in asked
    done = admin.post(url, {"reason": "too late"}, follow=True)
    assert any("it can no longer be withdrawn" in m for m in messages_of(done))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED and not SheetWithdrawal.objects.exists()


def test_a_withdrawn_sheet_is_published_again(grades, admin, world):
    published(grades)
    url = reverse("portals:grades_board_withdraw", kwargs=sheet_args(world.class_a))
    admin.post(url, {"reason": "Check test 1"})
    asked = admin.get(publish_url(grades, "class")).content.decode()
    assert "Publish 1 sheet of" in asked
    admin.post(publish_url(grades, "class").split("?")[0], {"extent": "class"})
    sheet = GradeSheet.objects.get(pk=grades.sheets["MATH"].pk)
    assert sheet.status == SheetStatus.PUBLISHED and sheet.parents_see_from > timezone.now() + timedelta(days=1)


def test_the_board_steps_are_for_the_schools_administration_only(grades, world):
    published(grades)
    for role in ("teacher", "directorate_officer"):
        client = Client(headers={"accept-language": "en"})
        client.force_login(world.accounts[role])
        for name in ("portals:grades_board_withdraw", "portals:grades_board_validate"):
            assert client.get(reverse(name, kwargs=sheet_args(world.class_a))).status_code == 404
            assert client.post(reverse(name, kwargs=sheet_args(world.class_a)), {"reason": "x"}).status_code == 404
    assert status(grades) == SheetStatus.PUBLISHED


def test_the_class_confirmation_lists_its_subjects_with_the_pages_comma(grades, world):
    validated(grades, "MATH", "PC")
    client = Client(headers={"accept-language": "ar"})
    client.force_login(world.accounts["school_admin"])
    body = client.get(publish_url(grades, "class")).content.decode()
    names = sorted(sheet.subject.name for sheet in GradeSheet.objects.filter(pk__in=[
        grades.sheets["MATH"].pk, grades.sheets["PC"].pk]).select_related("subject"))
    assert "، ".join(names) in body or "، ".join(reversed(names)) in body
    assert "ورقتان" in body  # Arabic's dual: two sheets
