"""The streams a school offers at the next level and their capacity (DOMAIN §8), set by the school's
administration or its directorate (an academy officer and the ministry may too, over their territory)."""

from django.db import transaction
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid, Refused
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.schools.models import School, Stream
from massar.schools.scopes import schools_visible_to

from ..error_codes import OrientationErrorCode as Code
from ..models import StreamOffer

MAX_CAPACITY = 100_000


def offer_check(*, actor: User, school: School, stream: Stream, capacity: int) -> None:
    if actor.role == Role.TEACHER or not schools_visible_to(actor).filter(pk=school.pk).exists():
        raise Refused(Code.NOT_YOUR_TERRITORY, _("You may set the capacities of your own territory's schools only."),
                      field="school")
    if not school.cycles.filter(pk=stream.level.cycle_id).exists():
        raise Invalid(Code.STREAM_NOT_TAUGHT, _("This school does not teach this stream's level."), field="stream")
    if not 0 <= capacity <= MAX_CAPACITY:
        raise Invalid(Code.BAD_CAPACITY, _("A capacity is a number of places from 0 to %(limit)d.")
                      % {"limit": MAX_CAPACITY}, field="capacity")


@transaction.atomic
def offer_capacity_set(*, actor: User, school_year: SchoolYear, school: School, stream: Stream,
                       capacity: int) -> StreamOffer:
    """`school` offers `stream` in `school_year` with `capacity` places (created or changed)."""
    offer_check(actor=actor, school=school, stream=stream, capacity=capacity)
    offer = (StreamOffer.objects.select_for_update()
             .filter(school_year=school_year, school=school, stream=stream).first())
    if offer is None:
        return StreamOffer.objects.create(school_year=school_year, school=school, stream=stream, capacity=capacity,
                                          updated_by=actor)
    offer.capacity, offer.updated_by = capacity, actor
    offer.save(update_fields=["capacity", "updated_by", "updated_at"])
    return offer
