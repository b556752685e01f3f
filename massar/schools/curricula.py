"""The subjects of each level and stream with their coefficients (continuous assessment, exam).

These are the seeded defaults for a school year; the tables are data (SubjectCoefficient, per year)
that the ministry edits in the back office. None of these values was checked against an official
text, so every row is seeded with `officially_confirmed=False` and the back office says so.
"""

from decimal import Decimal

# (subject code, continuous-assessment coefficient, exam coefficient or None)
Row = tuple[str, int, int | None]

PRIMARY: list[Row] = [("AR", 1, None), ("FR", 1, None), ("AMZ", 1, None), ("MATH", 1, None), ("SCI", 1, None),
                      ("EI", 1, None), ("HG", 1, None), ("ART", 1, None), ("EPS", 1, None)]
COLLEGE: list[Row] = [("AR", 3, 3), ("FR", 3, 3), ("EN", 2, 2), ("EI", 2, 2), ("HG", 2, 2), ("MATH", 3, 3),
                      ("PC", 2, 2), ("SVT", 2, 2), ("INFO", 1, None), ("TECH", 1, None), ("ART", 1, None),
                      ("EPS", 1, None)]

# Keyed by (level code, stream code or None).
CURRICULA: dict[tuple[str, str | None], list[Row]] = {
    **{(f"{year}AP", None): PRIMARY for year in range(1, 7)},
    **{(f"{year}AC", None): COLLEGE for year in range(1, 4)},
    ("TC", "S"): [("AR", 2, None), ("FR", 4, None), ("EN", 2, None), ("EI", 2, None), ("HG", 2, None),
                  ("PHILO", 2, None), ("MATH", 4, None), ("PC", 4, None), ("SVT", 4, None), ("INFO", 1, None),
                  ("EPS", 1, None)],
    ("TC", "LSH"): [("AR", 4, None), ("FR", 4, None), ("EN", 3, None), ("EI", 2, None), ("HG", 4, None),
                    ("PHILO", 2, None), ("MATH", 2, None), ("SVT", 1, None), ("INFO", 1, None), ("EPS", 1, None)],
    ("TC", "T"): [("AR", 2, None), ("FR", 4, None), ("EN", 2, None), ("EI", 2, None), ("HG", 2, None),
                  ("PHILO", 2, None), ("MATH", 4, None), ("PC", 4, None), ("SI", 4, None), ("EPS", 1, None)],
    ("1BAC", "SE"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                     ("MATH", 4, None), ("PC", 5, None), ("SVT", 5, None), ("EPS", 1, None)],
    ("1BAC", "SM"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                     ("MATH", 7, None), ("PC", 5, None), ("SVT", 2, None), ("EPS", 1, None)],
    ("1BAC", "L"): [("AR", 4, 4), ("FR", 4, 4), ("EN", 4, None), ("EI", 2, 2), ("HG", 3, 3), ("PHILO", 3, None),
                    ("MATH", 1, None), ("EPS", 1, None)],
    ("1BAC", "SH"): [("AR", 4, 4), ("FR", 4, 4), ("EN", 3, None), ("EI", 2, 2), ("HG", 4, 4), ("PHILO", 3, None),
                     ("MATH", 1, None), ("EPS", 1, None)],
    ("1BAC", "SEG"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                      ("MATH", 4, None), ("ECO", 4, None), ("GEST", 3, None), ("COMPTA", 4, None), ("DROIT", 2, None),
                      ("EPS", 1, None)],
    ("1BAC", "STE"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                      ("MATH", 5, None), ("PC", 5, None), ("SI", 6, None), ("EPS", 1, None)],
    ("1BAC", "STM"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                      ("MATH", 5, None), ("PC", 5, None), ("SI", 6, None), ("EPS", 1, None)],
    ("1BAC", "AA"): [("AR", 2, 2), ("FR", 4, 4), ("EN", 2, None), ("EI", 2, 2), ("HG", 2, 2), ("PHILO", 2, None),
                     ("MATH", 2, None), ("PC", 2, None), ("DESS", 6, None), ("ART", 4, None), ("EPS", 1, None)],
    ("2BAC", "SP"): [("MATH", 7, 7), ("PC", 7, 7), ("SVT", 5, 5), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "SVT"): [("MATH", 7, 7), ("PC", 5, 5), ("SVT", 7, 7), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "SMA"): [("MATH", 9, 9), ("PC", 7, 7), ("SVT", 3, 3), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "SMB"): [("MATH", 9, 9), ("PC", 7, 7), ("SI", 3, 3), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "SAGRO"): [("MATH", 5, 5), ("PC", 5, 5), ("SVT", 7, 7), ("PHILO", 2, 2), ("EN", 2, 2),
                        ("EPS", 1, None)],
    ("2BAC", "SECO"): [("MATH", 4, 4), ("ECO", 6, 6), ("GEST", 4, 4), ("COMPTA", 4, 4), ("DROIT", 2, 2),
                       ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "SGC"): [("MATH", 4, 4), ("ECO", 4, 4), ("GEST", 4, 4), ("COMPTA", 6, 6), ("DROIT", 2, 2),
                      ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "STE"): [("MATH", 7, 7), ("PC", 5, 5), ("SI", 8, 8), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "STM"): [("MATH", 7, 7), ("PC", 5, 5), ("SI", 8, 8), ("PHILO", 2, 2), ("EN", 2, 2), ("EPS", 1, None)],
    ("2BAC", "AA"): [("MATH", 3, 3), ("PHILO", 2, 2), ("EN", 2, 2), ("DESS", 8, 8), ("ART", 6, 6),
                     ("EPS", 1, None)],
    ("2BAC", "L"): [("AR", 4, 4), ("EN", 4, 4), ("HG", 3, 3), ("PHILO", 3, 3), ("FR", 2, None), ("EPS", 1, None)],
    ("2BAC", "SH"): [("AR", 3, 3), ("EN", 3, 3), ("HG", 4, 4), ("PHILO", 3, 3), ("FR", 2, None),
                     ("EPS", 1, None)],
}


def as_decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)
