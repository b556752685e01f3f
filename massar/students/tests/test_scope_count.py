"""An officer's "students in your scope" is counted at most every ten minutes: counting an academy costs half a
second of PostgreSQL on every visit of their home page otherwise."""

from django.core.cache import cache

from massar.students.scopes import students_visible_to
from massar.students.selectors import students_in_scope_count


def test_the_count_is_the_scope_s_and_is_reused(world, django_assert_num_queries):
    officer = world.accounts["academy_officer"]
    expected = students_visible_to(officer).count()
    assert expected > 0
    assert students_in_scope_count(actor=officer) == expected
    with django_assert_num_queries(0):
        assert students_in_scope_count(actor=officer) == expected
    cache.clear()  # ten minutes later, or Redis restarted
    with django_assert_num_queries(1):
        assert students_in_scope_count(actor=officer) == expected


def test_each_account_has_its_own_count(world):
    academy = students_in_scope_count(actor=world.accounts["academy_officer"])
    directorate = students_in_scope_count(actor=world.accounts["directorate_officer"])
    ministry = students_in_scope_count(actor=world.accounts["ministry_officer"])
    assert directorate <= academy <= ministry and directorate < ministry
