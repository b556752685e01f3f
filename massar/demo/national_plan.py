"""The shape of the national dataset, decided in memory before anything is written.

Planning first (academies → directorates → schools → classes → teachers, with sizes) and writing second keeps
the database work to a few streamed bulk inserts, and lets the sizing rules be tested without a database.

Sizing rules, which the tests rely on:
- the pupils of a cycle are shared between schools of that cycle, each school getting at least
  `MIN_CLASS_SIZE` pupils per level it teaches, so that it can have one full class at every level;
- a school of T pupils gets K classes with 30 ≤ T / K ≤ 45, at least one per level, so every class has
  between 30 and 45 pupils. Only when the whole dataset is too small for even one such school (fewer pupils
  than 30 per primary level) is there a single school with smaller classes.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import national_curriculum as curriculum
from .names import SCHOOL_PATRONS
from .national_territory import ACADEMIES, NATIONAL_ACADEMY_CODES, DirectorateSeed

SCHOOL_CODE_LETTER = "N"
FIRST_SCHOOL_NUMBER = 50_000
MAX_SCHOOLS = 100_000 - FIRST_SCHOOL_NUMBER


@dataclass(slots=True)
class ClassPlan:
    level: str
    stream: str  # "" below the lycée
    option: str  # "F", "A" or ""
    section: int
    size: int

    @property
    def code(self) -> str:
        return f"{self.level}{self.stream}{self.option}-{self.section}"


@dataclass(slots=True)
class SchoolPlan:
    code: str
    cycle: str
    academy: int  # index in ACADEMIES
    directorate: int  # index in NationalPlan.directorates
    patron: int  # index in national_names.SCHOOL_PATRONS
    size: int
    classes: list[ClassPlan] = field(default_factory=list)
    # One list per teacher: the (class index in `classes`, subject code) pairs they teach.
    teachers: list[list[tuple[int, str]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DirectoratePlan:
    academy: int
    number: int
    seed: DirectorateSeed

    @property
    def code(self) -> str:
        return f"{NATIONAL_ACADEMY_CODES[self.academy]}-{self.number:02d}"


@dataclass(slots=True)
class NationalPlan:
    students: int
    directorates: list[DirectoratePlan]
    schools: list[SchoolPlan]

    @property
    def class_count(self) -> int:
        return sum(len(school.classes) for school in self.schools)

    @property
    def teacher_count(self) -> int:
        return sum(len(school.teachers) for school in self.schools)

    @property
    def assignment_count(self) -> int:
        return sum(len(pairs) for school in self.schools for pairs in school.teachers)

    def students_per_academy(self) -> list[int]:
        totals = [0] * len(ACADEMIES)
        for school in self.schools:
            totals[school.academy] += school.size
        return totals


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (Hamilton's method; ties go to the first)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    shares = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - quotas[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def min_school_size(cycle: str) -> int:
    return curriculum.MIN_CLASS_SIZE * len(curriculum.LEVELS_BY_CYCLE[cycle])


def cycle_school_counts(students: int) -> dict[str, tuple[int, int]]:
    """{cycle: (pupils, schools)}. A cycle too small for one full school hands its pupils to the largest."""
    pupils = dict(zip(curriculum.CYCLE_SHARES,
                      largest_remainder(students, list(curriculum.CYCLE_SHARES.values())), strict=True))

    def schools_for(cycle: str) -> int:
        wanted = max(1, round(pupils[cycle] / curriculum.TYPICAL_SCHOOL_SIZE[cycle]))
        return min(wanted, pupils[cycle] // min_school_size(cycle))

    counts = {cycle: schools_for(cycle) for cycle in pupils}
    viable = [cycle for cycle in pupils if counts[cycle]]
    if not viable:  # fewer pupils than one full school: one undersized primary school
        return {"primary": (students, 1)}
    receiver = max(viable, key=lambda cycle: pupils[cycle])
    for cycle in list(pupils):
        if not counts[cycle] and cycle != receiver:
            pupils[receiver] += pupils.pop(cycle)
    return {cycle: (pupils[cycle], schools_for(cycle)) for cycle in pupils}


def class_sizes(total: int, count: int, rng: random.Random) -> list[int]:
    """`count` class sizes adding up to `total`, varied but kept within 30–45 when the average allows it."""
    base, extra = divmod(total, count)
    sizes = [base + 1] * extra + [base] * (count - extra)
    low, high = curriculum.MIN_CLASS_SIZE, curriculum.MAX_CLASS_SIZE
    if low * count <= total <= high * count:
        for _ in range(count):
            i, j, moved = rng.randrange(count), rng.randrange(count), rng.randint(1, 4)
            if i != j and sizes[i] - moved >= low and sizes[j] + moved <= high:
                sizes[i] -= moved
                sizes[j] += moved
    return sizes


def classes_per_level(total: int, levels: Sequence[str]) -> list[int]:
    """How many classes each level gets: K with 30 ≤ total / K ≤ 45 when possible, at least one per level."""
    wanted = round(total / curriculum.TARGET_CLASS_SIZE)
    fewest = math.ceil(total / curriculum.MAX_CLASS_SIZE)
    most = total // curriculum.MIN_CLASS_SIZE
    count = max(min(max(wanted, fewest), most), len(levels))
    extra = largest_remainder(count - len(levels), [curriculum.LEVEL_WEIGHTS[level] for level in levels])
    return [1 + n for n in extra]


def level_classes(level: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(stream, option) of each class of a level. Each lycée offers its own mix of the national tracks."""
    tracks = curriculum.TRACKS.get(level)
    if not tracks:
        return [("", "")] * count
    weights = [track.weight * rng.uniform(0.5, 1.5) for track in tracks]
    return [(track.stream, track.option)
            for track, n in zip(tracks, largest_remainder(count, weights), strict=True) for _ in range(n)]


def plan_school_classes(school: SchoolPlan, rng: random.Random) -> None:
    levels = curriculum.LEVELS_BY_CYCLE[school.cycle]
    counts = classes_per_level(school.size, levels)
    sizes = iter(class_sizes(school.size, sum(counts), rng))
    for level, count in zip(levels, counts, strict=True):
        sections: dict[tuple[str, str], int] = {}
        for stream, option in level_classes(level, count, rng):
            sections[stream, option] = sections.get((stream, option), 0) + 1
            school.classes.append(ClassPlan(level, stream, option, sections[stream, option], next(sizes)))


def plan_school_teachers(school: SchoolPlan) -> None:
    """Teachers are subject specialists, as many as the school's pupils warrant (one per 25 pupils).

    Each subject gets teachers in proportion to its weekly hours, never more than it has classes; when a
    small school has fewer teachers than subjects, the least-loaded teacher also takes the extra subjects.
    """
    wanted = max(1, round(school.size / curriculum.PUPILS_PER_TEACHER))
    demand: dict[str, list[int]] = {}
    hours: dict[str, int] = {}
    for index, planned in enumerate(school.classes):
        for subject, weekly in curriculum.class_subjects(planned.level, planned.stream).items():
            demand.setdefault(subject, []).append(index)
            hours[subject] = hours.get(subject, 0) + weekly
    subjects = sorted(demand, key=lambda subject: (-hours[subject], subject))
    staffed, unstaffed = subjects[:wanted], subjects[wanted:]
    teachers_of = dict.fromkeys(staffed, 1)
    for _ in range(wanted - len(staffed)):
        open_subjects = [s for s in staffed if teachers_of[s] < len(demand[s])]
        if not open_subjects:
            break
        busiest = max(open_subjects, key=lambda s: (hours[s] / teachers_of[s], -subjects.index(s)))
        teachers_of[busiest] += 1
    load: list[int] = []
    for subject in staffed:
        classes, n = demand[subject], teachers_of[subject]
        for k in range(n):
            chunk = classes[k * len(classes) // n:(k + 1) * len(classes) // n]
            school.teachers.append([(index, subject) for index in chunk])
            load.append(hours[subject] * len(chunk) // len(classes))
    for subject in unstaffed:
        lightest = min(range(len(load)), key=lambda t: (load[t], t))
        school.teachers[lightest].extend((index, subject) for index in demand[subject])
        load[lightest] += hours[subject]


def _school_slots(cycle: str, schools: int, pupils: int, rng: random.Random) -> list[tuple[int, int]]:
    """(academy, size) of each school of a cycle: academies by weight, sizes varied around the average."""
    academy_counts = largest_remainder(schools, [academy.weight for academy in ACADEMIES])
    floor_size = min(min_school_size(cycle), pupils // schools)  # smaller only in the undersized fallback
    spread = largest_remainder(pupils - floor_size * schools, [rng.uniform(0.3, 1.7) for _ in range(schools)])
    academies = [a for a, n in enumerate(academy_counts) for _ in range(n)]
    return [(academy, floor_size + more) for academy, more in zip(academies, spread, strict=True)]


def build_national_plan(students: int, seed: int) -> NationalPlan:
    """The whole dataset's shape for `students` pupils; the same arguments always give the same plan."""
    rng = random.Random(f"massar-national-plan:{seed}")  # noqa: S311 - reproducible, not secret
    by_academy: list[list[SchoolPlan]] = [[] for _ in ACADEMIES]
    for cycle, (pupils, school_count) in cycle_school_counts(students).items():
        for academy, size in _school_slots(cycle, school_count, pupils, rng):
            by_academy[academy].append(SchoolPlan("", cycle, academy, -1, rng.randrange(len(SCHOOL_PATRONS)), size))
    directorates: list[DirectoratePlan] = []
    schools_in_order: list[SchoolPlan] = []
    for academy, (seed_academy, schools) in enumerate(zip(ACADEMIES, by_academy, strict=True)):
        count = max(1, min(len(seed_academy.directorates), len(schools)))
        first = len(directorates)
        directorates += [DirectoratePlan(academy, n + 1, seed_academy.directorates[n]) for n in range(count)]
        for index, school in enumerate(schools):
            school.directorate = first + index % count
        schools_in_order += sorted(schools, key=lambda school: school.directorate)
    if len(schools_in_order) > MAX_SCHOOLS:
        raise ValueError(f"{len(schools_in_order)} schools do not fit in the national school code range")
    for number, school in enumerate(schools_in_order):
        school.code = f"{FIRST_SCHOOL_NUMBER + number:05d}{SCHOOL_CODE_LETTER}"
        plan_school_classes(school, rng)
        plan_school_teachers(school)
    return NationalPlan(students, directorates, schools_in_order)
