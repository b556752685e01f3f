"""The Excel canevas from the teacher's grid page: download the sheet's canevas, upload a filled one.

Both find the sheet exactly as the grid does (`_teacher_sheet`: the caller's own assignment, else 404),
whatever a form sends. The import itself (massar.grades.canevas) checks the file's safety, ties it to
this sheet, validates every cell and writes all or nothing, only while the sheet is a draft."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from openpyxl.utils import get_column_letter

from massar.grades.canevas import CanevasImporter, CanevasRefused, canevas_export
from massar.grades.models import GradeSheet, SheetStatus

from .grades_staff import _columns, _sheet_args, _teacher_sheet, class_students, sheet_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_FIELD = "canevas"


@require_safe
@login_required
def teacher_canevas_download(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    sheet = _teacher_sheet(request, class_id, subject, semester)
    filename, data = canevas_export(sheet=sheet)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, no_store=True)
    return response


def _grid(request: HttpRequest, sheet: GradeSheet, status: int = 200, **canevas) -> HttpResponse:
    sheet.refresh_from_db()
    return render(request, "portals/grades/teacher_grid.html", {
        "sheet": sheet, "rows": sheet_rows(sheet, class_students(sheet.school_class)), "columns": _columns(sheet),
        "editable": sheet.status == SheetStatus.DRAFT, "args": _sheet_args(sheet), **canevas,
    }, status=status)


@require_POST
@login_required
def teacher_canevas_upload(request: HttpRequest, class_id: int, subject: str, semester: int) -> HttpResponse:
    """Import a filled canevas into this sheet; answer with the grid and the summary or every located problem."""
    sheet = _teacher_sheet(request, class_id, subject, semester)
    upload = request.FILES.get(UPLOAD_FIELD)
    if upload is None:
        return _grid(request, sheet, 400, canevas_error=_("Choose the filled canevas (.xlsx) to upload."))
    limit = settings.MASSAR_CANEVAS_MAX_BYTES
    if upload.size > limit:  # refused before the file is read into memory
        return _grid(request, sheet, 400, canevas_error=_(
            "The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(upload.size / 1e6, 1), "limit": round(limit / 1e6, 1)})
    data = upload.read(limit + 1)
    try:
        summary = CanevasImporter(actor=request.user, sheet=sheet).run(data)
    except CanevasRefused as refused:
        problems = [{"sheet": p.sheet, "row": p.row or "", "column": get_column_letter(p.column) if p.column else "",
                     "reason": p.reason} for p in refused.problems]
        return _grid(request, sheet, 422, canevas_problems=problems)
    return _grid(request, sheet, canevas_success=summary.describe())
