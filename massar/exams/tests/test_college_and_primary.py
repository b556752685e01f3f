"""The 3AC certificate (0.3 CC + 0.3 local exam + 0.4 regional exam) and the 6th primary exam (out of 10,
admitted at 5), published end to end: sessions owned by the school, the directorate and the academy."""

from decimal import Decimal

import pytest

from massar.core.errors import Invalid
from massar.core.models import SchoolYear
from massar.exams.models import Candidate, Copy, ExamKind, ExamResult, ExamSession
from massar.exams.publication import session_publish
from massar.exams.rules import result_rules_seed_year
from massar.exams.services import (
    copy_mark_enter,
    exam_session_advance,
    exam_session_open,
    mark_parse,
    school_candidates_register,
)
from massar.grades.models import SemesterResult
from massar.schools.services import coefficients_seed_year
from massar.testing import factories as make

pytestmark = pytest.mark.django_db


def continuous(student, school_class, value: str) -> None:
    for number in (1, 2):
        SemesterResult.objects.create(semester=school_class.school_year.semesters.get(number=number),
                                      school_class=school_class, student=student, general_average=Decimal(value))


def sit(session: ExamSession, actor, student, marks: dict[str, str]) -> None:
    """Register, mark every copy of `student` (others left blank), lock and publish."""
    school_candidates_register(session=session, actor=actor)
    exam_session_advance(session=session, actor=actor)
    candidate = Candidate.objects.get(session=session, student=student)
    for copy in Copy.objects.filter(candidate=candidate).select_related("paper__subject"):
        copy_mark_enter(paper=copy.paper, anonymous_number=copy.anonymous_number,
                        value=marks.get(copy.paper.subject.code, marks.get("*")), actor=actor)
    exam_session_advance(session=session, actor=actor)
    session_publish(session=session, actor=actor)


@pytest.fixture
def year(world):
    year = SchoolYear.objects.get(is_current=True)
    coefficients_seed_year(school_year=year)
    result_rules_seed_year(school_year=year)
    return year


def test_the_college_certificate(world, year):
    college = make.school(directorate_=world.directorate, cycles=("college",))
    admin = make.account(make.staff(position="school_admin", school_=college))
    school_class = make.school_class(school_=college, level="3AC", stream=None)
    pupil = make.student(in_class=school_class, first_name_latin="Nour")
    continuous(pupil, school_class, "12")
    local = exam_session_open(school_year=year, kind=ExamKind.COLLEGE_LOCAL, school=college)
    sit(local, admin, pupil, {"*": "8"})
    regional = exam_session_open(school_year=year, kind=ExamKind.COLLEGE_REGIONAL, academy=world.academy)
    sit(regional, world.accounts["academy_officer"], pupil, {"*": "10"})
    exam_only = ExamResult.objects.get(session=local, student=pupil)
    assert (exam_only.mark, exam_only.decision) == (Decimal("8.00"), "")
    result = ExamResult.objects.get(session=regional, student=pupil)
    # 0.3 × 12 + 0.3 × 8 + 0.4 × 10 = 10.00: admitted, no mention for the 3AC certificate.
    assert (result.mark, result.decision, result.mention) == (Decimal("10.00"), "admitted", "")
    assert [p["component"] for p in result.explanation["components"]] == ["continuous", "local", "regional"]


def test_the_sixth_primary_exam_is_out_of_ten(world, year):
    primary = make.school(directorate_=world.directorate, cycles=("primary",))
    school_class = make.primary_class(school_=primary)
    pupil = make.student(in_class=school_class, first_name_latin="Ilyas")
    continuous(pupil, school_class, "4.99")
    session = exam_session_open(school_year=year, kind=ExamKind.PRIMARY_PROVINCIAL, directorate=world.directorate)
    assert session.out_of == 10
    sit(session, world.accounts["directorate_officer"], pupil, {"*": "5"})
    result = ExamResult.objects.get(session=session, student=pupil)
    # 0.5 × 4.99 + 0.5 × 5 = 4.995, shown 5.00: admitted.
    assert (result.mark, result.decision, result.explanation["out_of"]) == (Decimal("5.00"), "admitted", 10)
    with pytest.raises(Invalid) as over:
        mark_parse("10.5", out_of=session.out_of)
    assert over.value.code == "invalid_mark"
