"""The exam pages: the simulator (public and the student's), results in the student and parent spaces, and the
owning body's marking grid (anonymous), candidate list (after the lock) and publication."""

import pytest
from django.urls import reverse

from massar.exams.models import Copy, ExamResult, SessionState
from massar.testing.exams import NATIONAL_SP, Bac


@pytest.fixture
def bac(world):
    return Bac(world)


def published(bac, world, capture):
    bac.national_published(capture)


@pytest.mark.django_db
def test_the_public_simulator_needs_no_sign_in(en_client):
    page = en_client.get(reverse("portals:simulator_public"),
                         {"continuous_assessment": "14,50", "regional": "12", "national": "13.25"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "13.25/20" in html and "Admitted" in html and "Fairly good" in html
    wrong = en_client.get(reverse("portals:simulator_public"),
                          {"continuous_assessment": "21", "regional": "12", "national": "13"}).content.decode()
    assert "Continuous assessment: A mark is between 0 and 20" in wrong and 'aria-invalid="true"' in wrong
    needed = en_client.get(reverse("portals:simulator_public"),
                           {"continuous_assessment": "14.50", "regional": "12"}).content.decode()
    assert "6.74/20" in needed


def test_the_students_simulator_takes_their_own_regional_mark(en_client, bac, world):
    bac.regional_done()
    en_client.force_login(world.accounts["student"])
    html = en_client.get(reverse("portals:simulator_mine")).content.decode()
    assert 'name="regional" inputmode="decimal" dir="ltr" value="12.00"' in html


def test_results_appear_in_the_student_and_parent_spaces_only_once_published(
        en_client, bac, world, django_capture_on_commit_callbacks):
    en_client.force_login(world.accounts["student"])
    bac.continuous(world.student_a, "14", "15")
    bac.mark(bac.national, world.student_a, NATIONAL_SP)
    bac.lock(bac.national)
    assert "General mark" not in en_client.get(reverse("portals:results_mine")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        bac.publish(bac.national)
    html = en_client.get(reverse("portals:results_mine")).content.decode()
    assert "2BAC national exam" in html and "Continuous assessment" in html
    assert "Regional exam" in html and "missing" in html  # no regional exam sat: said, and no mark
    en_client.force_login(world.accounts["parent"])
    child = en_client.get(reverse("portals:results_child", args=[world.student_a.massar_code])).content.decode()
    assert "2BAC national exam" in child
    assert en_client.get(reverse("portals:results_child", args=[world.far_student.massar_code])).status_code == 404


def test_a_published_result_explains_itself(en_client, bac, world, django_capture_on_commit_callbacks):
    published(bac, world, django_capture_on_commit_callbacks)
    en_client.force_login(world.accounts["student"])
    html = en_client.get(reverse("portals:results_mine")).content.decode()
    assert "13.25/20" in html and "Fairly good" in html and "Admitted" in html
    assert "1BAC regional exam" in html and "2024/2025" in html


def test_the_marking_grid_shows_anonymous_numbers_and_no_name(en_client, bac, world):
    bac.mark(bac.national, world.student_a, {"MATH": "12"})  # opens the marking
    paper = Copy.objects.filter(candidate__student=world.student_a, paper__subject__code="MATH").get().paper
    en_client.force_login(bac.ministry)
    url = reverse("portals:exams_paper", args=[bac.national.pk, paper.pk])
    html = en_client.get(url).content.decode()
    numbers = list(Copy.objects.filter(paper=paper).values_list("anonymous_number", flat=True))
    assert numbers and all(number in html for number in numbers)
    for student in (world.student_a, world.student_b, world.other_student, world.far_student):
        assert student.massar_code not in html and student.last_name_latin not in html
        assert student.first_name_latin not in html


def test_a_grid_is_saved_whole_or_not_at_all(en_client, bac, world):
    bac.mark(bac.national, world.student_a, {"MATH": "12"})
    paper = Copy.objects.filter(candidate__student=world.student_a, paper__subject__code="MATH").get().paper
    numbers = list(Copy.objects.filter(paper=paper).order_by("anonymous_number")
                   .values_list("anonymous_number", flat=True))
    en_client.force_login(bac.ministry)
    url = reverse("portals:exams_paper", args=[bac.national.pk, paper.pk])
    data = {f"mark-{number}": "15" for number in numbers}
    data[f"mark-{numbers[-1]}"] = "25"
    response = en_client.post(url, data)
    assert response.status_code == 400 and "A mark is between 0 and 20" in response.content.decode()
    assert set(Copy.objects.filter(paper=paper).values_list("mark", flat=True)) <= {None, 12}
    data[f"mark-{numbers[-1]}"] = "14,5"
    assert en_client.post(url, data).status_code == 302
    assert Copy.objects.get(paper=paper, anonymous_number=numbers[-1]).mark == 14.5


def test_another_body_cannot_open_a_session(en_client, bac, world):
    en_client.force_login(bac.academy)
    assert en_client.get(reverse("portals:exams_session", args=[bac.national.pk])).status_code == 404
    assert en_client.get(reverse("portals:exams_session", args=[bac.regional.pk])).status_code == 200
    en_client.force_login(world.accounts["school_admin"])
    assert en_client.get(reverse("portals:exams_session", args=[bac.regional.pk])).status_code == 404


def test_numbers_are_joined_to_candidates_only_once_marks_are_locked(en_client, bac, world):
    en_client.force_login(bac.ministry)
    url = reverse("portals:exams_candidates", args=[bac.national.pk])
    assert world.student_a.massar_code not in en_client.get(url).content.decode()
    bac.lock(bac.national)
    assert world.student_a.massar_code in en_client.get(url).content.decode()


def test_publishing_from_the_page_runs_the_task_and_shows_its_progress(en_client, bac, world):
    bac.continuous(world.student_a, "14", "15")
    bac.lock(bac.national)
    en_client.force_login(bac.ministry)
    response = en_client.post(reverse("portals:exams_publish", args=[bac.national.pk]))
    assert response.status_code == 302
    progress = en_client.get(response["Location"])
    assert progress.status_code == 200 and "4 results published" in progress.content.decode()
    bac.national.refresh_from_db()
    assert bac.national.state == SessionState.PUBLISHED and ExamResult.objects.filter(session=bac.national).count() == 4
    en_client.force_login(world.accounts["academy_officer"])
    assert en_client.get(response["Location"]).status_code == 404  # another account's task


def test_a_marks_sheet_round_trip_through_the_page(en_client, bac, world):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    bac.mark(bac.national, world.student_a, {})
    copy = Copy.objects.get(candidate__student=world.student_a, paper__subject__code="MATH",
                            paper__session=bac.national)
    en_client.force_login(bac.ministry)
    args = [bac.national.pk, copy.paper_id]
    download = en_client.get(reverse("portals:exams_paper_sheet", args=args))
    book = load_workbook(BytesIO(download.content))
    sheet = book["Notes"]
    for row in sheet.iter_rows(min_row=4):
        row[1].value = 16.5 if row[0].value == copy.anonymous_number else 30
    out = BytesIO()
    book.save(out)
    refused = en_client.post(reverse("portals:exams_paper_import", args=args),
                             {"file": SimpleUploadedFile("m.xlsx", out.getvalue())})
    assert refused.status_code == 400 and "column B" in refused.content.decode()
    assert not Copy.objects.filter(paper_id=copy.paper_id, mark__isnull=False).exists()
    for row in sheet.iter_rows(min_row=4):
        row[1].value = 16.5 if row[0].value == copy.anonymous_number else 10
    out = BytesIO()
    book.save(out)
    done = en_client.post(reverse("portals:exams_paper_import", args=args),
                          {"file": SimpleUploadedFile("m.xlsx", out.getvalue())})
    assert done.status_code == 302
    copy.refresh_from_db()
    assert str(copy.mark) == "16.50"
