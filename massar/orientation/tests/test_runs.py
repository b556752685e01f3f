"""The assignment run on a small built world: deferred acceptance over the streams' published scores, with the
documented tie-break, written all at once with the figures that explain it."""

from decimal import Decimal

import pytest

from massar.orientation.models import Assignment, OfferResult, RunState
from massar.orientation.runs import OrientationAssigner, tiebreak_number
from massar.orientation.scoring import formulas_of, stream_scores
from massar.testing.orientation_runs import OrientationRuns, use_reference_solver_if_missing


@pytest.fixture(autouse=True)
def _solver(monkeypatch):
    use_reference_solver_if_missing(monkeypatch)


@pytest.fixture
def orientation(world):
    return OrientationRuns(world)


def outcome(run) -> dict[str, str | None]:
    return {a.student.first_name_latin: a.decided.stream.code if a.decided else None
            for a in Assignment.objects.filter(run=run).select_related("student", "decided__stream")}


@pytest.fixture
def cohort(orientation):
    """Amal and Badr both want SM first; Chama wants SE first; Driss has no mathematics or physics marks."""
    amal = orientation.student("Amal", MATH="18", PC="16")
    badr = orientation.student("Badr", MATH="15", PC="17")
    chama = orientation.student("Chama", MATH="16", PC="15", FR="12")
    driss = orientation.student("Driss", FR="10")
    orientation.wishes(amal, "SM", "SE")
    orientation.wishes(badr, "SM", "SE")
    orientation.wishes(chama, "SE", "SM", "L")
    orientation.wishes(driss, "SM", "SH", "L")
    return {"amal": amal, "badr": badr, "chama": chama, "driss": driss}


def test_a_streams_score_is_the_weighted_mean_of_annual_subject_averages(orientation, cohort):
    formulas = formulas_of(school_year=orientation.year, stream_ids=[o.stream_id for o in orientation.offers.values()])
    scores = stream_scores(students=list(cohort.values()), school_year=orientation.year, formulas=formulas.values())
    sm, se = orientation.offers["SM"].stream_id, orientation.offers["SE"].stream_id
    assert scores[(cohort["amal"].pk, sm)] == Decimal("17.33")  # (18 × 2 + 16) ÷ 3
    assert scores[(cohort["badr"].pk, se)] == Decimal("17.00")
    assert scores[(cohort["driss"].pk, sm)] is None  # no mathematics average: no score


def test_the_run_gives_the_deferred_acceptance_result(orientation, cohort):
    run = orientation.run()
    assert run.state == RunState.DONE and run.stable
    assert run.students_total == run.students_done == 4
    # Chama put SE first but Badr's score is higher: ranking a stream first gives no bonus.
    assert outcome(run) == {"Amal": "SM", "Badr": "SE", "Chama": "L", "Driss": "L"}
    figures = {r.offer.stream.code: (r.capacity, r.admitted, r.cutoff)
               for r in OfferResult.objects.filter(run=run).select_related("offer__stream")}
    assert figures == {"SM": (1, 1, Decimal("17.33")), "SE": (1, 1, Decimal("17.00")), "L": (2, 2, Decimal("10.00")),
                       "SH": (1, 0, None)}


def test_each_outcome_keeps_the_scores_and_tiebreak_that_explain_it(orientation, cohort):
    run = orientation.run()
    driss = Assignment.objects.get(run=run, student=cohort["driss"])
    offers = orientation.offers
    assert driss.scores == {str(offers["SM"].pk): None, str(offers["SH"].pk): None, str(offers["L"].pk): "10.00"}
    assert driss.tiebreak == tiebreak_number(seed=run.seed, massar_code=cohort["driss"].massar_code)
    assert driss.proposed == driss.decided == offers["L"]


def test_the_same_seed_gives_the_same_run(orientation, cohort):
    first = orientation.run(seed=7)
    second = orientation.run(seed=7)
    assert outcome(first) == outcome(second)
    assert (sorted(Assignment.objects.filter(run=first).values_list("student_id", "tiebreak")) ==
            sorted(Assignment.objects.filter(run=second).values_list("student_id", "tiebreak")))


def test_equal_scores_go_to_the_higher_general_average(orientation):
    first = orientation.student("Farah", PC="14")
    second = orientation.student("Ghita", PC="14")
    orientation.general(first, "12.50")
    orientation.general(second, "13.25")
    for student in (first, second):
        orientation.wishes(student, "SE")
    assert outcome(orientation.run()) == {"Farah": None, "Ghita": "SE"}


def test_equal_scores_and_averages_go_to_the_higher_random_number_of_the_seed(orientation):
    first = orientation.student("Farah", PC="14")
    second = orientation.student("Ghita", PC="14")
    for student in (first, second):
        orientation.general(student, "12.00")
        orientation.wishes(student, "SE")
    for seed in range(1, 9):
        numbers = {s.first_name_latin: tiebreak_number(seed=seed, massar_code=s.massar_code) for s in (first, second)}
        winner = max(numbers, key=numbers.__getitem__)
        got = outcome(orientation.run(seed=seed))
        assert got[winner] == "SE" and list(got.values()).count("SE") == 1


def test_the_tiebreak_ranks_a_missing_general_average_last():
    from massar.orientation.runs import Candidate

    with_average = Candidate(1, "A1", (), {}, Decimal("9.00"), 5)
    without = Candidate(2, "A2", (), {}, None, 10**9)
    assert OrientationAssigner.tiebreak_ranks([without, with_average]) == {2: 1, 1: 2}


def test_only_the_students_of_the_runs_academy_are_assigned(orientation, world):
    orientation.marks(world.far_student, PC="19")
    orientation.marks(world.other_student, PC="11")
    orientation.wishes(world.far_student, "SE")
    orientation.wishes(world.other_student, "SE")
    assert set(Assignment.objects.filter(run=orientation.run()).values_list("student_id", flat=True)) == {
        world.other_student.pk}


def test_a_failing_solver_leaves_the_run_failed_with_nothing_written(orientation, cohort, monkeypatch):
    def broken():
        raise RuntimeError("solver exploded")

    monkeypatch.setattr("massar.orientation.runs.solver_functions", broken)
    orientation.run()  # the task fails (the tests' backend records it; a worker would log it)
    run = orientation.window.runs.get()
    assert run.state == RunState.FAILED and "solver exploded" in run.error
    assert not run.assignments.exists() and not run.offer_results.exists()


def test_a_student_without_any_score_gets_no_stream_and_keeps_their_wishes_explained(orientation):
    lost = orientation.student("Hind")  # no published marks at all
    orientation.wishes(lost, "SM", "SE")
    run = orientation.run()
    assignment = Assignment.objects.get(run=run, student=lost)
    assert assignment.decided is None and run.stable
    assert assignment.scores == {str(orientation.offers["SM"].pk): None, str(orientation.offers["SE"].pk): None}


def test_a_finished_run_exported_and_solved_again_gives_its_pre_selection(orientation, cohort, tmp_path):
    import json

    from django.core.management import call_command

    from massar.orientation.runs import solver_functions

    orientation.general(cohort["badr"], "13.00")
    orientation.general(cohort["chama"], "13.00")
    run = orientation.run(seed=11)
    target = tmp_path / "run.json"
    call_command("orientation_run_export", str(run.pk), "-o", str(target))
    problem = json.loads(target.read_text())
    solve, _, applicant = solver_functions()
    solution = solve(capacities={s["id"]: s["capacity"] for s in problem["streams"]}, applicants=[
        applicant(id=s["id"], wishes=tuple(s["wishes"]), scores={k: Decimal(v) for k, v in s["scores"].items()},
                  tiebreak=s["tiebreak"]) for s in problem["students"]])
    stored = {str(a.student_id): None if a.proposed_id is None else str(a.proposed_id)
              for a in Assignment.objects.filter(run=run)}
    assert solution.assignments == stored


def test_scoring_reads_as_many_queries_for_ten_students_as_for_two(orientation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    students = [orientation.student(f"S{n}", MATH=str(10 + n), PC="12", FR="11") for n in range(10)]
    formulas = list(formulas_of(school_year=orientation.year,
                                stream_ids=[o.stream_id for o in orientation.offers.values()]).values())
    counts = []
    for some in (students[:2], students):
        with CaptureQueriesContext(connection) as queries:
            stream_scores(students=some, school_year=orientation.year, formulas=formulas)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
