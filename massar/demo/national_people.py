"""Plausible people for the national dataset: names by gender, birth dates by level, birth places by province.

One seeded random generator, consumed in a fixed order, so the same seed gives the same people.
"""

import datetime
import random

from .names import FAMILY_NAMES, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from .national_curriculum import LEVEL_ORDER
from .national_territory import ACADEMIES, DirectorateSeed

# Pupils are 6 in September of 1AP; some are one or two years late (repeated years), more so in secondary.
DELAY_ODDS: dict[str, tuple[float, float]] = {  # cumulative: P(on time), P(at most one year late)
    "primary": (0.85, 0.97), "college": (0.65, 0.90), "lycee": (0.60, 0.88),
}
BORN_ELSEWHERE = 0.15  # share of pupils born outside their school's province
# (first name Arabic, family name Arabic, first name Latin, family name Latin)
Names = tuple[str, str, str, str]


class PeopleMaker:
    """Draws names, genders, birth dates and places; callers keep the draw order fixed for reproducibility."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"massar-national-people:{seed}")  # noqa: S311 - reproducible, not secret
        self.cities = tuple(dict.fromkeys(
            (d.city_ar, d.city_latin) for academy in ACADEMIES for d in academy.directorates))

    def gender(self) -> str:
        return "F" if self.rng.random() < 0.5 else "M"

    def names(self, gender: str) -> Names:
        first_latin, first_ar = self.rng.choice(FEMALE_FIRST_NAMES if gender == "F" else MALE_FIRST_NAMES)
        last_latin, last_ar = self.rng.choice(FAMILY_NAMES)
        return first_ar, last_ar, first_latin, last_latin

    def birth_date(self, level: str, cycle: str, school_year_start: int) -> datetime.date:
        on_time, one_late = DELAY_ODDS[cycle]
        draw = self.rng.random()
        delay = 0 if draw < on_time else 1 if draw < one_late else 2
        year = school_year_start - 5 - LEVEL_ORDER[level] - delay
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def birth_place(self, home: DirectorateSeed) -> tuple[str, str]:
        """(Arabic, Latin) town of birth: mostly the school's province."""
        if self.rng.random() < BORN_ELSEWHERE:
            return self.rng.choice(self.cities)
        return home.city_ar, home.city_latin
