"""A transferred student's record, read by both schools (DOMAIN §9; issue 12): the receiving school reads the
whole history — grades, absences, exam results, decisions, documents, enrolments — and the school they left
reads only what it produced while the student was there: nothing of the new school, not the new class.

student_a leaves class_a of the world's school (where they also spent last year in 1BAC) for the far school of
another academy; each school has recorded a grade, an absence, an exam result, a decision and a certificate."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.attendance.models import Absence
from massar.attendance.scopes import absences_visible_to
from massar.documents.scopes import documents_visible_to
from massar.exams.models import Candidate, ExamKind, ExamResult, ExamSession, SessionState, YearDecision
from massar.exams.scopes import results_visible_to, year_decisions_visible_to
from massar.grades.models import Mark
from massar.grades.selectors import marks_visible_to
from massar.grades.services import grade_sheet_open
from massar.schools.models import Level, Subject
from massar.staff.models import Position
from massar.students.models import Enrolment
from massar.students.scopes import enrolments_visible_to, students_visible_to
from massar.students.services import student_enrol
from massar.students.transfers import transfer_accept, transfer_certificate_issue, transfer_request
from massar.testing import factories as make
from massar.testing.documents import certificate_issued
from massar.testing.grades import Grades


def _absence(student, school_class, day: datetime.date) -> Absence:
    return Absence.objects.create(student=student, school_class=school_class, date=day, slot=1, kind="absent")


def _exam_result(student, school, year, mark: str) -> ExamResult:
    session = ExamSession.objects.create(school_year=year, kind=ExamKind.BAC_REGIONAL,
                                         level=Level.objects.get(code="1BAC"), academy=school.directorate.academy,
                                         state=SessionState.PUBLISHED, published_at=timezone.now())
    candidate = Candidate.objects.create(session=session, student=student, exam_number=f"R{school.pk}",
                                         school=school, academy=school.directorate.academy)
    return ExamResult.objects.create(candidate=candidate, session=session, student=student, mark=Decimal(mark))


@pytest.fixture
def moved(world):
    """The record at the old school, the move, then the record at the new school."""
    student, old, new = world.student_a, world.school, world.far_school
    previous = make.school_year("2024/2025", current=False)
    last_year_class = make.school_class(school_=old, level="1BAC", stream="SE", year=previous)
    student_enrol(student=student, school_class=last_year_class, enrolled_on=previous.starts_on)
    grades = Grades(world, extra_students=0)
    grades.enter("MATH", student, 1, "14,5")
    grades.publish("MATH")
    rows = {
        "old": {"mark": Mark.objects.get(sheet=grades.sheets["MATH"], student=student),
                "absence": _absence(student, world.class_a, world.class_a.school_year.starts_on),
                "result": _exam_result(student, old, previous, "13.75"),
                "decision": YearDecision.objects.create(student=student, school_year=previous,
                                                        school_class=last_year_class, decision="promoted",
                                                        published_at=timezone.now()),
                "certificate": certificate_issued(student)},
    }
    receiving = make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=new))
    request = transfer_request(actor=world.accounts["parent"], student=student, to_school=new,
                               reason="The family moves to Oujda")
    request = transfer_certificate_issue(actor=world.accounts["school_admin"], request=request)
    request = transfer_accept(actor=receiving, request=request, school_class=world.far_class)
    sheet = grade_sheet_open(school_class=world.far_class, subject=Subject.objects.get(code="MATH"),
                             semester=grades.semester)
    rows["new"] = {"mark": Mark.objects.create(sheet=sheet, student=student, slot=1, value=Decimal("9")),
                   "absence": _absence(student, world.far_class, timezone.localdate()),
                   "result": _exam_result(student, new, world.far_class.school_year, "11.00"),
                   "decision": YearDecision.objects.create(student=student, school_year=world.far_class.school_year,
                                                           school_class=world.far_class),
                   "certificate": certificate_issued(student)}
    return world, receiving, request, rows


def _read(user, rows: dict) -> dict[str, bool]:
    """Which of `rows` the user reads, through the scope layer."""
    return {"mark": marks_visible_to(viewer=user).filter(pk=rows["mark"].pk).exists(),
            "absence": absences_visible_to(user).filter(pk=rows["absence"].pk).exists(),
            "result": results_visible_to(user).filter(pk=rows["result"].pk).exists(),
            "decision": year_decisions_visible_to(user).filter(pk=rows["decision"].pk).exists(),
            "certificate": documents_visible_to(user).filter(pk=rows["certificate"].pk).exists()}


EVERYTHING = dict.fromkeys(("mark", "absence", "result", "decision", "certificate"), True)
NOTHING = dict.fromkeys(EVERYTHING, False)


def test_the_new_school_reads_the_whole_history(moved):
    world, receiving, request, rows = moved
    assert students_visible_to(receiving).filter(pk=world.student_a.pk).exists()
    assert _read(receiving, rows["old"]) == EVERYTHING
    assert _read(receiving, rows["new"]) == EVERYTHING
    assert documents_visible_to(receiving).filter(pk=request.certificate_id).exists()  # the leaving certificate
    assert set(enrolments_visible_to(receiving).filter(student=world.student_a)) == set(
        Enrolment.objects.filter(student=world.student_a))


def test_the_old_school_reads_what_it_produced_and_nothing_after(moved):
    world, _receiving, request, rows = moved
    origin = world.accounts["school_admin"]
    assert students_visible_to(origin).filter(pk=world.student_a.pk).exists()  # its archive keeps the file
    assert _read(origin, rows["old"]) == EVERYTHING  # its own published grades, absences, certificates…
    assert _read(origin, rows["new"]) == NOTHING
    assert documents_visible_to(origin).filter(pk=request.certificate_id).exists()
    seen = set(enrolments_visible_to(origin).filter(student=world.student_a).values_list("school_class", flat=True))
    assert world.far_class.pk not in seen and world.class_a.pk in seen


def test_the_old_schools_officers_lose_the_new_record_too(moved):
    world, _receiving, _request, rows = moved
    directorate = world.accounts["directorate_officer"]
    assert _read(directorate, rows["old"]) == EVERYTHING
    assert _read(directorate, rows["new"]) == NOTHING
    assert _read(world.accounts["ministry_officer"], rows["new"]) == EVERYTHING


def test_the_student_file_pages_tell_the_same(moved, en_client):
    world, receiving, _request, _rows = moved
    url = reverse("portals:staff_student_detail", kwargs={"massar_code": world.student_a.massar_code})
    old, new = (f"<td>{school.name}</td>" for school in (world.school, world.far_school))  # the years' schools
    en_client.force_login(world.accounts["school_admin"])
    page = en_client.get(url).content.decode()
    assert old in page and new not in page
    en_client.force_login(receiving)
    page = en_client.get(url).content.decode()
    assert old in page and new in page


def test_the_old_schools_teacher_keeps_only_their_class(moved):
    world, _receiving, _request, rows = moved
    teacher = world.accounts["teacher"]
    assert marks_visible_to(viewer=teacher).filter(pk=rows["old"]["mark"].pk).exists()
    assert not marks_visible_to(viewer=teacher).filter(pk=rows["new"]["mark"].pk).exists()
