"""Writing an import's cells: only those that changed, as integers compared in hundredths, upserted in
batches (one statement over arrays on PostgreSQL). The caller holds the sheet's row lock and the transaction."""

from decimal import Decimal

from django.db import connection

from ..models import GradeSheet, Mark, StudentRemark

DELETE_CHUNK = 5000
BLANK = (None, False)  # a cell not entered: no Mark row is kept for it
UPSERT_BATCH = 5000
ARRAY_BATCH = 50_000


def stored_marks(sheet_id: int) -> dict[tuple[int, int], tuple[int | None, bool]]:
    """(student, slot) → (mark in hundredths, absent). Read with a plain cursor and compared as integers:
    building 400,000 Decimals through the ORM costs more than the whole comparison (see bench/grades_import)."""
    table = connection.ops.quote_name(Mark._meta.db_table)
    with connection.cursor() as cursor:
        # The table name comes from the model, not from the file.
        cursor.execute(f"SELECT student_id, slot, value, absent FROM {table} WHERE sheet_id = %s",  # noqa: S608
                       [sheet_id])
        return {(student, slot): (None if value is None else round(value * 100), bool(absent))
                for student, slot, value, absent in cursor.fetchall()}


def marks_upsert(rows: list[tuple]) -> None:
    """INSERT ... ON CONFLICT (sheet, student, slot) DO UPDATE, in batches. Written as SQL rather than
    `bulk_create(update_conflicts=True)`: the ORM spends ~15 µs per row building model instances. On
    PostgreSQL each batch is one statement over five arrays (unnest): per-row statements, or one statement
    with 10,000 placeholders, spend most of their time being split into parameters on the client (20 s for
    400,000 marks); SQLite, in process, takes executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("sheet_id", "student_id", "slot", "value", "absent"))
    conflict = ", ".join(quote(c) for c in ("sheet_id", "student_id", "slot"))
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        source, batch_size = ("SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::smallint[], %s::numeric[], "
                              "%s::boolean[])"), ARRAY_BATCH
    else:
        source, batch_size = "VALUES (%s, %s, %s, %s, %s)", UPSERT_BATCH
    # Table and column names come from the model, not from the file.
    sql = (f"INSERT INTO {quote(Mark._meta.db_table)} ({columns}) {source} "
           f"ON CONFLICT ({conflict}) DO UPDATE SET {quote('value')} = excluded.{quote('value')}, "
           f"{quote('absent')} = excluded.{quote('absent')}")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            if on_postgresql:
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
            else:
                cursor.executemany(sql, batch)


def decimal_of(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents).scaleb(-2)



Cells = dict[tuple[int, int], tuple[int | None, bool]]  # (student, slot) → (mark in hundredths, absent)


def sheet_cells_write(*, sheet: GradeSheet, cells: Cells, remarks: dict[int, str]) -> tuple[int, int]:
    """Write what differs from what is stored; (cells changed, remarks changed). `sheet` is locked."""
    existing = stored_marks(sheet.pk)
    upserts, deletions = [], []
    for key, new in cells.items():
        if new == existing.get(key, BLANK):
            continue
        if new == BLANK:
            deletions.append(key)
        else:
            upserts.append((sheet.pk, key[0], key[1], decimal_of(new[0]), new[1]))
    old_remarks = dict(StudentRemark.objects.filter(sheet=sheet).values_list("student_id", "text"))
    remark_upserts = [StudentRemark(sheet_id=sheet.pk, student_id=student, text=text)
                      for student, text in remarks.items() if text and old_remarks.get(student) != text]
    remark_deletions = [student for student, text in remarks.items() if not text and old_remarks.get(student)]
    marks_upsert(upserts)
    by_slot: dict[int, list[int]] = {}
    for student, slot in deletions:
        by_slot.setdefault(slot, []).append(student)
    for slot, students in by_slot.items():
        for start in range(0, len(students), DELETE_CHUNK):
            Mark.objects.filter(sheet=sheet, slot=slot, student_id__in=students[start:start + DELETE_CHUNK]).delete()
    if remark_upserts:
        StudentRemark.objects.bulk_create(remark_upserts, update_conflicts=True, unique_fields=["sheet", "student"],
                                          update_fields=["text"], batch_size=2000)
    for start in range(0, len(remark_deletions), DELETE_CHUNK):
        StudentRemark.objects.filter(sheet=sheet, student_id__in=remark_deletions[start:start + DELETE_CHUNK]).delete()
    return len(upserts) + len(deletions), len(remark_upserts) + len(remark_deletions)
