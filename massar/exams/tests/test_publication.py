"""Publishing a session: every candidate's result computed and stored at once, with its explanation."""

from decimal import Decimal

import pytest

from massar.core.errors import Invalid, Refused
from massar.exams.models import Candidate, ExamKind, ExamResult, SessionState
from massar.exams.publication import session_publish
from massar.exams.selectors import results_db, student_results
from massar.exams.services import exam_session_open
from massar.testing import factories as make
from massar.testing.exams import NATIONAL_SP

pytestmark = pytest.mark.django_db


def test_the_bac_mark_combines_continuous_assessment_regional_and_national(bac, world):
    bac.regional_done()  # 12.00
    bac.continuous(world.student_a, "14", "15")  # annual 14.50
    bac.mark(bac.national, world.student_a, NATIONAL_SP)  # 13.25
    bac.publish(bac.national)
    result = ExamResult.objects.get(session=bac.national, student=world.student_a)
    # 0.25 × 14.5 + 0.25 × 12 + 0.5 × 13.25 = 13.25
    assert (result.mark, result.decision, result.mention) == (Decimal("13.25"), "admitted", "fairly_good")
    parts = {part["component"]: part for part in result.explanation["components"]}
    assert parts["continuous"]["value"] == "14.50" and parts["continuous"]["weight"] == "0.25"
    assert parts["regional"]["source"]["school_year"] == "2024/2025"
    assert parts["regional"]["value"] == "12.00" and parts["national"]["value"] == "13.25"
    assert {s["subject"]: s["coefficient"] for s in parts["national"]["subjects"]} == {
        "EN": "2.00", "MATH": "7.00", "PC": "7.00", "PHILO": "2.00", "SVT": "5.00"}


def test_exam_marks_are_coefficient_weighted(bac, world):
    bac.regional_done({"AR": "10", "FR": "16", "EI": "10", "HG": "10"})  # (20 + 64 + 20 + 20) / 10 = 12.4
    bac.continuous(world.student_a, "10", "10")
    bac.mark(bac.national, world.student_a, {"MATH": "20", "PC": "0", "SVT": "10", "PHILO": "10", "EN": "10"})
    bac.publish(bac.national)
    result = ExamResult.objects.get(session=bac.national, student=world.student_a)
    parts = {part["component"]: part for part in result.explanation["components"]}
    assert parts["regional"]["value"] == "12.40"
    assert parts["national"]["value"] == "10.00"  # (140 + 0 + 50 + 20 + 20) / 23 = 10
    assert result.mark == Decimal("10.60")  # 2.5 + 3.1 + 5


def test_a_missing_component_is_said_and_gives_no_mark(bac, world):
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, {**NATIONAL_SP, "PC": None})
    bac.publish(bac.national)
    result = ExamResult.objects.get(session=bac.national, student=world.student_a)
    assert (result.mark, result.decision) == (None, "")
    assert result.explanation["missing"] == ["regional", "national"]
    national = next(p for p in result.explanation["components"] if p["component"] == "national")
    assert national["missing_subjects"] == ["PC"]


def test_nothing_is_readable_before_publication_and_everything_after(bac, world,
                                                                     django_capture_on_commit_callbacks):
    bac.regional_done()
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    assert [r["kind"] for r in student_results(student=world.student_a)] == [ExamKind.BAC_REGIONAL]
    bac.lock(bac.national)
    assert [r["kind"] for r in results_db(student=world.student_a)] == [ExamKind.BAC_REGIONAL]
    with django_capture_on_commit_callbacks(execute=True):  # the publication forgets the cached results
        bac.publish(bac.national)
    assert [r["kind"] for r in student_results(student=world.student_a)] == [ExamKind.BAC_NATIONAL,
                                                                            ExamKind.BAC_REGIONAL]
    assert student_results(student=world.student_a) == results_db(student=world.student_a)


def test_publishing_needs_locked_marks_and_the_owner(bac, world):
    with pytest.raises(Invalid) as unlocked:
        session_publish(session=bac.national, actor=bac.ministry)
    assert unlocked.value.code == "wrong_state"
    bac.lock(bac.national)
    with pytest.raises(Refused) as foreign:
        session_publish(session=bac.national, actor=world.accounts["academy_officer"])
    assert foreign.value.code == "not_yours"
    bac.national.refresh_from_db()
    assert bac.national.state == SessionState.LOCKED and not ExamResult.objects.filter(session=bac.national).exists()


def test_a_failed_publication_leaves_nothing(bac, world, monkeypatch):
    bac.lock(bac.national)
    from massar.exams.models import ExamSession

    original = ExamSession.save

    def broken(self, *args, **kwargs):  # every result is written, then marking the session published fails
        if "published_at" in (kwargs.get("update_fields") or ()):
            assert ExamResult.objects.filter(session=self).count() == Candidate.objects.filter(session=self).count()
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ExamSession, "save", broken)
    with pytest.raises(RuntimeError):
        session_publish(session=bac.national, actor=bac.ministry)
    bac.national.refresh_from_db()
    assert bac.national.state == SessionState.LOCKED and not ExamResult.objects.exists()


def test_second_session_takes_the_better_mark_of_each_resat_subject(bac, world):
    bac.regional_done({"AR": "8", "FR": "8", "EI": "8", "HG": "8"})
    bac.continuous(world.student_a, "8", "8")
    bac.mark(bac.national, world.student_a, {"MATH": "6", "PC": "8", "SVT": "10", "PHILO": "10", "EN": "10"})
    bac.publish(bac.national)
    first = ExamResult.objects.get(session=bac.national, student=world.student_a)
    assert first.decision == "second_session"  # 2 + 2 + 0.5 × 188 / 23 = 8.09
    second = bac.second_session({"MATH": "16", "PC": "5"})
    result = ExamResult.objects.get(session=second, student=world.student_a)
    national = next(p for p in result.explanation["components"] if p["component"] == "national")
    by_subject = {s["subject"]: s for s in national["subjects"]}
    assert by_subject["MATH"]["replaced"] and by_subject["MATH"]["first_session_mark"] == "6.00"
    assert by_subject["MATH"]["mark"] == "16.00"
    assert not by_subject["PC"]["replaced"] and by_subject["PC"]["mark"] == "8.00"
    # national = (7 × 16 + 7 × 8 + 5 × 10 + 2 × 10 + 2 × 10) / 23 = 258 / 23; 4 + 0.5 × 11.2173… = 9.61
    assert result.mark == Decimal("9.61") and result.decision == "failed"  # no third session
    assert result.explanation["second_session"] is True


def test_free_candidates_count_regional_and_national_only(bac, world):
    from massar.exams.services import free_candidate_register
    from massar.schools.models import Stream

    free = make.student(school_=world.school, first_name_latin="Free")
    regional_now = exam_session_open(school_year=bac.year, kind=ExamKind.BAC_REGIONAL, academy=world.academy)
    free_candidate_register(session=regional_now, student=free, stream=Stream.objects.get(level__code="1BAC", code="SE"),
                            academy=world.academy, actor=bac.academy)
    free_candidate_register(session=bac.national, student=free, stream=Stream.objects.get(level__code="2BAC", code="SP"),
                            academy=world.academy, actor=bac.academy)
    bac.mark(regional_now, free, {"AR": "9", "FR": "9", "EI": "9", "HG": "9"})
    bac.publish(regional_now)
    bac.mark(bac.national, free, {code: "11.99" for code in NATIONAL_SP})
    bac.publish(bac.national)
    result = ExamResult.objects.get(session=bac.national, student=free)
    assert (result.mark, result.decision, result.mention) == (Decimal("10.50"), "admitted", "passable")
    assert [p["component"] for p in result.explanation["components"]] == ["regional", "national"]


def test_publication_tells_candidates_and_parents(bac, world, django_capture_on_commit_callbacks):
    world.accounts["student"].email = "student@example.ma"
    world.accounts["student"].save()
    world.accounts["parent"].email = "parent@example.ma"
    world.accounts["parent"].save()
    bac.lock(bac.national)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=bac.national, actor=bac.ministry)
    from massar.notifications.models import Notification

    told = Notification.objects.filter(kind="results_published")
    # The student about their result; the parent about each of their children who sat it; nobody else.
    assert sorted(set(told.values_list("recipient__email", flat=True))) == ["parent@example.ma", "student@example.ma"]
    assert told.filter(recipient=world.accounts["student"]).get().student == world.student_a


def test_a_session_names_the_body_that_owns_its_exam(bac, world):
    from django.core.exceptions import ValidationError

    from massar.exams.models import ExamSession
    from massar.schools.models import Level

    national_by_an_academy = ExamSession(school_year=bac.year, kind=ExamKind.BAC_NATIONAL, academy=world.academy,
                                         level=Level.objects.get(code="2BAC"))
    with pytest.raises(ValidationError):
        national_by_an_academy.full_clean()
    wrong_level = ExamSession(school_year=bac.year, kind=ExamKind.BAC_REGIONAL, academy=world.academy,
                              level=Level.objects.get(code="2BAC"))
    with pytest.raises(ValidationError):
        wrong_level.full_clean()
    bac.regional.full_clean()
    bac.national.full_clean()
