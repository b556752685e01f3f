"""An exams builder for tests: the bac of the world's 2BAC students — the 1BAC regional exam they sat the year
before (owned by the world's academy), this year's national exam (the ministry's), their continuous
assessment — and the steps people take (mark copies, lock, publish)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.cache import cache

from massar.core.models import SchoolYear
from massar.exams.models import Candidate, Copy, ExamKind, ExamSession, SessionState
from massar.exams.publication import session_publish
from massar.exams.rules import result_rules_seed_year
from massar.exams.services import (
    copy_mark_enter,
    exam_session_advance,
    exam_session_open,
    school_candidates_register,
)
from massar.grades.models import SemesterResult
from massar.schools.services import coefficients_seed_year
from massar.students.models import Student
from massar.students.services import student_enrol

from . import factories as make

REGIONAL_SE = {"AR": "12", "FR": "12", "EI": "12", "HG": "12"}  # 1BAC SE: coefficients 2, 4, 2, 2
NATIONAL_SP = {"MATH": "13.25", "PC": "13.25", "SVT": "13.25", "PHILO": "13.25", "EN": "13.25"}


class Bac:
    """student_a (2BAC SP, class_a) sat the 1BAC SE regional exam of 2024/2025 and is a candidate of the
    2025/2026 national exam with every 2BAC student of the world; `continuous(s1, s2)` stores their semester
    general averages as the close does."""

    def __init__(self, world) -> None:
        self.world = world
        self.year = SchoolYear.objects.get(label="2025/2026")
        self.previous = make.school_year("2024/2025", current=False)
        for year in (self.year, self.previous):
            coefficients_seed_year(school_year=year)
            result_rules_seed_year(school_year=year)
        self.ministry = world.accounts["ministry_officer"]
        self.academy = world.accounts["academy_officer"]
        first_year = make.school_class(school_=world.school, level="1BAC", stream="SE", year=self.previous)
        student_enrol(student=world.student_a, school_class=first_year, enrolled_on=datetime.date(2024, 9, 1))
        self.regional = exam_session_open(school_year=self.previous, kind=ExamKind.BAC_REGIONAL,
                                          academy=world.academy)
        school_candidates_register(session=self.regional, actor=self.academy)
        self.national = exam_session_open(school_year=self.year, kind=ExamKind.BAC_NATIONAL)
        school_candidates_register(session=self.national, actor=self.ministry)

    def continuous(self, student: Student, first: str, second: str) -> None:
        school_class = student.enrolments.get(school_year=self.year).school_class
        for number, value in ((1, first), (2, second)):
            SemesterResult.objects.create(semester=self.year.semesters.get(number=number), school_class=school_class,
                                          student=student, general_average=Decimal(value))

    def actor_of(self, session: ExamSession):
        return self.academy if session.academy_id else self.ministry

    def mark(self, session: ExamSession, student: Student, marks: Mapping[str, str | None]) -> None:
        """Each subject's mark of `student`'s copy, entered on the anonymous grid (the session is opened for
        marking first if it is still being prepared)."""
        if session.state == SessionState.PREPARING:
            exam_session_advance(session=session, actor=self.actor_of(session))
            session.refresh_from_db()
        candidate = Candidate.objects.get(session=session, student=student)
        for code, value in marks.items():
            copy = Copy.objects.select_related("paper__session").get(candidate=candidate, paper__subject__code=code)
            copy_mark_enter(paper=copy.paper, anonymous_number=copy.anonymous_number, value=value,
                            actor=self.actor_of(session))

    def lock(self, session: ExamSession) -> None:
        session.refresh_from_db()
        while session.state in (SessionState.PREPARING, SessionState.MARKING):
            exam_session_advance(session=session, actor=self.actor_of(session))
            session.refresh_from_db()

    def publish(self, session: ExamSession) -> int:
        self.lock(session)
        return session_publish(session=session, actor=self.actor_of(session))

    def national_published(self, capture) -> None:
        """student_a's whole bac published: the regional exam, both semesters' averages (14, 15) and the
        national copies. `capture` is `django_capture_on_commit_callbacks`: the publication outdates the results'
        cache when it commits."""
        self.regional_done()
        self.continuous(self.world.student_a, "14", "15")
        self.mark(self.national, self.world.student_a, NATIONAL_SP)
        with capture(execute=True):
            self.publish(self.national)

    def second_session(self, marks: Mapping[str, str]) -> ExamSession:
        """student_a re-sits the subjects of `marks` (national copies) in a second session, published."""
        from massar.exams.services import second_session_candidate_register

        second = exam_session_open(school_year=self.year, kind=ExamKind.BAC_NATIONAL, number=2,
                                   normal_session=self.national)
        first = Candidate.objects.get(session=self.national, student=self.world.student_a)
        second_session_candidate_register(session=second, first=first, subjects=list(marks), actor=self.ministry)
        self.mark(second, self.world.student_a, marks)
        self.publish(second)
        return second

    def regional_done(self, marks: Mapping[str, str | None] = REGIONAL_SE) -> None:
        self.mark(self.regional, self.world.student_a, marks)
        self.publish(self.regional)


class PublicationLandsBeforeTheKeep:
    """The cache, except that the first keep of a read waits for `publish` to commit (the race)."""

    def __init__(self, publish) -> None:
        self.publish = publish

    def __getattr__(self, name: str):
        return getattr(cache, name)

    def set(self, key, value, timeout=None):
        if self.publish is not None:
            publish, self.publish = self.publish, None
            publish()
        return cache.set(key, value, timeout)
