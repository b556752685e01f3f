"""Where a sheet stands as its teacher reads it on "My classes" and on the grid: not started, being entered,
submitted, returned (with the administration's comment), validated, published, withdrawn (after publication).

The workflow has four statuses (models.SheetStatus); a teacher needs two more distinctions inside "draft":
a sheet nobody has typed anything in yet ("not started": no sheet, or one only opened) and a sheet the
administration sent back ("returned": a draft that still carries the comment it came back with, until the
teacher submits it again)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import GradeSheet, Mark, SheetStatus, StudentRemark


class SheetState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    BEING_ENTERED = "being_entered", _("Being entered")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("grade sheet", "Withdrawn")  # taken back after publication


@dataclass(frozen=True)
class SheetProgress:
    state: SheetState
    comment: str = ""  # the administration's comment, when the sheet was sent back

    @property
    def label(self) -> str:
        return str(self.state.label)


def _entered() -> Q:
    """Something was typed on the sheet: a mark, an absence or a remark."""
    marks = Mark.objects.filter(sheet=OuterRef("pk")).filter(Q(value__isnull=False) | Q(absent=True))
    remarks = StudentRemark.objects.filter(sheet=OuterRef("pk")).exclude(text="")
    return Q(Exists(marks)) | Q(Exists(remarks))


def _progress(status: str, comment: str, entered: bool) -> SheetProgress:
    if status != SheetStatus.DRAFT:
        return SheetProgress(SheetState(status))
    if comment:
        return SheetProgress(SheetState.RETURNED, comment)
    return SheetProgress(SheetState.BEING_ENTERED if entered else SheetState.NOT_STARTED)


NOT_STARTED = SheetProgress(SheetState.NOT_STARTED)


def sheet_progress(*, sheet: GradeSheet | None) -> SheetProgress:
    """Where one sheet stands (None: the sheet was never opened)."""
    if sheet is None or sheet.pk is None:
        return NOT_STARTED
    entered = GradeSheet.objects.filter(pk=sheet.pk).filter(_entered()).exists()
    return _progress(sheet.status, sheet.returned_comment, entered)


def sheets_progress(*, teaching: Iterable[tuple[int, int]]) -> dict[tuple[int, int, int], SheetProgress]:
    """Where every sheet of these (class id, subject id) pairs stands, by (class id, subject id, semester
    number), in one query; a pair × semester missing from the answer was never opened (not started)."""
    pairs = set(teaching)
    if not pairs:
        return {}
    rows = (GradeSheet.objects
            .filter(school_class_id__in={c for c, _s in pairs}, subject_id__in={s for _c, s in pairs})
            .annotate(entered=_entered())
            .values_list("school_class_id", "subject_id", "semester__number", "status", "returned_comment",
                         "entered"))
    return {(class_id, subject_id, number): _progress(status, comment, entered)
            for class_id, subject_id, number, status, comment, entered in rows if (class_id, subject_id) in pairs}
