"""The Excel canevas from the teacher's grid page: download the sheet's canevas, upload a filled one.

Both find the sheet exactly as the grid does (`teacher_sheet`: the caller's own assignment, else 404),
whatever a form sends. The import itself (massar.grades.canevas) checks the file's safety, ties it to
this sheet, validates every cell and writes all or nothing, only while the sheet is a draft."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from openpyxl.utils import get_column_letter

from massar.access.gates import MemberRequest
from massar.grades.canevas import CanevasImporter, CanevasRefused, canevas_export
from massar.grades.models import GradeSheet

from ..errors import domain_errors_as_pages
from .sheets import teacher_grid_page, teacher_sheet
from .teacher import teacher_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_FIELD = "canevas"


@require_safe
@teacher_only
@domain_errors_as_pages
def teacher_canevas_download(request: MemberRequest, class_id: int, subject: str, semester: int
                             ) -> HttpResponseBase:
    sheet = teacher_sheet(request, class_id, subject, semester)
    filename, data = canevas_export(sheet=sheet)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, no_store=True)
    return response


def _grid(request: MemberRequest, sheet: GradeSheet, status: int = 200, **canevas: object) -> HttpResponse:
    sheet.refresh_from_db()
    return teacher_grid_page(request, sheet, status, **canevas)


@require_POST
@teacher_only
@domain_errors_as_pages
def teacher_canevas_upload(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    """Import a filled canevas into this sheet; answer with the grid and the summary or every located problem."""
    sheet = teacher_sheet(request, class_id, subject, semester)
    upload = request.FILES.get(UPLOAD_FIELD)
    if upload is None:
        return _grid(request, sheet, 400, canevas_error=_("Choose the filled canevas (.xlsx) to upload."))
    limit = settings.MASSAR_CANEVAS_MAX_BYTES
    size = upload.size or 0
    if size > limit:  # refused before the file is read into memory
        return _grid(request, sheet, 400, canevas_error=_(
            "The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(size / 1e6, 1), "limit": round(limit / 1e6, 1)})
    data = upload.read(limit + 1)
    try:
        summary = CanevasImporter(actor=request.user, sheet=sheet).run(data)
    except CanevasRefused as refused:
        problems = [{"sheet": p.sheet, "row": p.row or "", "column": get_column_letter(p.column) if p.column else "",
                     "reason": p.reason} for p in refused.problems]
        return _grid(request, sheet, 422, canevas_problems=problems)
    return _grid(request, sheet, canevas_success=summary.describe())
