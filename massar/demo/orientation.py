"""The demo's orientation: a national TC → 1BAC window open from three days before the seeding to two weeks
after it, the 1BAC streams the lycée offers with their capacities, and the published scoring formulas of those
streams (marked as not confirmed by an official text). So a TC student of the lycée (the first of each TC
class has an account) ranks wishes in `make run`, and their parent prints the request."""

import datetime

from django.utils import timezone

from massar.accounts.models import User
from massar.core.models import SchoolYear
from massar.orientation.models import (
    OrientationPoint,
    OrientationWindow,
    ScoringFormula,
    ScoringWeight,
    StreamOffer,
)
from massar.schools.models import Level, School, Stream, Subject

LYCEE = "11565V"
# stream: (capacity, {subject: weight}) — the capacities of a lycée of its size; formulas in the spirit of the
# published ones (mathematics and physics for SM), not confirmed by an official text.
OFFERS = {
    "SM": (40, {"MATH": "2", "PC": "1"}),
    "SE": (80, {"SVT": "2", "PC": "1", "MATH": "1"}),
    "SEG": (35, {"MATH": "2", "FR": "1"}),
    "L": (40, {"AR": "2", "FR": "1", "HG": "1"}),
}


def demo_orientation_seed(*, year: SchoolYear, ministry: User, now: datetime.datetime | None = None) -> None:
    school = School.objects.filter(code=LYCEE).first()
    if school is None:
        return
    now = now or timezone.now()
    start = now.replace(hour=8, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
    OrientationWindow.objects.create(
        school_year=year, point=OrientationPoint.AFTER_TC, from_level=Level.objects.get(code="TC"),
        to_level=Level.objects.get(code="1BAC"), academy=None, opens_at=start,
        closes_at=start + datetime.timedelta(days=17, hours=10), max_wishes=3, opened_by=ministry)
    subjects = {subject.code: subject for subject in Subject.objects.all()}
    for code, (capacity, weights) in OFFERS.items():
        stream = Stream.objects.get(level__code="1BAC", code=code)
        StreamOffer.objects.create(school_year=year, school=school, stream=stream, capacity=capacity,
                                   updated_by=ministry)
        formula = ScoringFormula.objects.create(school_year=year, stream=stream)
        ScoringWeight.objects.bulk_create(ScoringWeight(formula=formula, subject=subjects[subject], weight=weight)
                                          for subject, weight in weights.items())
