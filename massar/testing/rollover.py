"""Builders for the year rollover: what decides a student's next year, already published — the class council's
end-of-year decision, the final exam's result (6AP, 3AC, 2BAC), the orientation council's stream — and a whole
school of students built set-based (bulk_create) for the benchmark. The services that produce these rows are
tested in their own apps; here they are the rollover's input."""

import datetime
import itertools

from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.exams.calculations import Decision
from massar.exams.models import (
    FINAL_EXAM,
    OWNER_OF,
    Candidate,
    ExamResult,
    ExamSession,
    OwningBody,
    SessionState,
    YearDecision,
    YearOutcome,
)
from massar.orientation.models import (
    Assignment,
    AssignmentRun,
    OrientationPoint,
    OrientationWindow,
    RunState,
    StreamOffer,
)
from massar.schools.models import Cycle, Level, School, SchoolClass, Stream
from massar.students.codes import massar_code_for
from massar.students.models import Enrolment, EnrolmentStatus, Student

from . import factories as make

_serial = itertools.count(1)
POINT_TO = {"TC": OrientationPoint.AFTER_3AC, "1BAC": OrientationPoint.AFTER_TC, "2BAC": OrientationPoint.AFTER_1BAC}


def rollover_years() -> tuple[SchoolYear, SchoolYear]:
    """2025/2026 (the current year) and 2026/2027 (the year it rolls over to)."""
    return make.school_year("2025/2026"), make.school_year("2026/2027", current=False)


def decision_published(student: Student, outcome: str, *, year: SchoolYear | None = None) -> YearDecision:
    """The class council's published decision on the student, in their class of `year` (default: current)."""
    enrolment = student.enrolments.get(school_year=year or SchoolYear.objects.get(is_current=True))
    return YearDecision.objects.create(student=student, school_year_id=enrolment.school_year_id,
                                       school_class_id=enrolment.school_class_id, decision=outcome,
                                       proposed=outcome, published_at=timezone.now())


def final_session(level: str, *, year: SchoolYear, school: School, number: int = 1) -> ExamSession:
    """The year's published final exam of `level` (owned by the body the exam kind names, the school's)."""
    kind = FINAL_EXAM[level]
    owner = OWNER_OF[kind]
    owners = {"school": school if owner == OwningBody.SCHOOL else None,
              "directorate": school.directorate if owner == OwningBody.DIRECTORATE else None,
              "academy": school.directorate.academy if owner == OwningBody.ACADEMY else None}
    session, _created = ExamSession.objects.get_or_create(
        school_year=year, kind=kind, number=number, level=Level.objects.get(code=level), **owners,
        defaults={"state": SessionState.PUBLISHED, "published_at": timezone.now()})
    return session


def exam_result_published(student: Student, decision: Decision, *, number: int = 1) -> ExamResult:
    """The student's published result of their level's final exam this year (`number` 2: the second session)."""
    enrolment = student.enrolments.select_related("school_class__school__directorate__academy",
                                                  "school_class__level").get(
        school_year__is_current=True)
    school_class = enrolment.school_class
    session = final_session(school_class.level.code, year=enrolment.school_year, school=school_class.school,
                            number=number)
    candidate = Candidate.objects.create(session=session, student=student, exam_number=f"N{next(_serial):07d}",
                                         stream=school_class.stream, school=school_class.school,
                                         academy=school_class.school.directorate.academy)
    return ExamResult.objects.create(candidate=candidate, session=session, student=student, decision=decision)


def _officer() -> User:
    return User.objects.filter(role=Role.MINISTRY_OFFICER).first() or make.account(role=Role.MINISTRY_OFFICER)


def orientation_published(student: Student, *, school: School, stream: str, to_level: str,
                          state: str = RunState.PUBLISHED) -> Assignment:
    """The orientation council decided `stream` of `to_level` at `school` for the student, in a run of this
    year's window towards that level (published unless `state` says otherwise)."""
    year = SchoolYear.objects.get(is_current=True)
    level = Level.objects.get(code=to_level)
    officer = _officer()
    from_level = Level.objects.get(order=level.order - 1)
    window, _created = OrientationWindow.objects.get_or_create(
        school_year=year, point=POINT_TO[to_level], from_level=from_level, to_level=level,
        defaults={"opens_at": timezone.now() - datetime.timedelta(days=60),
                  "closes_at": timezone.now() - datetime.timedelta(days=30), "opened_by": officer})
    run, _created = AssignmentRun.objects.get_or_create(
        window=window, state=state, defaults={"seed": 41873, "started_by": officer,
                                              "published_at": timezone.now() if state == RunState.PUBLISHED
                                              else None})
    offer, _created = StreamOffer.objects.get_or_create(school_year=year, school=school,
                                                        stream=Stream.objects.get(level=level, code=stream),
                                                        defaults={"capacity": 40})
    return Assignment.objects.create(run=run, student=student, proposed=offer, decided=offer,
                                     tiebreak=next(_serial))


def students_bulk(*, school: School, school_class: SchoolClass, count: int, start: int) -> list[Student]:
    """`count` students enrolled in `school_class`, written in bulk (codes of letter Z, numbered from `start`)."""
    students = Student.objects.bulk_create([
        Student(massar_code=massar_code_for("Z", start + n), first_name_ar="سلمى", last_name_ar=f"البناني {n}",
                first_name_latin="Salma", last_name_latin=f"Bennani{start + n}",
                birth_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 900),
                birth_place_ar="فاس", birth_place_latin="Fes", gender="F", opened_by=school)
        for n in range(count)], batch_size=1000)
    if students and students[0].pk is None:  # a backend that does not return the new keys
        students = list(Student.objects.filter(opened_by=school, massar_code__in=[s.massar_code for s in students]))
    Enrolment.objects.bulk_create([
        Enrolment(student=s, school_class=school_class, school_year_id=school_class.school_year_id,
                  status=EnrolmentStatus.ACTIVE, enrolled_on=school_class.school_year.starts_on)
        for s in students], batch_size=1000)
    return students


COLLEGE_LEVELS = ("1AC", "2AC")  # levels decided by the class council (3AC ends with its regional exam)


def decided_school(*, students: int, year: SchoolYear, start: int = 1, classes_per_level: int = 10,
                   school: School | None = None) -> School:
    """A collège (`school`, or a new one) of `students` students spread over 1AC and 2AC classes, each with a
    published decision: four in five promoted, the rest repeating (one in forty dismissed). Set-based: a few
    queries per class."""
    school = school or make.school(cycles=("college",))
    school.cycles.add(Cycle.objects.get(code="college"))
    levels = [Level.objects.get(code=code) for code in COLLEGE_LEVELS]
    classes = SchoolClass.objects.bulk_create([
        SchoolClass(school=school, school_year=year, level=level, section=section,
                    code=SchoolClass.build_code(level.code, "", "", section))
        for level in levels for section in range(1, classes_per_level + 1)])
    classes = list(SchoolClass.objects.filter(school=school, school_year=year).order_by("level__order", "section"))
    per_class, extra = divmod(students, len(classes))
    now, made, decisions = timezone.now(), 0, []
    for index, school_class in enumerate(classes):
        size = per_class + (1 if index < extra else 0)
        for n, student in enumerate(students_bulk(school=school, school_class=school_class, count=size,
                                                  start=start + made)):
            outcome = (YearOutcome.DISMISSED if n % 40 == 39 else YearOutcome.REPEATS if n % 5 == 4
                       else YearOutcome.PROMOTED)
            decisions.append(YearDecision(student=student, school_year=year, school_class=school_class,
                                          decision=outcome, proposed=outcome, published_at=now))
        made += size
    YearDecision.objects.bulk_create(decisions, batch_size=1000)
    return school


class RolloverWorld:
    """A directorate with a collège and a lycée in 2025/2026, every student with what decides their next year:

    collège: `promoted` and `repeater` and `dismissed` (1AC-2, council decisions), `oriented_away` (3AC-1,
    admitted at the regional exam, oriented to TC scientifique at the lycée);
    lycée: `oriented_here` (TC S, promoted, oriented to 1BAC SE at the lycée), `continuing` (1BAC L, promoted,
    no orientation: 2BAC Lettres continues it), `graduate` and `failed` (2BAC SP, admitted / not admitted at the
    national exam). Each student has an account and `promoted` a parent with an account."""

    def __init__(self) -> None:
        self.year, self.next_year = rollover_years()
        self.directorate = make.directorate()
        self.college = make.school(directorate_=self.directorate, cycles=("college",))
        self.lycee = make.school(directorate_=self.directorate, cycles=("lycee",))
        self.first_ac = make.school_class(school_=self.college, level="1AC", stream=None, section=2, year=self.year)
        self.third_ac = make.school_class(school_=self.college, level="3AC", stream=None, section=1, year=self.year)
        self.tc = make.school_class(school_=self.lycee, level="TC", stream="S", option="F", year=self.year)
        self.first_bac = make.school_class(school_=self.lycee, level="1BAC", stream="L", option="A", year=self.year)
        self.second_bac = make.school_class(school_=self.lycee, level="2BAC", stream="SP", option="F",
                                            year=self.year)
        names = iter(range(1, 100))

        def pupil(school_class: SchoolClass, name: str) -> Student:
            made = make.student(in_class=school_class, first_name_latin=name, last_name_latin=f"Alaoui{next(names)}")
            make.account(made)
            return made

        self.promoted = pupil(self.first_ac, "Promoted")
        self.repeater = pupil(self.first_ac, "Repeater")
        self.dismissed = pupil(self.first_ac, "Dismissed")
        self.oriented_away = pupil(self.third_ac, "Away")
        self.oriented_here = pupil(self.tc, "Here")
        self.continuing = pupil(self.first_bac, "Continuing")
        self.graduate = pupil(self.second_bac, "Graduate")
        self.failed = pupil(self.second_bac, "Failed")
        self.parent = make.account(make.guardian(children=(self.promoted,)))
        decision_published(self.promoted, YearOutcome.PROMOTED)
        decision_published(self.repeater, YearOutcome.REPEATS)
        decision_published(self.dismissed, YearOutcome.DISMISSED)
        exam_result_published(self.oriented_away, Decision.ADMITTED)
        orientation_published(self.oriented_away, school=self.lycee, stream="S", to_level="TC")
        decision_published(self.oriented_here, YearOutcome.PROMOTED)
        orientation_published(self.oriented_here, school=self.lycee, stream="SE", to_level="1BAC")
        decision_published(self.continuing, YearOutcome.PROMOTED)
        exam_result_published(self.graduate, Decision.ADMITTED)
        exam_result_published(self.failed, Decision.FAILED)
