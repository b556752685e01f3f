"""What the worst uploads cost a worker: each file is imported in a fresh process (the peak resident memory
covers python-calamine's own allocations too) against a 40-row class sheet, next to the real
40-row canevas of that sheet and a process that only starts Django (the baseline, measured in the same run). Each child resets its peak
resident size (/proc/self/clear_refs) just before the import, so the figure is the import's own.

The files: 100,000 and a million rows (it passes the ZIP checks), every column of a row (16,384), 40 remarks of
32,767 characters (Excel's most), 150 sheets, and a ZIP bomb. The stated bound: every one of them is answered
(imported or refused with its reasons) within BOUND_MB of memory above what the process held before the import
(its peak resident size, VmHWM, reset just before) and BOUND_SECONDS.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

from django.db import connection

BOUND_MB = 64
BOUND_SECONDS = 10.0
SHEET = "NotesCC"


def _xlsx(sheets: dict[str, object]) -> bytes:
    """A minimal workbook; each sheet's rows are an iterable of XML fragments (written as they come)."""
    out = BytesIO()
    names = list(sheets)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheet_list = "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"><sheets>{sheet_list}</sheets></workbook>'))
        relations = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                            f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                            for i in range(len(names)))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{relations}</Relationships>'))
        for i, name in enumerate(names):
            with archive.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
                           b'.org/spreadsheetml/2006/main"><sheetData>')
                for fragment in sheets[name]:
                    part.write(fragment.encode())
                part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _rows(count: int):
    """Rows as terse as a program can write them (no references: each row and cell follows the last)."""
    for n in range(1, count + 1):
        yield f"<row><c><v>{n}</v></c></row>"


def _wide():
    from openpyxl.utils import get_column_letter
    yield '<row r="18">' + "".join(f'<c r="{get_column_letter(c)}18"><v>1</v></c>' for c in range(1, 16385)) + "</row>"


def _long_remarks(real: bytes, tests: int) -> bytes:
    import openpyxl

    from massar.grades.canevas import layout as L
    workbook = openpyxl.load_workbook(BytesIO(real))
    ws = workbook[SHEET]
    import random
    rng = random.Random(3)  # noqa: S311 -- varied text, so that it does not compress like a ZIP bomb
    for row in range(18, ws.max_row + 1):
        ws.cell(row, L.FIRST_MARK_COLUMN + 2 * (tests + 1), "".join(rng.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ") for _ in range(32767)))
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _bomb() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(1024):  # 1 GB once inflated
                part.write(block)
    return out.getvalue()


def _child_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{settings['NAME']}"
    else:
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        env["DATABASE_URL"] = (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
                               f"{settings['PORT'] or 5432}/{settings['NAME']}")
    return env


def _measure(path: Path | None, teacher_id: int, sheet_id: int) -> dict:
    started = time.perf_counter()
    answer = subprocess.run([sys.executable, "-m", "bench.canevas_memory_child", str(path or ""), str(teacher_id),  # noqa: S603
                             str(sheet_id)], capture_output=True, text=True, env=_child_env(), check=True,
                            cwd=Path(__file__).resolve().parent.parent)
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def run() -> None:
    from bench.grades_import import _filled_file, _sheet_with_students

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    results = []
    try:
        sheet, teacher = _sheet_with_students(40, bulk=False)
        real = _filled_file(sheet)
        files = {
            "the class's real canevas (40 rows)": real,
            "100,000 rows": _xlsx({SHEET: _rows(100_000)}),
            "1,000,000 rows": _xlsx({SHEET: _rows(1_000_000)}),
            "16,384 columns in a row": _xlsx({SHEET: _wide()}),
            "40 remarks of 32,767 characters": _long_remarks(real, sheet.tests_count),
            "150 sheets": _xlsx({f"S{n}" if n else SHEET: _rows(40) for n in range(150)}),
            "ZIP bomb (1 GB inflated)": _bomb(),
        }
        connection.close()  # the children open their own connections to the test database
        base = _measure(None, teacher.pk, sheet.pk)
        with tempfile.TemporaryDirectory() as folder:
            for label, data in files.items():
                path = Path(folder) / "upload.xlsx"
                path.write_bytes(data)
                results.append((label, len(data), _measure(path, teacher.pk, sheet.pk)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"database: {connection.vendor}; baseline: a process that only starts Django, resident "
          f"{base['before_mb']:.0f} MB; each import's peak is measured from its own start (VmHWM reset)\n")
    print(f"| file | size (MB) | answer | import (s) | peak above baseline (MB) | bound ({BOUND_MB} MB, "
          f"{BOUND_SECONDS:g} s) |")
    print("|---|---:|---|---:|---:|---|")
    for label, size, result in results:
        above = result["maxrss_mb"] - result["before_mb"]
        ok = above <= BOUND_MB and result["seconds"] <= BOUND_SECONDS
        print(f"| {label} | {size / 1e6:.2f} | {result['outcome']} | {result['seconds']:.2f} | {above:.0f} | "
              f"{'ok' if ok else 'MISSED'} |")
