"""The workflow of a grade sheet, driven by hypothesis as a state machine: whatever the order of steps,
a student or a parent never sees a mark before publication, a teacher never changes a submitted mark,
and every change after submission has its event with a reason; replaying the events gives the mark."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.grades.error_codes import GradesErrorCode
from massar.grades.models import GradeSheet, Mark, MarkEvent, SheetStatus, YearGradeRules
from massar.grades.rules import grade_rules_seed_year
from massar.grades.selectors import marks_visible_to
from massar.grades.services import (
    grade_sheet_open,
    grade_sheet_return,
    grade_sheet_submit,
    grade_sheet_validate,
    grade_sheets_publish,
    grade_sheets_withdraw,
    mark_correct,
    mark_enter,
    mark_replay,
)
from massar.schools.models import Subject

marks = st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=2).map(str))


@pytest.fixture
def sheet(world):
    grade_rules_seed_year(school_year=world.class_a.school_year)
    semester = world.class_a.school_year.semesters.get(number=1)
    return grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="MATH"), semester=semester)


def test_workflow_state_machine(world, sheet):
    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    student, parent = world.accounts["student"], world.accounts["parent"]
    pupil = world.student_a

    class Workflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            GradeSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.DRAFT, published_at=None,
                                                          parents_see_from=None)
            Mark.objects.filter(sheet=sheet).delete()
            MarkEvent.objects.filter(sheet=sheet).delete()
            self.at_submission: dict[int, tuple] = {}

        def current(self) -> GradeSheet:
            return GradeSheet.objects.get(pk=sheet.pk)

        @rule(slot=st.integers(0, 3), value=marks, absent=st.booleans())
        def teacher_types(self, slot, value, absent):
            before = list(Mark.objects.filter(sheet=sheet).values_list("slot", "value", "absent"))
            if self.current().status == SheetStatus.DRAFT:
                mark_enter(sheet=sheet, student=pupil, slot=slot, value=value, absent=absent, actor=teacher)
            else:
                with pytest.raises(Refused) as refused:
                    mark_enter(sheet=sheet, student=pupil, slot=slot, value=value, absent=absent, actor=teacher)
                assert refused.value.code == GradesErrorCode.SHEET_SUBMITTED
                assert list(Mark.objects.filter(sheet=sheet).values_list("slot", "value", "absent")) == before

        @rule()
        def teacher_submits(self):
            if self.current().status == SheetStatus.DRAFT:
                grade_sheet_submit(sheet=sheet, actor=teacher)
                self.at_submission = {m.slot: (m.value, m.absent) for m in Mark.objects.filter(sheet=sheet)}
                MarkEvent.objects.filter(sheet=sheet).delete()  # a new submission starts a new history

        @rule()
        def administration_returns(self):
            if self.current().status == SheetStatus.SUBMITTED:
                grade_sheet_return(sheet=sheet, actor=admin, comment="test 2 is missing")

        @rule()
        def administration_validates(self):
            if self.current().status == SheetStatus.SUBMITTED:
                grade_sheet_validate(sheet=sheet, actor=admin)

        @rule(delay=st.integers(0, 3))
        def administration_publishes(self, delay):
            YearGradeRules.objects.filter(school_year=world.class_a.school_year).update(parents_delay_days=delay)
            grade_sheets_publish(sheets=[self.current()], actor=admin)

        @rule(reason=st.sampled_from(["", "the wrong test was published"]))
        def administration_withdraws(self, reason):
            before = self.current()
            try:
                grade_sheets_withdraw(sheet=before, actor=admin, reason=reason)
            except Invalid as error:
                assert error.code in {"reason_required", "wrong_status"}
            except Conflict as error:  # parents may already see it
                assert error.code == "parents_see_it" and before.parents_see_from <= timezone.now()
            else:
                assert before.status == SheetStatus.PUBLISHED and reason
                assert self.current().status == SheetStatus.WITHDRAWN

        @rule(slot=st.integers(0, 3), value=marks, reason=st.sampled_from(["", "typing error on the slip"]))
        def administration_corrects(self, slot, value, reason):
            status = self.current().status
            try:
                mark_correct(sheet=sheet, student=pupil, slot=slot, value=value, absent=False, reason=reason,
                             actor=admin)
            except Invalid as error:
                assert error.code in {"reason_required", "no_change", "wrong_status"}
                assert reason == "" or error.code != "reason_required"
            else:
                assert status != SheetStatus.DRAFT and reason

        @invariant()
        def nobody_outside_sees_unpublished_marks(self):
            now = timezone.now()
            published = self.current().status == SheetStatus.PUBLISHED
            seen_by_student = marks_visible_to(viewer=student, now=now).filter(sheet=sheet).exists()
            seen_by_parent = marks_visible_to(viewer=parent, now=now).filter(sheet=sheet).exists()
            if not published:
                assert not seen_by_student and not seen_by_parent
            if seen_by_parent:
                assert self.current().parents_see_from <= now

        @invariant()
        def every_change_after_submission_has_an_event_with_a_reason(self):
            if self.current().status == SheetStatus.DRAFT:
                return
            for mark in Mark.objects.filter(sheet=sheet):
                events = MarkEvent.objects.filter(sheet=sheet, slot=mark.slot).order_by("at", "pk")
                assert all(e.reason for e in events)
                start = self.at_submission.get(mark.slot, (None, False))
                assert mark_replay(submitted=start, events=events) == (mark.value, mark.absent)

    Workflow.TestCase.settings = settings(max_examples=40, stateful_step_count=15, deadline=None,
                                          suppress_health_check=list(HealthCheck))
    Workflow.TestCase().runTest()


def test_parents_see_published_marks_only_after_the_delay(world, sheet):
    teacher, admin = world.accounts["teacher"], world.accounts["school_admin"]
    YearGradeRules.objects.filter(school_year=world.class_a.school_year).update(parents_delay_days=2)
    mark_enter(sheet=sheet, student=world.student_a, slot=1, value="14,75", absent=False, actor=teacher)
    grade_sheet_submit(sheet=sheet, actor=teacher)
    grade_sheet_validate(sheet=sheet, actor=admin)
    now = timezone.now()
    grade_sheets_publish(sheets=[sheet], actor=admin, now=now)
    assert marks_visible_to(viewer=world.accounts["student"], now=now).get().value == Decimal("14.75")
    assert not marks_visible_to(viewer=world.accounts["parent"], now=now + timedelta(days=1)).exists()
    assert marks_visible_to(viewer=world.accounts["parent"], now=now + timedelta(days=2)).exists()


def test_a_teacher_cannot_touch_another_teachers_sheet(world, sheet):
    other_subject = grade_sheet_open(school_class=world.class_a, subject=Subject.objects.get(code="PC"),
                                     semester=sheet.semester)
    with pytest.raises(NotFound):
        mark_enter(sheet=other_subject, student=world.student_a, slot=1, value="12", absent=False,
                   actor=world.accounts["teacher"])
    assert not Mark.objects.exists()


@pytest.mark.parametrize(("typed", "code"), [("21", "out_of_range"), ("-1", "out_of_range"), ("abc", "not_a_number"),
                                             ("12,345", "too_many_decimals")])
def test_invalid_cells_are_refused_with_their_reason(world, sheet, typed, code):
    with pytest.raises(Invalid) as error:
        mark_enter(sheet=sheet, student=world.student_a, slot=1, value=typed, absent=False,
                   actor=world.accounts["teacher"])
    assert error.value.code == code
    assert not Mark.objects.exists()


def test_a_student_of_another_class_cannot_be_marked(world, sheet):
    with pytest.raises(Invalid) as error:
        mark_enter(sheet=sheet, student=world.student_b, slot=1, value="12", absent=False,
                   actor=world.accounts["teacher"])
    assert error.value.code == "not_in_class"
