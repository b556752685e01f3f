"""End-of-year decisions of the levels without a certifying exam: proposed from the annual average and the
year's thresholds, changed with a reason (recorded), published, then seen by students and parents."""

from decimal import Decimal

import pytest
from django.urls import reverse

from massar.core.errors import Invalid, NotFound
from massar.exams.decisions import year_decision_change, year_decisions_propose, year_decisions_publish
from massar.exams.models import PromotionRules, YearDecision, YearDecisionChange
from massar.exams.scopes import year_decisions_visible_to
from massar.grades.models import SemesterResult
from massar.testing import factories as make


@pytest.fixture
def council(world):
    """A 1BAC class of the world's school with three students whose annual averages are 12, 9.995 and 7."""
    school_class = make.school_class(school_=world.school, level="1BAC", stream="SE", section=3)
    students = [make.student(in_class=school_class, first_name_latin=name) for name in ("Amal", "Badr", "Chama")]
    year = school_class.school_year
    for student, average in zip(students, ("12", "9.995", "7"), strict=True):
        for number in (1, 2):
            SemesterResult.objects.create(semester=year.semesters.get(number=number), school_class=school_class,
                                          student=student, general_average=Decimal(average))
    return school_class, students


def by_student(rows):
    return {row.student.first_name_latin: row for row in rows}


def test_proposals_follow_the_shown_annual_average_and_the_years_thresholds(world, council):
    school_class, _students = council
    admin = world.accounts["school_admin"]
    rows = by_student(year_decisions_propose(school_class=school_class, actor=admin))
    assert {name: (str(r.annual_average), r.proposed) for name, r in rows.items()} == {
        "Amal": ("12.00", "promoted"), "Badr": ("10.00", "promoted"), "Chama": ("7.00", "repeats")}
    PromotionRules.objects.filter(school_year=school_class.school_year, level=school_class.level).update(
        promoted_from=Decimal(11), dismissed_below=Decimal(8))
    rows = by_student(year_decisions_propose(school_class=school_class, actor=admin))
    assert [rows[n].proposed for n in ("Amal", "Badr", "Chama")] == ["promoted", "repeats", "dismissed"]


def test_a_change_needs_a_reason_and_is_recorded(world, council):
    school_class, _students = council
    admin = world.accounts["school_admin"]
    rows = by_student(year_decisions_propose(school_class=school_class, actor=admin))
    with pytest.raises(Invalid):
        year_decision_change(decision=rows["Chama"], outcome="promoted", reason=" ", remark="", actor=admin)
    year_decision_change(decision=rows["Chama"], outcome="promoted", reason="Illness in the second semester",
                         remark="Encouragements", actor=admin)
    change = YearDecisionChange.objects.get()
    assert (change.old, change.new, change.actor) == ("repeats", "promoted", admin)
    # Proposing again keeps what the council decided.
    again = by_student(year_decisions_propose(school_class=school_class, actor=admin))
    assert (again["Chama"].proposed, again["Chama"].decision) == ("repeats", "promoted")


def test_nothing_is_seen_before_publication(world, council):
    school_class, students = council
    admin = world.accounts["school_admin"]
    year_decisions_propose(school_class=school_class, actor=admin)
    student = make.account(students[0])
    assert not year_decisions_visible_to(student).exists()
    assert year_decisions_publish(school_class=school_class, actor=admin) == 3
    assert list(year_decisions_visible_to(student).values_list("decision", flat=True)) == ["promoted"]
    with pytest.raises(Invalid):
        year_decision_change(decision=YearDecision.objects.first(), outcome="repeats", reason="x", remark="",
                             actor=admin)


def test_only_the_schools_administration_and_not_for_certifying_levels(world, council):
    school_class, _students = council
    with pytest.raises(NotFound):
        year_decisions_propose(school_class=school_class, actor=world.accounts["academy_officer"])
    with pytest.raises(Invalid):
        year_decisions_propose(school_class=world.class_a, actor=world.accounts["school_admin"])  # 2BAC


def test_the_council_page_and_the_students_page(en_client, world, council):
    school_class, students = council
    en_client.force_login(world.accounts["school_admin"])
    url = reverse("portals:council_decisions", args=[school_class.pk])
    en_client.post(url, {"action": "propose"})
    row = YearDecision.objects.get(student=students[2])
    refused = en_client.post(url, {"action": "change", "decision": row.pk, "outcome": "promoted", "reason": "",
                                   "remark": ""}, follow=True)
    assert "Say why the council changes this decision." in refused.content.decode()
    en_client.post(url, {"action": "change", "decision": row.pk, "outcome": "promoted", "reason": "Illness",
                         "remark": "Keep it up"})
    en_client.post(url, {"action": "publish"})
    en_client.force_login(make.account(students[2]))
    html = en_client.get(reverse("portals:results_mine")).content.decode()
    assert "End-of-year decision" in html and "Promoted" in html and "Keep it up" in html
