"""`manage.py seed_national`: a national dataset that is complete, consistent, repeatable and separate from the
demo. Run with 2,000 students, which makes four full schools (two primary, a collège, a lycée)."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.demo.national_curriculum import LEVELS_BY_CYCLE, MAX_CLASS_SIZE, MIN_CLASS_SIZE, class_subjects
from massar.demo.national_territory import NATIONAL_ACADEMY_CODES
from massar.schools.models import Academy, Directorate, School, SchoolClass
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.students.codes import MASSAR_CODE_PATTERN
from massar.students.models import Enrolment, IssuedMassarCode, Student
from massar.testing import factories as make

STUDENTS = 2_000
NATIONAL = {"directorate__academy__code__in": NATIONAL_ACADEMY_CODES}


def seed_national(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_national", students=STUDENTS, stdout=out, **options)
    return out.getvalue()


def national_students():
    return Student.objects.filter(**{f"opened_by__{key}": value for key, value in NATIONAL.items()})


def national_classes():
    return SchoolClass.objects.filter(**{f"school__{key}": value for key, value in NATIONAL.items()})


def people_fingerprint() -> list[tuple]:
    return list(national_students().order_by("id").values_list(
        "first_name_latin", "last_name_ar", "birth_date", "birth_place_latin", "gender", "opened_by__code"))


@pytest.mark.django_db
def test_seed_national_creates_n_students_with_valid_unique_codes_recorded_in_the_ledger():
    output = seed_national()

    codes = list(national_students().values_list("massar_code", flat=True))
    assert len(codes) == STUDENTS
    assert all(MASSAR_CODE_PATTERN.match(code) for code in codes)
    assert len(set(codes)) == STUDENTS
    assert IssuedMassarCode.objects.filter(code__in=codes).count() == STUDENTS
    assert Academy.objects.filter(code__in=NATIONAL_ACADEMY_CODES).values("code_letter").distinct().count() == 12
    assert f"students {STUDENTS:,}/{STUDENTS:,}" in output
    assert "elapsed" in output


@pytest.mark.django_db
def test_every_national_student_has_exactly_one_active_enrolment_in_a_current_year_class():
    seed_national()
    current = SchoolYear.objects.get(is_current=True)

    assert current.semesters.count() == 2
    enrolments = Enrolment.objects.filter(student__in=national_students())
    assert enrolments.count() == STUDENTS
    assert not enrolments.exclude(status="active").exists()
    assert not enrolments.exclude(school_year=current).exists()
    assert not enrolments.exclude(school_class__school_year=current).exists()
    assert not enrolments.exclude(school_class__school=F("student__opened_by")).exists()
    per_student = Counter(enrolments.values_list("student_id", flat=True))
    assert set(per_student.values()) == {1}


@pytest.mark.django_db
def test_every_class_has_30_to_45_students_and_every_school_every_level_of_its_cycle():
    # The plan guarantees 30–45 in every class of a school with at least 30 students per level, which all
    # schools of a 2,000-student dataset are (only a dataset under 180 students has smaller classes).
    seed_national()

    sizes = national_classes().annotate(students=Count("enrolments")).values_list("code", "students")
    assert sizes
    assert all(MIN_CLASS_SIZE <= size <= MAX_CLASS_SIZE for _code, size in sizes), sizes
    schools = School.objects.filter(**NATIONAL).prefetch_related("cycles", "classes__level")
    assert {school.cycles.get().code for school in schools} == {"primary", "college", "lycee"}
    for school in schools:
        taught = {level for cycle in school.cycles.all() for level in LEVELS_BY_CYCLE[cycle.code]}
        assert {school_class.level.code for school_class in school.classes.all()} == taught, school.code
        assert school.code.endswith("N") and school.code >= "50000N"


@pytest.mark.django_db
def test_lycee_classes_have_a_stream_of_their_level_and_a_french_or_arabic_option():
    seed_national()

    lycee = national_classes().filter(level__cycle="lycee").select_related("stream", "level")
    below = national_classes().exclude(level__cycle="lycee")
    assert lycee.exists()
    assert all(c.stream and c.stream.level_id == c.level_id and c.option in {"F", "A"} for c in lycee)
    assert all(c.code == SchoolClass.build_code(c.level.code, c.stream.code, c.option, c.section) for c in lycee)
    assert not below.filter(stream__isnull=False).exists()
    assert not below.exclude(option="").exists()


@pytest.mark.django_db
def test_teachers_are_about_one_per_25_students_and_teach_each_subject_of_each_class_once():
    seed_national()

    teachers = StaffMember.objects.filter(**{f"school__{key}": value for key, value in NATIONAL.items()})
    assert set(teachers.values_list("position", flat=True)) == {Position.TEACHER}
    assert STUDENTS / 30 <= teachers.count() <= STUDENTS / 20
    assignments = TeachingAssignment.objects.filter(school_class__in=national_classes())
    assert not assignments.exclude(teacher__school=F("school_class__school")).exists()
    for school_class in national_classes().select_related("level", "stream"):
        taught = Counter(assignments.filter(school_class=school_class).values_list("subject__code", flat=True))
        stream = school_class.stream.code if school_class.stream else ""
        assert set(taught) == set(class_subjects(school_class.level.code, stream)), school_class.code
        assert set(taught.values()) == {1}


@pytest.mark.django_db
def test_a_second_run_refuses_without_reset_and_changes_nothing():
    seed_national()
    students_before = Student.objects.count()

    with pytest.raises(CommandError, match="--reset"):
        seed_national()

    assert Student.objects.count() == students_before


@pytest.mark.django_db
def test_reset_regenerates_the_same_dataset_with_new_codes_and_leaves_the_demo_data_alone():
    demo_class = make.school_class(level="1BAC", stream="SE", option="F")
    demo_student = make.student(in_class=demo_class)
    demo_teacher = make.staff(school_=demo_class.school)
    make.teach(teacher=demo_teacher, school_class=demo_class)
    seed_national()
    first_codes = set(national_students().values_list("massar_code", flat=True))
    first_people = people_fingerprint()
    counts = {model: model.objects.count() for model in (Academy, Directorate, School, SchoolClass, Student,
                                                         Enrolment, StaffMember, TeachingAssignment)}

    output = seed_national(reset=True)

    assert "deleted the previous national dataset" in output
    assert {model: model.objects.count() for model in counts} == counts
    assert people_fingerprint() == first_people
    second_codes = set(national_students().values_list("massar_code", flat=True))
    assert not first_codes & second_codes, "a Massar code is never issued twice"
    assert IssuedMassarCode.objects.filter(code__in=first_codes | second_codes).count() == 2 * STUDENTS
    demo_student.refresh_from_db()
    assert demo_student.enrolments.get().school_class == demo_class
    assert IssuedMassarCode.objects.filter(code=demo_student.massar_code).exists()
    assert demo_class.assignments.get().teacher == demo_teacher
    assert School.objects.filter(pk=demo_class.school_id, directorate__academy__code__startswith="A").exists()


@pytest.mark.django_db
def test_reset_also_removes_accounts_opened_for_national_students_and_teachers():
    seed_national()
    make.account(national_students().first())
    make.account(StaffMember.objects.filter(**{f"school__{k}": v for k, v in NATIONAL.items()}).first())

    seed_national(reset=True)

    assert national_students().count() == STUDENTS
    assert not User.objects.filter(student__isnull=False).exists()
    assert not User.objects.filter(staff_member__isnull=False).exists()


@pytest.mark.django_db
def test_reset_also_removes_the_grades_a_benchmark_wrote_and_their_results():
    from decimal import Decimal

    from massar.grades.close import semester_close
    from massar.grades.models import GradeSheet, Mark, SemesterResult, SheetResult
    from massar.schools.models import Subject

    seed_national()
    enrolment = Enrolment.objects.filter(school_class__in=national_classes()).select_related("school_class").first()
    school_class = enrolment.school_class
    semester = school_class.school_year.semesters.get(number=1)
    sheet = GradeSheet.objects.create(school_class=school_class, subject=Subject.objects.get(code="MATH"),
                                      semester=semester, tests_count=3)
    Mark.objects.create(sheet=sheet, student=enrolment.student, slot=1, value=Decimal("12.5"))
    semester_close(semester=semester, schools=School.objects.filter(pk=school_class.school_id))
    assert SheetResult.objects.filter(sheet=sheet).exists() and SemesterResult.objects.exists()

    seed_national(reset=True)

    assert not GradeSheet.objects.exists() and not Mark.objects.exists()
    assert not SheetResult.objects.exists() and not SemesterResult.objects.exists()
