"""What each cycle, level and lycée stream looks like in the national dataset: class counts, tracks, subjects.

Codes are those of `massar.schools.reference` (loaded in every database by a data migration). A class's
subjects are those of the seeded coefficient tables (`massar.schools.curricula`) wherever they define the
level and stream, so grade benchmarks find a coefficient for every subject taught; the tables below only
fill the streams they do not cover yet. Weekly hours are approximate; they only weigh how many teachers of
each subject a school gets, so a school's staff looks like a real one (more Arabic than music teachers).
"""

from dataclasses import dataclass

from massar.schools import reference
from massar.schools.curricula import CURRICULA

# The national split of pupils between cycles (share of pupils) and a school's usual size in each cycle:
# about 8 M pupils in about 12,000 schools, i.e. ~670 pupils per school on average.
CYCLE_SHARES: dict[str, float] = {"primary": 0.58, "college": 0.25, "lycee": 0.17}
TYPICAL_SCHOOL_SIZE: dict[str, int] = {"primary": 560, "college": 900, "lycee": 960}

MIN_CLASS_SIZE = 30
MAX_CLASS_SIZE = 45
TARGET_CLASS_SIZE = 38
PUPILS_PER_TEACHER = 25

LEVELS_BY_CYCLE: dict[str, tuple[str, ...]] = {
    cycle: tuple(code for code, level_cycle, *_ in reference.LEVELS if level_cycle == cycle)
    for cycle, *_ in reference.CYCLES
}
LEVEL_ORDER: dict[str, int] = {code: order for code, _cycle, order, *_ in reference.LEVELS}

# Relative number of classes per level: fewer pupils reach the last years of each cycle.
LEVEL_WEIGHTS: dict[str, float] = {
    "1AP": 1.05, "2AP": 1.03, "3AP": 1.01, "4AP": 0.99, "5AP": 0.97, "6AP": 0.95,
    "1AC": 1.08, "2AC": 1.00, "3AC": 0.92,
    "TC": 1.15, "1BAC": 0.95, "2BAC": 0.90,
}


@dataclass(frozen=True, slots=True)
class Track:
    """A lycée stream with its language option, as it appears in a class code (`2BACSPF`)."""

    stream: str
    option: str
    weight: float


# Letters and humanities are taught in Arabic; sciences, economics and technology have both options.
TRACKS: dict[str, tuple[Track, ...]] = {
    "TC": (Track("S", "F", 30), Track("S", "A", 22), Track("LSH", "A", 38), Track("T", "F", 10)),
    "1BAC": (
        Track("SE", "F", 22), Track("SE", "A", 20), Track("SM", "F", 6), Track("SM", "A", 2),
        Track("SEG", "F", 3), Track("SEG", "A", 3), Track("L", "A", 18), Track("SH", "A", 16),
        Track("STE", "F", 3), Track("STM", "F", 2), Track("AA", "F", 1),
    ),
    "2BAC": (
        Track("SP", "F", 11), Track("SP", "A", 10), Track("SVT", "F", 12), Track("SVT", "A", 12),
        Track("SAGRO", "A", 2), Track("SMA", "F", 5), Track("SMA", "A", 1), Track("SMB", "F", 1),
        Track("SECO", "A", 3), Track("SGC", "F", 3), Track("L", "A", 18), Track("SH", "A", 17),
        Track("STE", "F", 2), Track("STM", "F", 1), Track("AA", "F", 1),
    ),
}

Hours = dict[str, int]

_PRIMARY_LOWER: Hours = {"AR": 9, "FR": 6, "AMZ": 3, "MATH": 5, "SCI": 1, "EI": 2, "ART": 1, "EPS": 2}
_PRIMARY_UPPER: Hours = {"AR": 7, "FR": 6, "AMZ": 3, "MATH": 5, "SCI": 2, "EI": 2, "HG": 2, "ART": 1,
                         "EPS": 2}
_COLLEGE: Hours = {"AR": 5, "FR": 6, "EN": 2, "EI": 2, "HG": 3, "MATH": 5, "PC": 2, "SVT": 2, "INFO": 1,
                   "TECH": 2, "EPS": 3}

LEVEL_SUBJECTS: dict[str, Hours] = {
    "1AP": _PRIMARY_LOWER, "2AP": _PRIMARY_LOWER,
    "3AP": _PRIMARY_UPPER, "4AP": _PRIMARY_UPPER, "5AP": _PRIMARY_UPPER | {"EN": 2},
    "6AP": _PRIMARY_UPPER | {"EN": 2},
    "1AC": _COLLEGE, "2AC": _COLLEGE, "3AC": _COLLEGE,
    "TC": {"AR": 4, "FR": 4, "EN": 3, "EI": 2, "HG": 3, "PHILO": 2, "EPS": 2},
    "1BAC": {"AR": 2, "FR": 4, "EN": 3, "EI": 2, "HG": 2, "PHILO": 2, "EPS": 2},
    "2BAC": {"FR": 4, "EN": 3, "PHILO": 3, "EPS": 2},
}

_SCIENCE: Hours = {"MATH": 7, "PC": 7, "SVT": 5}
_ECONOMICS: Hours = {"MATH": 4, "ECO": 5, "GEST": 4, "COMPTA": 6, "DROIT": 2}
_TECHNOLOGY: Hours = {"MATH": 6, "PC": 6, "SI": 9}
_LETTERS: Hours = {"AR": 6, "HG": 4, "EI": 2, "TRAD": 2, "MATH": 1}

# Subjects a stream adds to (or weighs more than) its level's common subjects.
STREAM_SUBJECTS: dict[tuple[str, str], Hours] = {
    ("TC", "S"): {"MATH": 5, "PC": 4, "SVT": 3, "INFO": 2},
    ("TC", "LSH"): {"MATH": 2, "HG": 4, "INFO": 1},
    ("TC", "T"): {"MATH": 5, "PC": 4, "SI": 4, "INFO": 2},
    ("1BAC", "SE"): {"MATH": 4, "PC": 5, "SVT": 5},
    ("1BAC", "SM"): {"MATH": 9, "PC": 5, "SVT": 2},
    ("1BAC", "SEG"): _ECONOMICS,
    ("1BAC", "L"): _LETTERS,
    ("1BAC", "SH"): {"HG": 5, "MATH": 1, "EI": 2},
    ("1BAC", "STE"): _TECHNOLOGY,
    ("1BAC", "STM"): _TECHNOLOGY,
    ("1BAC", "AA"): {"MATH": 3, "PC": 2, "DESS": 6, "ART": 4},
    ("2BAC", "SP"): _SCIENCE,
    ("2BAC", "SVT"): {"MATH": 6, "PC": 5, "SVT": 7},
    ("2BAC", "SAGRO"): {"MATH": 5, "PC": 5, "SVT": 6},
    ("2BAC", "SMA"): {"MATH": 9, "PC": 7, "SVT": 3},
    ("2BAC", "SMB"): {"MATH": 9, "PC": 7, "SI": 4},
    ("2BAC", "SECO"): _ECONOMICS | {"ECO": 7},
    ("2BAC", "SGC"): _ECONOMICS | {"COMPTA": 8},
    ("2BAC", "L"): _LETTERS,
    ("2BAC", "SH"): {"AR": 4, "HG": 5, "EI": 3, "MATH": 1},
    ("2BAC", "STE"): _TECHNOLOGY,
    ("2BAC", "STM"): _TECHNOLOGY,
    ("2BAC", "AA"): {"MATH": 3, "DESS": 8, "ART": 6},
}


def class_subjects(level: str, stream: str) -> Hours:
    """Subjects and weekly hours of a class. One entry per subject (a class has one teacher per subject)."""
    hours = LEVEL_SUBJECTS[level] | STREAM_SUBJECTS.get((level, stream), {})
    seeded = CURRICULA.get((level, stream or None))
    if seeded is None:
        return hours
    # A subject our hour table does not know weighs its continuous-assessment coefficient.
    return {code: hours.get(code, coefficient) for code, coefficient, _exam in seeded}
