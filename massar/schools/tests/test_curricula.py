from massar.schools import reference
from massar.schools.curricula import CURRICULA


def test_every_level_and_stream_has_its_subjects():
    streams = {(level, code) for level, code, *_ in reference.STREAMS}
    plain_levels = {(code, None) for code, *_ in reference.LEVELS if code not in {lvl for lvl, _ in streams}}
    assert set(CURRICULA) == streams | plain_levels


def test_curricula_name_only_known_subjects_once_each():
    subjects = {code for code, *_ in reference.SUBJECTS}
    for key, rows in CURRICULA.items():
        codes = [code for code, *_ in rows]
        assert len(codes) == len(set(codes)), key
        assert set(codes) <= subjects, key
