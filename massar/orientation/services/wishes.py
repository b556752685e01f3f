"""A student ranks their wishes in their window (DOMAIN §8): up to the window's number, among the streams open
to them, changed as often as they like until the deadline; each confirmed change gets a new receipt.

Two tabs or two phones cannot lose a change: the form carries the version of the wishes it was read at, and a
save from a stale form is refused (STALE_WISHES) with the wishes as they are now. The student's row is locked
first, so that two first saves at once cannot both create a list."""

import datetime
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Conflict, Invalid, NotFound, Refused
from massar.core.roles import Role
from massar.students.models import Student

from .. import selectors
from ..error_codes import OrientationErrorCode as Code
from ..models import Wish, WishList

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: nothing to misread


def receipt_new(*, student: Student, version: int) -> str:
    """`F164115196-03-7KQ2M`: the student's code, the version of their wishes, and 5 random characters."""
    random_part = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(5))
    return f"{student.massar_code}-{version:02d}-{random_part}"


def _checked(ranked: Sequence[tuple[int, int]], *, allowed: set[int], limit: int) -> list[int]:
    """The offers in rank order, once the ranks and offers were checked."""
    if not ranked:
        raise Invalid(Code.NO_WISHES, _("Rank at least one stream."), field="wishes")
    ranks = sorted(rank for rank, _offer in ranked)
    if ranks != list(range(1, len(ranked) + 1)):
        raise Invalid(Code.RANKS_NOT_CONTIGUOUS, _("The ranks must be 1, 2, 3… with no gap and no repeat."),
                      field="wishes")
    if len(ranked) > limit:
        raise Invalid(Code.TOO_MANY_WISHES, _("You may rank at most %(limit)d streams.") % {"limit": limit},
                      field="wishes")
    offers = [offer for _rank, offer in sorted(ranked)]
    if len(set(offers)) != len(offers):
        raise Invalid(Code.DUPLICATE_WISH, _("Each stream may be ranked only once."), field="wishes")
    unknown = [offer for offer in offers if offer not in allowed]
    if unknown:
        raise Invalid(Code.UNKNOWN_OFFER, _("One of these streams is not open to you in this window."),
                      field="wishes", offers=unknown)
    return offers


@transaction.atomic
def wishes_save(*, actor: User, student: Student, ranked: Sequence[tuple[int, int]], version: int,
                now: datetime.datetime | None = None) -> WishList:
    """Save `student`'s wishes, `ranked` as (rank, offer id) pairs, read at `version` (0: none saved yet).
    Only the student themself, inside their window; the same wishes again change nothing (same receipt)."""
    if actor.role != Role.STUDENT or actor.student_id != student.pk:
        raise Refused(Code.READ_ONLY, _("Only the student ranks their own wishes; this page is read-only for you."))
    now = now or timezone.now()
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one save at a time per student
    enrolment = selectors.current_enrolment(student)
    window = selectors.student_window(student=student, enrolment=enrolment, now=now) if enrolment else None
    if window is None or enrolment is None:
        raise NotFound(Code.NO_WINDOW, _("There is no orientation window for you this year."))
    state = selectors.window_state(window, now=now)
    if state == selectors.NOT_YET:
        raise Invalid(Code.WINDOW_NOT_OPEN, _("The orientation window is not open yet."))
    if state == selectors.CLOSED:
        raise Invalid(Code.WINDOW_CLOSED, _("The orientation window has closed: your wishes can no longer change."))
    allowed = set(selectors.open_offers(window=window, enrolment=enrolment).values_list("pk", flat=True))
    offers = _checked(ranked, allowed=allowed, limit=min(window.max_wishes, len(allowed)) or window.max_wishes)
    saved = WishList.objects.select_for_update().filter(window=window, student=student).first()
    if (saved.version if saved else 0) != version:
        raise Conflict(Code.STALE_WISHES, _("Your wishes were changed elsewhere (another tab or phone) since this "
                                            "page was opened. Here they are as saved now: make your change again."),
                       version=saved.version if saved else 0)
    if saved is not None and list(saved.wishes.order_by("rank").values_list("offer_id", flat=True)) == offers:
        return saved  # nothing changed: the receipt stands
    if saved is None:
        saved = WishList(window=window, student=student, version=0)
    saved.version += 1
    saved.confirmed_at = now
    saved.receipt = receipt_new(student=student, version=saved.version)
    saved.save()
    saved.wishes.all().delete()
    Wish.objects.bulk_create(Wish(wish_list=saved, rank=rank, offer_id=offer)
                             for rank, offer in enumerate(offers, start=1))
    return saved
