"""Opening an orientation window (DOMAIN §8): the ministry for the nation, an academy officer for their own
academy's schools. A window's levels and dates are checked here; the back office calls these."""

import datetime

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid, Refused
from massar.core.models import SchoolYear
from massar.core.roles import Role
from massar.schools.models import Academy, Level

from ..error_codes import OrientationErrorCode as Code
from ..models import OrientationPoint, OrientationWindow, Wish

MAX_WISHES_LIMIT = 30


def window_check(*, actor: User, academy: Academy | None, from_level: Level, to_level: Level,
                 opens_at: datetime.datetime, closes_at: datetime.datetime, max_wishes: int, point: str) -> None:
    """Refuse a window `actor` may not open, or whose levels, dates or number of wishes make no sense."""
    if not (actor.is_superuser or actor.role == Role.MINISTRY_OFFICER):
        staff = actor.staff_member if actor.role == Role.ACADEMY_OFFICER else None
        if staff is None or academy is None or staff.academy_id != academy.pk:
            raise Refused(Code.NOT_YOUR_TERRITORY,
                          _("The ministry opens national windows; an academy opens windows for its own schools."),
                          field="academy")
    if point != OrientationPoint.REORIENTATION and to_level.order <= from_level.order:
        raise Invalid(Code.BAD_LEVELS, _("The streams' level must come after the students' level."),
                      field="to_level")
    if not to_level.streams.exists():
        raise Invalid(Code.BAD_LEVELS, _("The streams' level has no streams."), field="to_level")
    if closes_at <= opens_at:
        raise Invalid(Code.BAD_DATES, _("The window must close after it opens."), field="closes_at")
    if not 1 <= max_wishes <= MAX_WISHES_LIMIT:
        raise Invalid(Code.BAD_MAX_WISHES, _("A student may rank from 1 to %(limit)d wishes.")
                      % {"limit": MAX_WISHES_LIMIT}, field="max_wishes")


def window_wishes_check(*, window: OrientationWindow, max_wishes: int) -> None:
    """Refuse a number of wishes below a list already confirmed in `window`."""
    longest = (Wish.objects.filter(wish_list__window=window).values("wish_list").annotate(count=Count("pk"))
               .aggregate(longest=Max("count"))["longest"] or 0)
    if max_wishes < longest:
        raise Invalid(Code.WISHES_ALREADY_RANKED,
                      _("Students have already ranked %(count)d wishes in this window.") % {"count": longest},
                      field="max_wishes")


@transaction.atomic
def window_open(*, actor: User, school_year: SchoolYear, point: str, from_level: Level, to_level: Level,
                academy: Academy | None, opens_at: datetime.datetime, closes_at: datetime.datetime,
                max_wishes: int = 5) -> OrientationWindow:
    window_check(actor=actor, academy=academy, from_level=from_level, to_level=to_level, opens_at=opens_at,
                 closes_at=closes_at, max_wishes=max_wishes, point=point)
    return OrientationWindow.objects.create(
        school_year=school_year, point=point, from_level=from_level, to_level=to_level, academy=academy,
        opens_at=opens_at, closes_at=closes_at, max_wishes=max_wishes, opened_by=actor)


@transaction.atomic
def window_change(*, actor: User, window: OrientationWindow, opens_at: datetime.datetime,
                  closes_at: datetime.datetime, max_wishes: int) -> OrientationWindow:
    """New dates or number of wishes. Lowering the number of wishes below a list already confirmed is refused:
    a receipt once given must stay true."""
    locked = OrientationWindow.objects.select_for_update().get(pk=window.pk)
    window_check(actor=actor, academy=locked.academy, from_level=locked.from_level, to_level=locked.to_level,
                 opens_at=opens_at, closes_at=closes_at, max_wishes=max_wishes, point=locked.point)
    window_wishes_check(window=locked, max_wishes=max_wishes)
    locked.opens_at, locked.closes_at, locked.max_wishes = opens_at, closes_at, max_wishes
    locked.save(update_fields=["opens_at", "closes_at", "max_wishes"])
    return locked
