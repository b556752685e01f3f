"""A national-scale dataset for benchmarks: 12 academies, up to 82 directorates, schools, classes, pupils,
teachers, in the proportions of the country (~670 pupils per school, classes of 30–45).

`NationalDatasetGenerator` plans the whole dataset in memory (`national_plan`), then writes it in one
transaction with streamed bulk inserts (`national_db`): a million pupils take minutes on PostgreSQL.
Its rows are recognised by their academy codes (`N01`…`N12`): a second run refuses unless asked to reset,
and a reset deletes those rows only, never the demo's.
"""

import datetime
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone

from massar.core.models import SchoolYear, Semester
from massar.schools.models import (
    Academy,
    Directorate,
    Level,
    School,
    SchoolClass,
    Stream,
    Subject,
    SubjectCoefficient,
)
from massar.schools.services import coefficients_seed_year
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.students.codes import massar_code_for
from massar.students.models import Enrolment, EnrolmentStatus, IssuedMassarCode, MassarCodeCounter, Student

from .names import SCHOOL_PATRONS
from .national_db import BulkWriter, national_dataset_delete, writer_for
from .national_people import PeopleMaker
from .national_plan import NationalPlan, build_national_plan
from .national_territory import ACADEMIES, NATIONAL_ACADEMY_CODES, academy_names, directorate_names

MAX_STUDENTS = 10_000_000
SCHOOL_KIND_NAMES: dict[str, tuple[str, str, str]] = {  # cycle: (ar, fr, en) prefixes
    "primary": ("مدرسة", "École primaire", "Primary school"),
    "college": ("الثانوية الإعدادية", "Collège", "Lower secondary school"),
    "lycee": ("الثانوية التأهيلية", "Lycée", "Upper secondary school"),
}


class NationalDatasetExists(Exception):
    """The national academies are already in the database and no reset was asked for."""


class NationalCodeTaken(Exception):
    """A code the national dataset needs is held by a row that is not part of it."""


@dataclass(frozen=True, slots=True)
class NationalSummary:
    academies: int
    directorates: int
    schools: int
    classes: int
    students: int
    teachers: int
    assignments: int
    seconds: float

    def lines(self) -> list[str]:
        counts = [("academies", self.academies), ("directorates", self.directorates), ("schools", self.schools),
                  ("classes", self.classes), ("students", self.students), ("enrolments", self.students),
                  ("teachers", self.teachers), ("teaching assignments", self.assignments)]
        return [f"{name:>21}: {count:,}" for name, count in counts] + [f"{'elapsed':>21}: {self.seconds:.1f} s"]


class MassarCodeBlock:
    """Massar codes of one letter reserved for this run: counter values taken in one UPDATE each.

    Codes already in the ledger (imported from elsewhere) are skipped, exactly as the per-student
    service does, and replaced by further counter values, so every code handed out is new.
    """

    def __init__(self, letter: str, count: int, writer: BulkWriter, using: str) -> None:
        self.letter = letter
        self.ranges: list[range] = []
        self.skipped: set[int] = set()
        counters = MassarCodeCounter.objects.using(using)
        counters.get_or_create(letter=letter)
        needed = count
        while needed:
            # The UPDATE holds the counter row's lock until our transaction ends: no other issuer can
            # draw these values, whether it runs this command or the per-student service.
            counters.filter(letter=letter).update(issued=F("issued") + needed)
            last = counters.values_list("issued", flat=True).get(letter=letter)
            block = range(last - needed + 1, last + 1)
            codes = [massar_code_for(letter, n) for n in block]
            taken = writer.existing_keys(IssuedMassarCode, "code", codes)
            self.skipped.update(n for n, code in zip(block, codes, strict=True) if code in taken)
            self.ranges.append(block)
            needed = len(taken)

    def __iter__(self) -> Iterator[str]:
        for block in self.ranges:
            for n in block:
                if n not in self.skipped:
                    yield massar_code_for(self.letter, n)


class NationalDatasetGenerator:
    """Writes the national dataset for `students` pupils; deterministic for a given `seed`.

    Massar codes depend on the letter counters too (they are never reused), so two runs with the same
    seed give the same people, schools and classes, but not the same codes.
    """

    def __init__(self, *, students: int, seed: int = 1, reset: bool = False, using: str = DEFAULT_DB_ALIAS,
                 progress: Callable[[str], None] | None = None) -> None:
        if not 1 <= students <= MAX_STUDENTS:
            raise ValueError(f"the number of students must be between 1 and {MAX_STUDENTS:,}")
        self.students = students
        self.seed = seed
        self.reset = reset
        self.using = using
        self.progress = progress or (lambda message: None)
        self.started = time.perf_counter()

    def run(self) -> NationalSummary:
        self.started = time.perf_counter()
        plan = build_national_plan(self.students, self.seed)
        self._say(f"planned {len(plan.schools):,} schools, {plan.class_count:,} classes")
        with transaction.atomic(using=self.using):
            self._clear_previous()
            writer = writer_for(self.using)
            self._check_codes_free(plan, writer)
            year = school_year_current(self.using)
            self._seed_coefficients(year)
            school_ids = self._write_territory(plan, writer)
            class_ids = self._write_classes(plan, writer, school_ids, year)
            self._write_students(plan, writer, school_ids, class_ids, year)
            self._write_teachers(plan, writer, school_ids, class_ids)
            self._check_constraints()
            self._analyze()
            self._say("committing")
        return NationalSummary(len(ACADEMIES), len(plan.directorates), len(plan.schools), plan.class_count,
                               plan.students, plan.teacher_count, plan.assignment_count, self._elapsed())

    # --- guards -----------------------------------------------------------------------------

    def _clear_previous(self) -> None:
        if not Academy.objects.using(self.using).filter(code__in=NATIONAL_ACADEMY_CODES).exists():
            return
        if not self.reset:
            raise NationalDatasetExists(
                "A national dataset is already loaded (academies N01–N12). Run again with --reset to delete "
                "it and generate a new one; the demo data is left as it is.")
        deleted = national_dataset_delete(self.using, NATIONAL_ACADEMY_CODES)
        self._say("deleted the previous national dataset: "
                  + ", ".join(f"{count:,} {name}" for name, count in deleted.items()))

    def _check_codes_free(self, plan: NationalPlan, writer: BulkWriter) -> None:
        """Refuse cleanly, before writing, if a code we need is used by a row outside the dataset."""
        for model, codes in ((School, [school.code for school in plan.schools]),
                             (Directorate, [directorate.code for directorate in plan.directorates])):
            taken = writer.existing_keys(model, "code", codes)
            if taken:
                raise NationalCodeTaken(f"{model._meta.verbose_name} codes already used outside the national "
                                        f"dataset: {', '.join(sorted(taken)[:5])}")

    def _seed_coefficients(self, year: SchoolYear) -> None:
        """A year without coefficient tables gets the seeded defaults, as the demo does: grade benchmarks
        on the national dataset need a coefficient for the subjects its classes are taught."""
        if self.using == DEFAULT_DB_ALIAS and not SubjectCoefficient.objects.filter(school_year=year).exists():
            coefficients_seed_year(school_year=year)

    # --- writing ------------------------------------------------------------------------------

    def _write_territory(self, plan: NationalPlan, writer: BulkWriter) -> list[int]:
        academy_ids = writer.allocate_ids(Academy, len(ACADEMIES))
        writer.insert(Academy, ["id", "code", "code_letter", "name_ar", "name_fr", "name_en"], (
            (academy_ids[a], NATIONAL_ACADEMY_CODES[a], seed.letter, *academy_names(seed))
            for a, seed in enumerate(ACADEMIES)))
        directorate_ids = writer.allocate_ids(Directorate, len(plan.directorates))
        writer.insert(Directorate, ["id", "academy", "code", "name_ar", "name_fr", "name_en"], (
            (directorate_ids[d], academy_ids[directorate.academy], directorate.code,
             *directorate_names(directorate.seed))
            for d, directorate in enumerate(plan.directorates)))
        school_ids = writer.allocate_ids(School, len(plan.schools))
        writer.insert(School, ["id", "code", "directorate", "is_public", "name_ar", "name_fr", "name_en"], (
            (school_ids[s], school.code, directorate_ids[school.directorate], True,
             *self._school_names(plan, s)) for s, school in enumerate(plan.schools)))
        writer.insert(School.cycles.through, ["school", "cycle"], (
            (school_ids[s], school.cycle) for s, school in enumerate(plan.schools)))
        self._say(f"schools {len(plan.schools):,} in {len(plan.directorates)} directorates")
        return list(school_ids)

    @staticmethod
    def _school_names(plan: NationalPlan, index: int) -> tuple[str, str, str]:
        school = plan.schools[index]
        patron_latin, patron_ar = SCHOOL_PATRONS[school.patron]
        kind_ar, kind_fr, kind_en = SCHOOL_KIND_NAMES[school.cycle]
        city = plan.directorates[school.directorate].seed
        return (f"{kind_ar} {patron_ar} - {city.city_ar}", f"{kind_fr} {patron_latin} - {city.city_latin}",
                f"{kind_en} {patron_latin} - {city.city_latin}")

    def _write_classes(self, plan: NationalPlan, writer: BulkWriter, school_ids: list[int],
                       year: SchoolYear) -> list[list[int]]:
        """Returns the class ids of each school, in plan order."""
        levels = dict(Level.objects.using(self.using).values_list("code", "id"))
        streams = {(level, code): pk for level, code, pk in
                   Stream.objects.using(self.using).values_list("level__code", "code", "id")}
        ids = iter(writer.allocate_ids(SchoolClass, plan.class_count))
        class_ids = [[next(ids) for _ in school.classes] for school in plan.schools]
        writer.insert(SchoolClass, ["id", "school", "school_year", "level", "stream", "option", "section", "code"], (
            (class_ids[s][c], school_ids[s], year.pk, levels[planned.level],
             streams[planned.level, planned.stream] if planned.stream else None, planned.option,
             planned.section, planned.code)
            for s, school in enumerate(plan.schools) for c, planned in enumerate(school.classes)))
        self._say(f"classes {plan.class_count:,}")
        return class_ids

    def _write_students(self, plan: NationalPlan, writer: BulkWriter, school_ids: list[int],
                        class_ids: list[list[int]], year: SchoolYear) -> None:
        per_academy = plan.students_per_academy()
        blocks = {a: MassarCodeBlock(seed.letter, per_academy[a], writer, self.using)
                  for a, seed in enumerate(ACADEMIES) if per_academy[a]}
        student_ids = writer.allocate_ids(Student, plan.students)
        now = timezone.now()
        fields = ["id", "massar_code", "first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin",
                  "birth_date", "birth_place_ar", "birth_place_latin", "gender", "opened_by", "opened_at"]
        writer.insert(Student, fields, self._student_rows(plan, school_ids, student_ids, blocks, year, now))
        # Sorted, the ledger's primary-key index is appended to instead of updated at random places.
        writer.insert(IssuedMassarCode, ["code", "issued_at"],
                      ((code, now) for code in sorted(code for block in blocks.values() for code in block)))
        self._say(f"Massar codes {plan.students:,} reserved and recorded in the ledger")
        enrolments = (
            (student_id, class_id, year.pk, EnrolmentStatus.ACTIVE.value, year.starts_on, None)
            for student_id, class_id in zip(student_ids, self._class_of_each_student(plan, class_ids), strict=True))
        writer.insert(Enrolment, ["student", "school_class", "school_year", "status", "enrolled_on", "left_on"],
                      enrolments)
        self._say(f"enrolments {plan.students:,}")

    def _student_rows(self, plan: NationalPlan, school_ids: list[int], student_ids: Sequence[int],
                      blocks: dict[int, MassarCodeBlock], year: SchoolYear,
                      now: datetime.datetime) -> Iterator[tuple[object, ...]]:
        people = PeopleMaker(self.seed)
        codes = {academy: iter(block) for academy, block in blocks.items()}
        start_year = year.starts_on.year
        step = max(10_000, plan.students // 10)
        done = 0
        for s, school in enumerate(plan.schools):
            home = plan.directorates[school.directorate].seed
            school_codes = codes[school.academy]
            for planned in school.classes:
                for _ in range(planned.size):
                    gender = people.gender()
                    yield (student_ids[done], next(school_codes), *people.names(gender),
                           people.birth_date(planned.level, school.cycle, start_year), *people.birth_place(home),
                           gender, school_ids[s], now)
                    done += 1
                    if done % step == 0 or done == plan.students:
                        self._say(f"students {done:,}/{plan.students:,}")

    @staticmethod
    def _class_of_each_student(plan: NationalPlan, class_ids: list[list[int]]) -> Iterator[int]:
        """Class id of each student, in the order students were written."""
        for s, school in enumerate(plan.schools):
            for c, planned in enumerate(school.classes):
                for _ in range(planned.size):
                    yield class_ids[s][c]

    def _write_teachers(self, plan: NationalPlan, writer: BulkWriter, school_ids: list[int],
                        class_ids: list[list[int]]) -> None:
        people = PeopleMaker(self.seed + 1_000_003)  # a stream apart from the pupils'
        teacher_ids = iter(writer.allocate_ids(StaffMember, plan.teacher_count))
        teachers: list[tuple[object, ...]] = []
        assignments: list[tuple[int, int, str]] = []
        for s, school in enumerate(plan.schools):
            for pairs in school.teachers:
                teacher_id = next(teacher_ids)
                teachers.append((teacher_id, Position.TEACHER.value, *people.names(people.gender()), "", "",
                                 school_ids[s], None, None))
                assignments += [(teacher_id, class_ids[s][c], subject) for c, subject in pairs]
        writer.insert(StaffMember, ["id", "position", "first_name_ar", "last_name_ar", "first_name_latin",
                                    "last_name_latin", "email", "phone", "school", "directorate", "academy"],
                      teachers)
        subjects = dict(Subject.objects.using(self.using).values_list("code", "id"))
        writer.insert(TeachingAssignment, ["teacher", "school_class", "subject"],
                      ((teacher, school_class, subjects[code]) for teacher, school_class, code in assignments))
        self._say(f"teachers {plan.teacher_count:,}, teaching assignments {len(assignments):,}")

    def _check_constraints(self) -> None:
        """Run the deferred foreign-key checks now rather than inside COMMIT, so the progress shows them."""
        connection = connections[self.using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # Back to Django's default (its foreign keys are INITIALLY DEFERRED) for whatever follows in
                # an enclosing transaction.
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            self._say("foreign keys checked")

    def _analyze(self) -> None:
        """Fresh planner statistics, so the benchmarks that follow get the plans production would."""
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            return
        tables = [model._meta.db_table for model in (School, SchoolClass, Student, Enrolment, IssuedMassarCode,
                                                     StaffMember, TeachingAssignment)]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
        self._say("statistics refreshed")

    # --- progress -------------------------------------------------------------------------------

    def _elapsed(self) -> float:
        return time.perf_counter() - self.started

    def _say(self, message: str) -> None:
        self.progress(f"{message} ({self._elapsed():.1f} s)")


def school_year_current(using: str = DEFAULT_DB_ALIAS, today: datetime.date | None = None) -> SchoolYear:
    """The current school year, created from today's date if none is current (years start on 1 September)."""
    today = today or timezone.localdate()
    years = SchoolYear.objects.using(using)
    year = years.filter(is_current=True).first()
    if year is None:
        start = today.year if today.month >= 9 else today.year - 1
        year, _ = years.get_or_create(label=f"{start}/{start + 1}", defaults={
            "starts_on": datetime.date(start, 9, 1), "ends_on": datetime.date(start + 1, 6, 30),
            "is_current": True})
        if not year.is_current:
            year.is_current = True
            year.save(using=using, update_fields=["is_current"])
    start = year.starts_on.year
    for number, (begin, end) in enumerate([(datetime.date(start, 9, 1), datetime.date(start + 1, 1, 31)),
                                           (datetime.date(start + 1, 2, 1), year.ends_on)], start=1):
        Semester.objects.using(using).get_or_create(school_year=year, number=number,
                                                    defaults={"starts_on": begin, "ends_on": end})
    return year
