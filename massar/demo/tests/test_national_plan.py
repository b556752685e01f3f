"""The national plan's sizing rules, checked without a database: they are what the seed's tests rely on."""

import random

import pytest

from massar.demo import national_curriculum as curriculum
from massar.demo.national_plan import (
    build_national_plan,
    class_sizes,
    classes_per_level,
    cycle_school_counts,
    largest_remainder,
    min_school_size,
)


def test_largest_remainder_splits_the_total_exactly_and_proportionally():
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert largest_remainder(7, [0.5, 0.25, 0.25]) == [3, 2, 2]  # quotas 3.5, 1.75, 1.75
    assert largest_remainder(0, [1, 2]) == [0, 0]


@pytest.mark.parametrize("cycle", ["primary", "college", "lycee"])
def test_a_school_with_30_students_per_level_gets_classes_of_30_to_45_at_every_level(cycle):
    levels = curriculum.LEVELS_BY_CYCLE[cycle]
    rng = random.Random(1)
    for size in range(min_school_size(cycle), 2_500):
        counts = classes_per_level(size, levels)
        sizes = class_sizes(size, sum(counts), rng)
        assert min(counts) >= 1
        assert sum(sizes) == size
        assert min(sizes) >= curriculum.MIN_CLASS_SIZE and max(sizes) <= curriculum.MAX_CLASS_SIZE, size


def test_a_dataset_too_small_for_one_full_school_is_one_primary_school_with_one_class_per_level():
    plan = build_national_plan(100, seed=1)

    assert [(school.cycle, school.size) for school in plan.schools] == [("primary", 100)]
    assert [c.level for c in plan.schools[0].classes] == list(curriculum.LEVELS_BY_CYCLE["primary"])


def test_small_cycles_hand_their_students_to_the_largest_cycle():
    assert cycle_school_counts(400) == {"primary": (300, 1), "college": (100, 1)}


def test_a_million_students_look_like_the_country():
    plan = build_national_plan(1_000_000, seed=1)

    assert len(plan.directorates) == 82
    assert sum(plan.students_per_academy()) == 1_000_000
    assert min(plan.students_per_academy()) > 0
    assert 600 <= 1_000_000 / len(plan.schools) <= 750
    assert 30 <= 1_000_000 / plan.class_count <= 45
    assert plan.teacher_count == pytest.approx(1_000_000 / curriculum.PUPILS_PER_TEACHER, rel=0.05)
    assert len({school.code for school in plan.schools}) == len(plan.schools)


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    def shape(seed):
        return [(s.code, s.cycle, s.size, [(c.code, c.size) for c in s.classes])
                for s in build_national_plan(5_000, seed).schools]

    assert shape(1) == shape(1)
    assert shape(1) != shape(2)
