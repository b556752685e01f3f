"""The annual average: the two stored semester general averages weighted by the year's rules (default 1:1),
exact; none until both exist, and for a student or a parent none until both are visible to them."""

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from massar.accounts.tokens import api_token_issue
from massar.grades.models import GradeSheet, Mark, SemesterResult, SheetStatus, YearGradeRules
from massar.grades.report_stamps import class_reports_changed
from massar.grades.selectors import annual_average_for, annual_averages_for
from massar.schools.models import Subject, SubjectCoefficient


class Year:
    """class_a with a one-subject curriculum (MATH), a published sheet and a stored result per semester."""

    def __init__(self, world):
        self.world = world
        self.school_class = world.class_a
        self.year = self.school_class.school_year
        self.student = world.student_a
        self.subject = Subject.objects.get(code="MATH")
        SubjectCoefficient.objects.filter(school_year=self.year, level=self.school_class.level,
                                          stream=self.school_class.stream).delete()
        SubjectCoefficient.objects.create(school_year=self.year, level=self.school_class.level,
                                          stream=self.school_class.stream, subject=self.subject,
                                          continuous_coefficient=Decimal(4))
        self.semesters = {s.number: s for s in self.year.semesters.all()}
        self.sheets: dict[int, GradeSheet] = {}

    def publish(self, number: int, *, parents_wait: timedelta = timedelta(0)) -> GradeSheet:
        past = timezone.now() - timedelta(days=1)
        sheet = GradeSheet.objects.create(school_class=self.school_class, subject=self.subject,
                                          semester=self.semesters[number], tests_count=2,
                                          status=SheetStatus.PUBLISHED, published_at=past,
                                          parents_see_from=past + timedelta(days=1) + parents_wait)
        Mark.objects.create(sheet=sheet, student=self.student, slot=1, value=Decimal(12))
        self.sheets[number] = sheet
        return sheet

    def result(self, number: int, general: str | None) -> SemesterResult:
        return SemesterResult.objects.create(
            semester=self.semesters[number], school_class=self.school_class, student=self.student,
            general_average=None if general is None else Decimal(general),
            rank=1 if general else None)

    def both(self, first: str = "12.5", second: str = "15.25", **publish) -> None:
        self.publish(1)
        self.publish(2, **publish)
        self.result(1, first)
        self.result(2, second)
        # Written here as publication and the close write them; like them, say the class's reports changed.
        class_reports_changed(classes=[self.school_class.pk])


@pytest.fixture
def year(world) -> Year:
    return Year(world)


def annual(year: Year, viewer=None):
    return annual_average_for(student=year.student, school_year=year.year, viewer=viewer)


def test_equal_weights_by_default(year):
    year.both("12.5", "15.25")
    assert annual(year) == Fraction(13875, 1000)  # (12.5 + 15.25) / 2, exact


def test_weights_of_the_year_rules(year):
    YearGradeRules.objects.update_or_create(school_year=year.year, defaults={
        "first_semester_weight": Decimal(2), "second_semester_weight": Decimal(1)})
    year.both("12.5", "15.25")
    assert annual(year) == (Fraction("12.5") * 2 + Fraction("15.25")) / 3  # 13.41666…, not rounded


def test_exact_on_twelve_stored_decimals(year):
    year.both("13.333333333333", "14.666666666667")
    assert annual(year) == Fraction("14")


def test_none_when_a_semester_is_missing(year):
    year.publish(1)
    year.result(1, "12.5")
    assert annual(year) is None
    year.result(2, None)  # closed, but no general average yet (a subject missing)
    assert annual(year) is None


def test_a_batch_reads_each_student_as_alone(year, world, django_assert_max_num_queries):
    """Results day and the councils read many students at once: the same figure as one at a time, in two queries
    whatever the number; an unknown or average-less student is None."""
    YearGradeRules.objects.update_or_create(school_year=year.year, defaults={
        "first_semester_weight": Decimal(2), "second_semester_weight": Decimal(1)})
    year.both("12.5", "15.25")
    other = world.student_b
    SemesterResult.objects.create(semester=year.semesters[1], school_class=year.school_class, student=other,
                                  general_average=Decimal("9.75"), rank=2)
    asked = [year.student.pk, other.pk, 10**9]
    with django_assert_max_num_queries(2):
        batch = annual_averages_for(student_ids=asked, school_year=year.year)
    assert batch == {year.student.pk: annual(year), other.pk: None, 10**9: None}
    assert batch[year.student.pk] == (Fraction("12.5") * 2 + Fraction("15.25")) / 3


@pytest.mark.parametrize("weights", [None, (Decimal(2), Decimal(1)), (Decimal("0.35"), Decimal("0.65"))])
def test_the_sql_reading_is_the_batch_reading(world, weights):
    """Results day reads the annual average in SQL (annual_sql.py): for the same stored rows, the same exact
    value as annual_averages_for — both semesters, one, none, a result out of date, any weights."""
    from django.db import connection

    from massar.grades.selectors.annual_sql import annual_averages_sql
    from massar.testing import factories as make

    if connection.vendor != "postgresql":
        pytest.skip("the SQL reading is PostgreSQL's")
    school_year = world.class_a.school_year
    if weights:
        YearGradeRules.objects.update_or_create(school_year=school_year, defaults={
            "first_semester_weight": weights[0], "second_semester_weight": weights[1]})
    semesters = {s.number: s for s in school_year.semesters.all()}
    students = [make.student(in_class=world.class_a, first_name_latin=f"A{n}") for n in range(8)]
    values = ["12.5", "0", "20", "13.333333333333", "9.994999999999", "15.25", None, "7"]
    for index, student in enumerate(students):
        for number in (1, 2):
            if index == 5 and number == 2:
                continue  # one semester only
            SemesterResult.objects.create(
                semester=semesters[number], school_class=world.class_a, student=student,
                general_average=None if values[index] is None else Decimal(values[index]) + number,
                out_of_date_since=timezone.now() if index == 7 and number == 1 else None)
    ids = [s.pk for s in students]
    with connection.cursor() as cursor:
        cursor.execute(annual_averages_sql(students="SELECT unnest(%(ids)s::bigint[])"),
                       {"year": school_year.pk, "ids": ids})
        in_sql = {student: Fraction(numerator) / Fraction(denominator) for student, numerator, denominator in cursor}
    expected = annual_averages_for(student_ids=ids, school_year=school_year)
    assert {pk: in_sql.get(pk) for pk in ids} == expected
    assert sum(value is not None for value in expected.values()) == 5


def test_student_sees_it_a_parent_only_after_the_delay(year, world):
    year.both("12.5", "15.25", parents_wait=timedelta(days=3))
    assert annual(year, world.accounts["student"]) == Fraction(13875, 1000)
    assert annual(year, world.accounts["parent"]) is None
    GradeSheet.objects.filter(pk=year.sheets[2].pk).update(parents_see_from=timezone.now() - timedelta(minutes=1))
    assert annual(year, world.accounts["parent"]) == Fraction(13875, 1000)


def test_none_for_a_student_while_a_subject_is_unpublished(year, world):
    year.both()
    GradeSheet.objects.filter(pk=year.sheets[1].pk).update(status=SheetStatus.VALIDATED)
    assert annual(year, world.accounts["student"]) is None
    assert annual(year) is not None  # staff reads of the stored results are not affected


# --- Where it shows: the API and the pages ----------------------------------------------------------------


def bearer(user) -> dict:
    _, token = api_token_issue(user=user, name="test")
    return {"authorization": f"Bearer {token}", "accept-language": "en"}


def test_api_answers_the_annual_average_as_two_decimals(client, year, world):
    period = {"year": year.year.label, "semester": 1}
    before = client.get("/api/v1/me/grades", period, headers=bearer(world.accounts["student"])).json()
    assert before["annual_average"] is None
    year.both("12.5", "15.25", parents_wait=timedelta(days=3))
    body = client.get("/api/v1/me/grades", period, headers=bearer(world.accounts["student"])).json()
    assert body["annual_average"] == "13.88"  # 13.875 rounded half up
    child = client.get(f"/api/v1/children/{year.student.massar_code}/grades", period,
                       headers=bearer(world.accounts["parent"])).json()
    assert child["annual_average"] is None  # the parent still waits for semester 2


def test_api_documents_the_field(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["GradesOut"]
    assert "annual_average" in schema["properties"]


def test_student_and_parent_pages_show_it(en_client, year, world):
    en_client.force_login(world.accounts["student"])
    page = en_client.get(reverse("portals:grades_mine")).content.decode()
    assert "Annual average" in page and "not yet available" in page
    year.both("12.5", "15.25", parents_wait=timedelta(days=3))
    page = en_client.get(reverse("portals:grades_mine")).content.decode()
    annual_line = page[page.index('class="general annual"'):].split("</p>")[0]
    assert "13,88/20" in annual_line or "13.88/20" in annual_line
    en_client.force_login(world.accounts["parent"])
    for url in (reverse("portals:grades_children"), reverse("portals:grades_child", args=[year.student.massar_code])):
        page = en_client.get(url).content.decode()
        annual_line = page[page.index('class="general annual"'):].split("</p>")[0]
        assert "not yet available" in annual_line and "13" not in annual_line
