"""The Excel canevas from the teacher's grid page: download the sheet's canevas, upload a filled one.

Both find the sheet exactly as the grid does (`teacher_sheet`: the caller's own assignment, else 404),
whatever a form sends. The import itself (massar.grades.canevas) checks the file's safety, ties it to
this sheet, validates every cell and writes all or nothing, only while the sheet is a draft.

An upload answers with a redirect to a GET of its own address (post/redirect/get), which shows the grid with
what the last upload to this sheet said (kept in the session): reloading or switching the language shows it
again and never sends the file twice."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe
from openpyxl.utils import get_column_letter

from massar.access.gates import MemberRequest
from massar.grades.canevas import CanevasImporter, CanevasRefused, ImportSummary, canevas_export
from massar.grades.models import CanevasImport, GradeSheet

from ..errors import domain_errors_as_pages
from .sheets import teacher_grid_page, teacher_sheet
from .teacher import teacher_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_FIELD = "canevas"
LAST_UPLOAD = "massar:canevas:last_upload"  # session key: {"sheet": pk, **what the upload said}
PROBLEMS_KEPT = 500  # a refused 100,000-row file must not fill the session


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


def _grid(request: MemberRequest, sheet: GradeSheet) -> HttpResponse:
    """The grid, with what the last upload to this sheet said (if the session has it)."""
    sheet.refresh_from_db()
    last = request.session.get(LAST_UPLOAD) or {}
    said = {key: value for key, value in last.items() if key != "sheet"} if last.get("sheet") == sheet.pk else {}
    if "summary" in said:  # told again in the page's language (a language switch)
        numbers = said.pop("summary")
        same_as = CanevasImport.objects.filter(pk=numbers.pop("same_as"), sheet=sheet).first()
        said["canevas_success"] = ImportSummary(sheet=sheet, same_as=same_as, **numbers).describe()
    return teacher_grid_page(request, sheet, **said)


def _said(request: MemberRequest, sheet: GradeSheet, **result: object) -> HttpResponse:
    request.session[LAST_UPLOAD] = {"sheet": sheet.pk, **result}
    return redirect(request.path)


@require_http_methods(["GET", "HEAD", "POST"])
@teacher_only
@domain_errors_as_pages
def teacher_canevas_upload(request: MemberRequest, class_id: int, subject: str, semester: int) -> HttpResponseBase:
    """Import a filled canevas into this sheet, then show the grid with the summary or every located problem."""
    sheet = teacher_sheet(request, class_id, subject, semester)
    if request.method != "POST":
        return _grid(request, sheet)
    upload = request.FILES.get(UPLOAD_FIELD)
    if upload is None:
        return _said(request, sheet, canevas_error=_("Choose the filled canevas (.xlsx) to upload."))
    limit = settings.MASSAR_CANEVAS_MAX_BYTES
    size = upload.size or 0
    if size > limit:  # refused before the file is read into memory
        return _said(request, sheet, canevas_error=_(
            "The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(size / 1e6, 1), "limit": round(limit / 1e6, 1)})
    data = upload.read(limit + 1)
    try:
        summary = CanevasImporter(actor=request.user, sheet=sheet).run(data)
    except CanevasRefused as refused:
        problems = [{"sheet": p.sheet, "row": p.row or "", "column": get_column_letter(p.column) if p.column else "",
                     "reason": str(p.reason)} for p in refused.problems[:PROBLEMS_KEPT]]
        more = refused.total - len(problems)
        if more > 0:
            return _said(request, sheet, canevas_problems=problems, canevas_error=ngettext(
                "%(count)d more problem is not listed: correct these and upload the file again.",
                "%(count)d more problems are not listed: correct these and upload the file again.", more)
                % {"count": more})
        return _said(request, sheet, canevas_problems=problems)
    return _said(request, sheet, summary={"rows": summary.rows, "cells_changed": summary.cells_changed,
                                          "remarks_changed": summary.remarks_changed,
                                          "same_as": summary.same_as.pk if summary.same_as else None})
