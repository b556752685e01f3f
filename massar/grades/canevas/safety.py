"""Checks an uploaded canevas passes before any parsing: its size, that it is an OOXML workbook (a ZIP with
the parts a workbook has), and that it is no zip bomb (judged from the ZIP's central directory, which lists
every member's compressed and uncompressed size, without inflating anything)."""

import zipfile
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
# A member this small cannot hurt whatever its ratio (an empty sheet compresses a hundredfold).
RATIO_FLOOR_BYTES = 1024 * 1024


def _is_cell_part(name: str) -> bool:
    """A part that holds cells: a worksheet, or the strings the worksheets share."""
    return (name.startswith("xl/worksheets/") and name.endswith(".xml")) or name == "xl/sharedStrings.xml"


def file_problems(data: bytes) -> list[str]:
    """Why this upload is refused before parsing (empty list: it may be parsed)."""
    limit = settings.MASSAR_CANEVAS_MAX_BYTES
    if len(data) > limit:
        return [_("The file is too large (%(size)s MB; at most %(limit)s MB).")
                % {"size": round(len(data) / 1e6, 1), "limit": round(limit / 1e6, 1)}]
    if not data.startswith(ZIP_MAGIC):
        return [_("This is not an Excel workbook (.xlsx): export the canevas again and fill that file.")]
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return [_("This file is damaged or is not an Excel workbook (.xlsx).")]
    names = {member.filename for member in members}
    if any(part not in names for part in REQUIRED_PARTS):
        return [_("This ZIP file is not an Excel workbook (.xlsx).")]
    if len(members) > settings.MASSAR_CANEVAS_MAX_MEMBERS:
        return [_("This workbook has too many parts to be a canevas.")]
    total = sum(member.file_size for member in members)
    if total > settings.MASSAR_CANEVAS_MAX_UNCOMPRESSED_BYTES:
        return [_("Once unpacked this file would take %(size)s MB (at most %(limit)s MB): it is refused.")
                % {"size": round(total / 1e6), "limit": round(settings.MASSAR_CANEVAS_MAX_UNCOMPRESSED_BYTES / 1e6)}]
    ratio_limit = settings.MASSAR_CANEVAS_MAX_RATIO
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > ratio_limit * max(member.compress_size, 1):
            return [_("This file is compressed suspiciously well (a “zip bomb”?): it is refused.")]
    part_limit = settings.MASSAR_CANEVAS_MAX_PART_BYTES
    for member in members:
        if _is_cell_part(member.filename) and member.file_size > part_limit:
            return [_("A sheet of this workbook is far larger than a class's canevas (%(size)s MB once unpacked; at "
                      "most %(limit)s MB): export the canevas again and fill that file.")
                    % {"size": round(member.file_size / 1e6, 1), "limit": round(part_limit / 1e6, 1)}]
    return []
