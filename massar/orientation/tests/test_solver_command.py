"""`manage.py orientation_solve INPUT.json [-o OUTPUT.json]`: the issue's formats, and one message naming the
place with exit status 2 for each kind of bad input."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

PROBLEM = {
    "streams": [{"id": "SM", "capacity": 1}, {"id": "PC", "capacity": 2}, {"id": "SVT", "capacity": 5}],
    "students": [
        {"id": "F164115196", "wishes": ["SM", "PC", "SVT"],
         "scores": {"SM": "15.25", "PC": "14.10", "SVT": "13.00"}, "tiebreak": 41873},
        {"id": "F164115200", "wishes": ["SM", "PC"], "scores": {"SM": "15.30", "PC": "12.5"}, "tiebreak": 5},
        {"id": "G130000001", "wishes": ["PC"], "scores": {"PC": "14.10"}, "tiebreak": 50000},
        {"id": "G130000002", "wishes": ["PC"], "scores": {"PC": 9}, "tiebreak": 1},
    ],
}
SOLUTION = {
    "assignments": {"F164115196": "PC", "F164115200": "SM", "G130000001": "PC", "G130000002": None},
    "cutoffs": {"SM": "15.30", "PC": "14.10", "SVT": None},
    "unassigned": ["G130000002"],
}


def write(tmp_path: Path, data, name: str = "problem.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_solution_is_written_in_the_output_format(tmp_path):
    output = tmp_path / "solution.json"
    call_command("orientation_solve", str(write(tmp_path, PROBLEM)), "-o", str(output))
    assert json.loads(output.read_text(encoding="utf-8")) == SOLUTION
    assert '"SM": "15.30"' in output.read_text(encoding="utf-8")  # cutoffs are strings with 2 decimals


def test_without_an_output_file_the_solution_goes_to_standard_output(tmp_path, capsys):
    call_command("orientation_solve", str(write(tmp_path, PROBLEM)))
    assert json.loads(capsys.readouterr().out) == SOLUTION


def test_json_numbers_are_read_exactly(tmp_path):
    text = json.dumps(PROBLEM).replace('"15.30"', "15.30").replace('"14.10"', "14.1")
    output = tmp_path / "solution.json"
    call_command("orientation_solve", str(write(tmp_path, text)), "--output", str(output))
    assert json.loads(output.read_text(encoding="utf-8")) == SOLUTION


def changed(change):
    problem = copy.deepcopy(PROBLEM)
    change(problem)
    return problem


def first_student(**fields):
    return lambda problem: problem["students"][0].update(fields)


BAD_INPUTS = {
    "unknown stream in wishes": (changed(lambda p: p["students"][1]["wishes"].append("XX")),
                                 'students[1].wishes[2]: unknown stream "XX"'),
    "missing score": (changed(lambda p: p["students"][0]["scores"].pop("PC")),
                      'students[0].scores: no score for the wished stream "PC"'),
    "duplicate wish": (changed(first_student(wishes=["SM", "PC", "SM"])),
                       'students[0].wishes[2]: "SM" is already students[0].wishes[0]'),
    "duplicate student": (changed(lambda p: p["students"][3].update(id="F164115196")),
                          'students[3].id: duplicate student "F164115196" (also students[0])'),
    "duplicate stream": (changed(lambda p: p["streams"].append({"id": "PC", "capacity": 3})),
                         'streams[3].id: duplicate stream "PC" (also streams[1])'),
    "negative capacity": (changed(lambda p: p["streams"][1].update(capacity=-1)),
                          "streams[1].capacity: must be a non-negative integer, got -1"),
    "capacity as text": (changed(lambda p: p["streams"][0].update(capacity="120")),
                         'streams[0].capacity: must be a non-negative integer, got "120"'),
    "fractional capacity": (json.dumps(PROBLEM).replace('"capacity": 5', '"capacity": 4.5'),
                            "streams[2].capacity: must be a non-negative integer, got 4.5"),
    "tiebreak as text": (changed(first_student(tiebreak="41873")),
                         'students[0].tiebreak: must be an integer, got "41873"'),
    "tiebreak true": (changed(first_student(tiebreak=True)), "students[0].tiebreak: must be an integer, got true"),
    "score with 3 decimals": (changed(first_student(scores={"SM": "15.255", "PC": "1", "SVT": "1"})),
                              'students[0].scores["SM"]: "15.255" has more than 2 decimals'),
    "negative score": (changed(first_student(scores={"SM": "15", "PC": "-0.50", "SVT": "1"})),
                       'students[0].scores["PC"]: "-0.50" is negative'),
    "score not a number": (changed(first_student(scores={"SM": "quinze", "PC": "1", "SVT": "1"})),
                           'students[0].scores["SM"]: "quinze" is not a number such as "15.25"'),
    "score null": (changed(first_student(scores={"SM": None, "PC": "1", "SVT": "1"})),
                   'students[0].scores["SM"]: must be a number such as "15.25", got null'),
    "no students": (changed(lambda p: p.pop("students")), 'input: missing "students"'),
    "student without tiebreak": (changed(lambda p: p["students"][2].pop("tiebreak")),
                                 'students[2]: missing "tiebreak"'),
    "stream without capacity": (changed(lambda p: p["streams"][2].pop("capacity")), 'streams[2]: missing "capacity"'),
    "not an object": ("[1, 2]", 'input: must be an object with "streams", "students", got a list'),
    "streams not a list": (changed(lambda p: p.update(streams={"SM": 1})),
                           "streams: must be a list of streams, got an object"),
    "student not an object": (changed(lambda p: p["students"].append("F9")),
                              'students[4]: must be an object with "id", "wishes", "scores", "tiebreak", got "F9"'),
    "wishes not a list": (changed(first_student(wishes="SM")),
                          'students[0].wishes: must be a list of stream ids, got "SM"'),
    "wish not a string": (changed(first_student(wishes=["SM", 2])),
                          "students[0].wishes[1]: must be a stream id (a string), got 2"),
    "scores not an object": (changed(first_student(scores=["15.25"])),
                             "students[0].scores: must be an object of scores by stream id, got a list"),
    "empty student id": (changed(first_student(id="  ")),
                         'students[0].id: must be a non-empty string (a student id), got "  "'),
    "malformed JSON": ('{"streams": [{"id": "SM", "capacity": 1}', "malformed JSON at line 1, column 41: "
                                                                     "Expecting ',' delimiter"),
    "empty file": ("", "malformed JSON at line 1, column 1: Expecting value"),
    "NaN": ('{"streams": [{"id": "SM", "capacity": NaN}], "students": []}', "malformed JSON: NaN is not a number "
                                                                            "JSON allows"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_a_bad_input_names_the_place_and_exits_with_status_2(tmp_path, name):
    data, message = BAD_INPUTS[name]
    path = write(tmp_path, data)
    output = tmp_path / "solution.json"
    with pytest.raises(CommandError) as refused:
        call_command("orientation_solve", str(path), "-o", str(output))
    assert str(refused.value) == f"{path}: {message}"
    assert refused.value.returncode == 2
    assert not output.exists()


def test_an_unreadable_input_exits_with_status_2(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("orientation_solve", str(tmp_path / "missing.json"))
    assert str(refused.value) == f"{tmp_path / 'missing.json'}: cannot read: No such file or directory"
    assert refused.value.returncode == 2
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"streams": [{"id": "Lettres modernes é"}]}'.encode("latin-1"))
    with pytest.raises(CommandError) as refused:
        call_command("orientation_solve", str(latin))
    assert str(refused.value).startswith(f"{latin}: cannot read: 'utf-8' codec can't decode")
    assert refused.value.returncode == 2


def test_from_the_shell_the_message_goes_to_stderr_with_exit_status_2(tmp_path):
    path = write(tmp_path, BAD_INPUTS["unknown stream in wishes"][0])
    done = subprocess.run([sys.executable, "manage.py", "orientation_solve", str(path)], cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f'{path}: students[1].wishes[2]: unknown stream "XX"' in done.stderr
    good = subprocess.run([sys.executable, "manage.py", "orientation_solve", str(write(tmp_path, PROBLEM, "ok.json"))],
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0
    assert json.loads(good.stdout) == SOLUTION
