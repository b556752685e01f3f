"""Cells a spreadsheet reader hands over as blank although they are not: an error cell (`#DIV/0!`, `#N/A`) and a
formula with no computed value (a file written by a program, never opened in Excel). A blank cell is the only
way to say "not entered", so these must be refused where they are, never read as a deleted mark.

A formula that carries its computed value (what Excel shows, saved with the file) is read as that value, as
the teacher saw it. python-calamine does not say which cells are formulas or errors, so the worksheet's XML is
scanned here: the file already passed the size checks of safety.py, and the scan is a single linear pass.
"""

import re
import zipfile
from io import BytesIO

from openpyxl.utils import column_index_from_string

FORMULA = "formula"
ERROR = "error"

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_SHEET_ID_FIRST = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"[^>]*?\bname="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATION_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REFERENCE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")


def _unescape(name: bytes) -> str:
    return (name.decode("utf-8", "replace").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The ZIP member holding the worksheet called `sheet_name`."""
    workbook = archive.read("xl/workbook.xml")
    ids = {_unescape(name): rid for name, rid in _SHEET.findall(workbook)}
    ids |= {_unescape(name): rid for rid, name in _SHEET_ID_FIRST.findall(workbook)}
    rid = ids.get(sheet_name)
    if rid is None or "xl/_rels/workbook.xml.rels" not in archive.namelist():
        return None
    relations = archive.read("xl/_rels/workbook.xml.rels")
    targets = dict(_RELATION.findall(relations)) | {i: t for t, i in _RELATION_TARGET_FIRST.findall(relations)}
    target = targets.get(rid)
    if target is None:
        return None
    path = target.decode("utf-8", "replace")
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def cells_without_value(data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) → ERROR or FORMULA for the cells of `sheet_name` that hold an error or a formula without a
    computed value; {} when the worksheet cannot be found (the reader then says what is wrong)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet_name)
            if part is None or part not in archive.namelist():
                return {}
            xml = archive.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}
    found: dict[tuple[int, int], str] = {}
    for attributes, body in _CELL.findall(xml):
        error = bool(_ERROR_TYPE.search(attributes))
        formula_without_value = bool(body) and bool(_FORMULA.search(body)) and not _VALUE.search(body)
        if not (error or formula_without_value):
            continue
        reference = _REFERENCE.search(attributes)
        if reference is None:
            continue
        column = column_index_from_string(reference.group(1).decode())
        found[(int(reference.group(2)), column)] = ERROR if error else FORMULA
    return found
