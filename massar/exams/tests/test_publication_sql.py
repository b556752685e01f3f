"""The set-based publication (PostgreSQL, publication_sql.py) stores exactly what the Python reference
(publication.ResultsPublisher, with calculations.py) computes: the same mark, decision, mention and explanation
for every candidate, on generated candidates — random marks, blanks, absences, missing components, free
candidates, boundary marks (9.995, 9.994, 11.995, 15.995, 6.99/7.00) under both rounding modes, and the second
session's best of two."""

import datetime
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from massar.exams import calculations as calc
from massar.exams.models import Candidate, CandidateKind, Copy, ExamKind, ExamResult, ExamSession, ResultRules
from massar.exams.publication import ResultsPublisher
from massar.exams.services import exam_session_open, school_candidates_register
from massar.grades.models import SemesterResult
from massar.schools.models import Stream
from massar.students.services import student_enrol
from massar.testing import factories as make

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based publication is PostgreSQL's")]

# Final marks a candidate is built to reach exactly: 0.25 × annual + 0.25 × regional + 0.5 × national, with the
# two exams' every subject at `exam` and the annual average 4 × target − 3 × exam.
BOUNDARIES = [("9.995", "10"), ("9.994", "10"), ("9.985", "10"), ("11.995", "12"), ("15.995", "16"),
              ("13.995", "14"), ("6.99", "7"), ("7.00", "7"), ("6.995", "7"), ("10.00", "10"), ("12.005", "12")]


def _stored(value: Fraction) -> Decimal:
    from massar.grades.calculations import stored

    return stored(value)


def _results(session: ExamSession) -> dict[int, tuple]:
    return {row.candidate_id: (row.mark, row.decision, row.mention, row.explanation, row.shown)
            for row in ExamResult.objects.filter(session=session)}


def _both(session: ExamSession) -> tuple[dict, dict]:
    """The Python reference's results, then the set-based publisher's, of `session` (each replaces)."""
    from massar.exams.publication_sql import SqlPublisher

    session = ExamSession.objects.select_related("school_year", "level").get(pk=session.pk)
    session.published_at = timezone.now()  # as session_publish sets it before the results, which show it
    ResultsPublisher(session).run()
    reference = _results(session)
    SqlPublisher(session).run()
    return reference, _results(session)


def _assert_same(reference: dict, computed: dict) -> None:
    assert computed.keys() == reference.keys()
    different = {pk: (reference[pk], computed[pk]) for pk in reference if reference[pk] != computed[pk]}
    assert not different, next(iter(different.values()))


class Cohort:
    """The world's bac (Bac builder) with `size` more 2BAC students of several streams, each having sat the
    1BAC regional exam the year before, and a few free candidates; marks filled by `fill`."""

    def __init__(self, bac, world, size: int, rng: random.Random) -> None:
        self.bac, self.rng = bac, rng
        streams = ["SP", "SVT", "SMA", "SECO"]
        classes = {code: make.school_class(school_=world.school, level="2BAC", stream=code, section=3) for code in streams}
        first_year = make.school_class(school_=world.school, level="1BAC", stream="SE", year=bac.previous, section=3)
        self.students = []
        for index in range(size):
            student = make.student(in_class=classes[streams[index % len(streams)]], first_name_latin=f"S{index}")
            student_enrol(student=student, school_class=first_year, enrolled_on=datetime.date(2024, 9, 1))
            self.students.append(student)
        school_candidates_register(session=bac.regional, actor=bac.academy)
        school_candidates_register(session=bac.national, actor=bac.ministry)
        from massar.exams.services import free_candidate_register

        for index in range(3):
            free = make.student(school_=world.school, first_name_latin=f"Free{index}")
            if index < 2:  # the third has no regional exam: a missing component
                free_candidate_register(session=bac.regional, student=free, stream=Stream.objects.get(
                    level__code="1BAC", code="SE"), academy=world.academy, actor=bac.academy)
            free_candidate_register(session=bac.national, student=free, stream=Stream.objects.get(
                level__code="2BAC", code="SP"), academy=world.academy, actor=bac.academy)
        ExamSession.objects.filter(pk__in=[bac.regional.pk, bac.national.pk]).update(state="locked")

    def mark(self) -> Decimal:
        return Decimal(self.rng.randint(0, 2000)) / 100

    def fill(self) -> None:
        """Random marks (a few blanks and absences), random annual averages (12 decimals; some students with one
        semester, or a result out of date), then the boundary candidates built exactly."""
        rng = self.rng
        copies = list(Copy.objects.filter(paper__session__in=[self.bac.regional, self.bac.national]).order_by("pk"))
        for copy in copies:
            draw = rng.random()
            copy.mark, copy.absent = ((None, False) if draw < 0.02 else (None, True) if draw < 0.04
                                      else (self.mark(), False))
        Copy.objects.bulk_update(copies, ["mark", "absent"])
        SemesterResult.objects.all().delete()
        semesters = {s.number: s for s in self.bac.year.semesters.all()}
        rows = []
        for student in self.students:
            enrolment = student.enrolments.get(school_year=self.bac.year)
            for number in (1, 2):
                if rng.random() < 0.03:
                    continue
                value = _stored(Fraction(rng.randint(0, 20 * 10**9), rng.randint(1, 10**9)) % 20)
                rows.append(SemesterResult(semester=semesters[number], school_class=enrolment.school_class,
                                           student=student, general_average=value,
                                           out_of_date_since=timezone.now() if rng.random() < 0.02 else None))
        SemesterResult.objects.bulk_create(rows)
        for student, (target, exam) in zip(self.students, BOUNDARIES, strict=False):
            self.build(student, Decimal(target), Decimal(exam))

    def build(self, student, target: Decimal, exam: Decimal) -> None:
        Copy.objects.filter(candidate__student=student, candidate__session__in=[self.bac.regional, self.bac.national]
                            ).update(mark=exam, absent=False)
        annual = 4 * target - 3 * exam
        SemesterResult.objects.filter(student=student).delete()
        enrolment = student.enrolments.get(school_year=self.bac.year)
        for semester in self.bac.year.semesters.all():
            SemesterResult.objects.create(semester=semester, school_class=enrolment.school_class, student=student,
                                          general_average=annual)


@pytest.fixture
def cohort(bac, world):
    return Cohort(bac, world, size=40, rng=random.Random(2026))


@pytest.mark.parametrize("rounding", ["half_up", "half_even"])
def test_the_set_based_publication_equals_the_reference(cohort, rounding):
    ResultRules.objects.filter(school_year=cohort.bac.year).update(rounding=rounding)
    for _ in range(3):
        cohort.fill()
        reference, computed = _both(cohort.bac.national)
        _assert_same(reference, computed)
    marks = {r[0] for r in reference.values()}
    assert None in marks and len(marks) > 20  # missing components and many different marks were compared
    decisions = {r[1] for r in reference.values()}
    assert {"admitted", "second_session", "failed"} <= decisions


def test_the_boundaries_are_decided_on_the_shown_mark(cohort):
    cohort.fill()
    reference, computed = _both(cohort.bac.national)
    _assert_same(reference, computed)
    by_student = {c.student_id: c.pk for c in Candidate.objects.filter(session=cohort.bac.national)}
    shown = {target: computed[by_student[student.pk]][:3] for student, (target, _exam) in
             zip(cohort.students, BOUNDARIES, strict=False)}
    assert shown["9.995"] == (Decimal("10.00"), "admitted", "passable")
    assert shown["9.994"] == (Decimal("9.99"), "second_session", "")
    assert shown["11.995"] == (Decimal("12.00"), "admitted", "fairly_good")
    assert shown["15.995"] == (Decimal("16.00"), "admitted", "very_good")
    assert shown["6.99"] == (Decimal("6.99"), "failed", "")
    assert shown["7.00"] == (Decimal("7.00"), "second_session", "")


def test_free_candidates_and_exam_only_sessions_equal_the_reference(cohort):
    cohort.fill()
    reference, computed = _both(cohort.bac.national)
    _assert_same(reference, computed)
    free = Candidate.objects.filter(session=cohort.bac.national, kind=CandidateKind.FREE)
    assert "regional" in reference[free.order_by("pk").last().pk][3]["missing"]
    # The regional exam alone (not a final exam): its mark only.
    reference, computed = _both(cohort.bac.regional)
    _assert_same(reference, computed)
    assert all(r[1] == "" for r in computed.values())


def test_the_second_session_equals_the_reference(cohort):
    from massar.exams.services import second_session_candidate_register

    cohort.fill()
    national = cohort.bac.national
    second = exam_session_open(school_year=cohort.bac.year, kind=ExamKind.BAC_NATIONAL, number=2,
                               normal_session=national)
    firsts = list(Candidate.objects.filter(session=national, kind=CandidateKind.SCHOOL).select_related("stream")
                  .order_by("pk"))
    rng = cohort.rng
    for first in firsts[:25]:
        codes = list(Copy.objects.filter(candidate=first).values_list("paper__subject__code", flat=True))
        second_session_candidate_register(session=second, first=first, subjects=rng.sample(codes, rng.randint(1, 3)),
                                          actor=cohort.bac.ministry)
    # A second-session candidate without a normal-session candidacy: no exam mark.
    lone = make.student(school_=cohort.students[0].enrolments.first().school_class.school, first_name_latin="Lone")
    Candidate.objects.create(session=second, student=lone, exam_number="L1", academy=firsts[0].academy)
    before = {(student, code): mark for student, code, mark in Copy.objects.filter(candidate__session=national)
              .values_list("candidate__student_id", "paper__subject__code", "mark")}
    copies = list(Copy.objects.filter(candidate__session=second).select_related("candidate", "paper__subject"))
    for copy in copies:  # better, worse, equal (not a replacement), blank
        same = before.get((copy.candidate.student_id, copy.paper.subject.code))
        copy.mark = rng.choice([None, Decimal("0.00"), Decimal("20.00"), cohort.mark(), same, same])
    Copy.objects.bulk_update(copies, ["mark"])
    ExamSession.objects.filter(pk=second.pk).update(state="locked")
    reference, computed = _both(second)
    _assert_same(reference, computed)
    replaced = [s for r in computed.values() for p in r[3]["components"] for s in p.get("subjects", [])
                if s["replaced"]]
    assert replaced and all(s["mark"] is not None for s in replaced)
    assert {r[1] for r in computed.values()} <= {"admitted", "failed", ""}  # no third session


exact_parts = st.tuples(st.integers(min_value=0, max_value=20 * 10**14), st.integers(min_value=1, max_value=10**14))


@settings(max_examples=300, deadline=None)
@example(parts=(12345, 1000), mode="half_even", places=0).via("a tie rounds to even: 12.34")
@example(parts=(12355, 1000), mode="half_even", places=3).via("a tie rounds to even: 12.36")
@example(parts=(99945, 10000), mode="half_up", places=2).via("9.9945 shows 9.99")
@example(parts=(19990, 2000), mode="half_up", places=1).via("9.995 shows 10.00")
@given(parts=exact_parts, mode=st.sampled_from(sorted(["half_up", "half_even"])), places=st.integers(0, 14))
def test_the_sql_rounding_is_calculations_rounding(parts, mode, places):
    """ROUND_2 on exact numerics (any scale) is calculations.shown on the same exact fraction."""
    from massar.exams.publication_sql import shown_sql

    numerator, denominator = parts
    if Fraction(numerator, denominator) > 99:
        numerator = numerator % (99 * denominator)
    scale = Decimal(10) ** places
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {shown_sql('%(n)s::numeric', '%(d)s::numeric', '%(m)s')}",
                       {"n": Decimal(numerator) / scale, "d": Decimal(denominator) / scale, "m": mode})
        (value,) = cursor.fetchone()
    rules = calc.Rules(weights={calc.Component.NATIONAL: Decimal(1)}, admission=Decimal(10), rounding=mode)
    assert value == calc.shown(Fraction(numerator, denominator), rules)


def _random_marks(session: ExamSession, rng: random.Random, out_of: int = 20) -> None:
    copies = list(Copy.objects.filter(paper__session=session).order_by("pk"))
    for copy in copies:
        copy.mark = None if rng.random() < 0.05 else Decimal(rng.randint(0, out_of * 100)) / 100
    Copy.objects.bulk_update(copies, ["mark"])
    ExamSession.objects.filter(pk=session.pk).update(state="locked")


def _annual(pupils, school_class, rng: random.Random, out_of: int = 20) -> None:
    SemesterResult.objects.bulk_create(
        SemesterResult(semester=semester, school_class=school_class, student=pupil,
                       general_average=_stored(Fraction(rng.randint(0, out_of * 10**6), 10**6)))
        for pupil in pupils[1:] for semester in school_class.school_year.semesters.all())


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_the_college_certificate_and_the_primary_exam_equal_the_reference(world, seed):
    """3AC: 0.3 × CC + 0.3 × local exam (another session, found as the student's latest) + 0.4 × regional;
    6th primary: out of 10, admitted at 5, half even this year."""
    from massar.core.models import SchoolYear
    from massar.exams.rules import result_rules_seed_year
    from massar.schools.services import coefficients_seed_year

    rng = random.Random(seed)
    year = SchoolYear.objects.get(is_current=True)
    coefficients_seed_year(school_year=year)
    result_rules_seed_year(school_year=year)
    college = make.school(directorate_=world.directorate, cycles=("college",))
    admin = make.account(make.staff(position="school_admin", school_=college))
    third = make.school_class(school_=college, level="3AC", stream=None)
    pupils = [make.student(in_class=third, first_name_latin=f"C{n}") for n in range(12)]
    _annual(pupils, third, rng)  # the first pupil has no continuous assessment
    local = exam_session_open(school_year=year, kind=ExamKind.COLLEGE_LOCAL, school=college)
    school_candidates_register(session=local, actor=admin)
    _random_marks(local, rng)
    regional = exam_session_open(school_year=year, kind=ExamKind.COLLEGE_REGIONAL, academy=world.academy)
    school_candidates_register(session=regional, actor=world.accounts["academy_officer"])
    _random_marks(regional, rng)
    for session in (local, regional):
        reference, computed = _both(session)
        _assert_same(reference, computed)
    assert sum(r[0] is not None for r in computed.values()) >= 4  # marks were compared, not only absences
    primary = make.school(directorate_=world.directorate, cycles=("primary",))
    sixth = make.primary_class(school_=primary)
    children = [make.student(in_class=sixth, first_name_latin=f"P{n}") for n in range(12)]
    _annual(children, sixth, rng, out_of=10)
    ResultRules.objects.filter(school_year=year, level__code="6AP").update(rounding="half_even")
    provincial = exam_session_open(school_year=year, kind=ExamKind.PRIMARY_PROVINCIAL, directorate=world.directorate)
    school_candidates_register(session=provincial, actor=world.accounts["directorate_officer"])
    _random_marks(provincial, rng, out_of=10)
    reference, computed = _both(provincial)
    _assert_same(reference, computed)
    assert all(r[3]["out_of"] == 10 for r in computed.values()) and len(computed) == 12
