import pytest
from django.urls import reverse

from massar.accounts.models import User
from massar.staff.models import Position
from massar.students.models import Enrolment, EnrolmentStatus
from massar.testing import factories as make
from massar.testing.rollover import RolloverWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> RolloverWorld:
    return RolloverWorld()


def administrator(school):
    return make.account(make.staff(position=Position.SCHOOL_ADMIN, school_=school))


def officer(directorate):
    return make.account(make.staff(position=Position.DIRECTORATE_OFFICER, directorate_=directorate))


def page_of(school) -> str:
    return reverse("portals:rollover_school", kwargs={"school_code": school.code})


def next_year_enrolments(world) -> int:
    return Enrolment.objects.filter(school_year=world.next_year).count()


def test_the_administration_previews_every_move_then_runs_it_after_confirming(en_client, world):
    en_client.force_login(administrator(world.college))
    assert en_client.get(reverse("portals:rollover_index"))["Location"] == page_of(world.college)
    preview = en_client.get(page_of(world.college)).content.decode()
    for student in (world.promoted, world.repeater, world.dismissed, world.oriented_away):
        assert student.massar_code in preview
    assert "2AC-2" in preview and "TCS-1" in preview and f"school {world.lycee.code}" in preview
    assert "Run the rollover" in preview
    refused = en_client.post(page_of(world.college), follow=True)
    assert "Tick the box" in refused.content.decode() and next_year_enrolments(world) == 0
    done = en_client.post(page_of(world.college), {"confirm": "yes"}, follow=True).content.decode()
    assert "Rollover of" in done and "3 students enrolled" in done
    assert "Running it again changes nothing" in done
    assert next_year_enrolments(world) == 3


def test_a_student_waiting_for_a_decision_is_named_and_the_run_refused(en_client, world):
    waiting = make.student(in_class=world.first_ac, first_name_latin="Waiting", last_name_latin="Tazi")
    en_client.force_login(administrator(world.college))
    preview = en_client.get(page_of(world.college)).content.decode()
    assert "waits for a decision on 1 student" in preview and "Run the rollover" not in preview
    answer = en_client.post(page_of(world.college), {"confirm": "yes"}, follow=True).content.decode()
    assert waiting.massar_code in answer and "TAZI Waiting" in answer
    assert next_year_enrolments(world) == 0


def test_another_school_and_other_roles_see_nothing(en_client, world):
    en_client.force_login(administrator(world.lycee))
    assert en_client.get(page_of(world.college)).status_code == 404
    assert en_client.post(page_of(world.college), {"confirm": "yes"}).status_code == 404
    en_client.force_login(officer(make.directorate()))
    assert en_client.get(page_of(world.college)).status_code == 404
    en_client.force_login(make.account(make.staff(position=Position.TEACHER, school_=world.college)))
    assert en_client.get(page_of(world.college)).status_code == 404
    en_client.force_login(User.objects.get(student=world.promoted))
    assert en_client.get(reverse("portals:rollover_index")).status_code == 404
    assert next_year_enrolments(world) == 0


def test_the_directorate_runs_every_school_in_the_background_and_follows_it(en_client, world):
    waiting = make.student(in_class=world.tc, first_name_latin="Waiting")
    en_client.force_login(officer(world.directorate))
    index = en_client.get(reverse("portals:rollover_index")).content.decode()
    assert world.college.code in index and world.lycee.code in index
    assert en_client.get(page_of(world.lycee)).status_code == 200
    started = en_client.post(reverse("portals:rollover_directorate"), {"confirm": "yes"})
    progress_url = started["Location"]
    progress = en_client.get(progress_url).content.decode()
    assert 'data-state="done"' in progress and "2 / 2" in progress
    assert waiting.massar_code in progress  # the lycée waits, named
    assert Enrolment.objects.get(student=world.promoted, status=EnrolmentStatus.ACTIVE).school_year == world.next_year
    assert Enrolment.objects.get(student=world.graduate).status == EnrolmentStatus.ACTIVE  # lycée unchanged
    en_client.force_login(officer(world.directorate))
    assert en_client.get(progress_url).status_code == 404  # someone else's run


def test_without_next_year_the_pages_say_which_year_to_create(en_client, world):
    world.next_year.delete()
    en_client.force_login(officer(world.directorate))
    for url in (reverse("portals:rollover_index"), page_of(world.college)):
        answer = en_client.get(url)
        assert answer.status_code == 200 and "2026/2027 does not exist yet" in answer.content.decode()
    refused = en_client.post(reverse("portals:rollover_directorate"), {"confirm": "yes"}, follow=True)
    assert "2026/2027 does not exist yet" in refused.content.decode()
    assert not Enrolment.objects.exclude(status=EnrolmentStatus.ACTIVE).exists()


def test_the_preview_reads_in_arabic_with_the_codes_kept_left_to_right(client, world):
    make.student(in_class=world.first_ac, first_name_latin="Waiting")
    client.force_login(administrator(world.college))
    client.cookies["django_language"] = "ar"
    page = client.get(page_of(world.college), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الانتقال إلى السنة المقبلة" in page and "ينتقل" in page
    assert "ينتظر الانتقال قرارا بشأن تلميذ واحد" in page
    assert f'<bdi dir="ltr">{world.promoted.massar_code}</bdi>' in page
    assert '<bdi dir="ltr">1AC-2</bdi> → <bdi dir="ltr">2AC-2</bdi>' in page
