"""Bulk writing for the national dataset: ids handed out in blocks, rows streamed with COPY or batched INSERTs.

Model `save()` and `bulk_create()` cost a Python object per row; at a million pupils that is the whole
budget. Rows here are plain tuples streamed from generators, with primary keys allocated up front so that
dependent rows (enrolments, teaching assignments) can be written without reading anything back.
On PostgreSQL the rows go through COPY; elsewhere (SQLite in development) through `executemany` in batches.
Everything runs inside the caller's transaction: a failure leaves nothing behind.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, pairwise
from typing import Any, Protocol

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, Q, QuerySet

INSERT_BATCH = 5_000


class BulkWriter(Protocol):
    def allocate_ids(self, model: type[Model], count: int) -> Sequence[int]: ...

    def insert(self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> int: ...

    def existing_keys(self, model: type[Model], field: str, values: Sequence[str]) -> set[str]: ...


def _column(model: type[Model], name: str) -> str:
    """The database column of a concrete field (`school` → `school_id`; `pk` → the primary key's)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field.column


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [_column(model, name) for name in fields]


def _compact(ids: list[int]) -> Sequence[int]:
    """Ids as a range when they are consecutive (they are, unless another session drew from the sequence)."""
    if ids and ids[-1] - ids[0] == len(ids) - 1 and all(b == a + 1 for a, b in pairwise(ids)):
        return range(ids[0], ids[-1] + 1)
    return ids


class PostgresCopyWriter:
    """COPY FROM STDIN through the psycopg 3 connection underneath Django's, in Django's transaction."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def allocate_ids(self, model: type[Model], count: int) -> Sequence[int]:
        # nextval() per id: safe next to concurrent inserts, and the sequence stays ahead of our explicit ids.
        if count == 0:
            return range(0)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, _column(model, "pk")])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
            return _compact([row[0] for row in cursor.fetchall()])

    def insert(self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(column) for column in _columns(model, fields))
        written = 0
        with self.connection.cursor() as cursor, cursor.copy(
                f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written

    def existing_keys(self, model: type[Model], field: str, values: Sequence[str]) -> set[str]:
        found: set[str] = set()
        quote = self.connection.ops.quote_name
        column = quote(_column(model, field))
        with self.connection.cursor() as cursor:
            for start in range(0, len(values), 100_000):
                # One array parameter instead of one placeholder per value.
                cursor.execute(f"SELECT {column} FROM {quote(model._meta.db_table)} "  # noqa: S608 - quoted names
                               f"WHERE {column} = ANY(%s)", [list(values[start:start + 100_000])])
                found.update(row[0] for row in cursor.fetchall())
        return found


class BatchInsertWriter:
    """Plain multi-row inserts for SQLite (development): correct, and fast enough for tens of thousands."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def allocate_ids(self, model: type[Model], count: int) -> Sequence[int]:
        # The caller's transaction holds SQLite's write lock, so nobody else can take these ids meanwhile;
        # inserting an explicit id also moves AUTOINCREMENT's high-water mark past it.
        table, pk = model._meta.db_table, _column(model, "pk")
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")  # noqa: S608 - quoted names
            highest = cursor.fetchone()[0]
            if self.connection.vendor == "sqlite":
                cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
                highest = max(highest, cursor.fetchone()[0])
        return range(highest + 1, highest + 1 + count)

    def insert(self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        quote = self.connection.ops.quote_name
        columns = _columns(model, fields)
        sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
               f"VALUES ({', '.join(['%s'] * len(columns))})")  # quoted names, values as parameters
        written = 0
        iterator: Iterator[Sequence[object]] = iter(rows)
        with self.connection.cursor() as cursor:
            while batch := list(islice(iterator, INSERT_BATCH)):
                cursor.executemany(sql, [self._adapt(row) for row in batch])
                written += len(batch)
        return written

    def _adapt(self, row: Sequence[object]) -> list[Any]:
        # Dates and datetimes the way Django stores them on this backend (SQLite keeps ISO text).
        ops = self.connection.ops
        adapted: list[Any] = []
        for value in row:
            if isinstance(value, datetime.datetime):
                adapted.append(ops.adapt_datetimefield_value(value))
            elif isinstance(value, datetime.date):
                adapted.append(ops.adapt_datefield_value(value))
            else:
                adapted.append(value)
        return adapted

    def existing_keys(self, model: type[Model], field: str, values: Sequence[str]) -> set[str]:
        lookup = f"{field}__in"
        manager = model._default_manager.using(self.connection.alias)
        batch = max(1, min(10_000, (self.connection.features.max_query_params or 10_000) - 1))
        found: set[str] = set()
        for start in range(0, len(values), batch):
            found.update(manager.filter(**{lookup: values[start:start + batch]}).values_list(field, flat=True))
        return found


def writer_for(using: str) -> BulkWriter:
    connection = connections[using]
    if connection.vendor == "postgresql":
        return PostgresCopyWriter(connection)
    return BatchInsertWriter(connection)


def delete_where(using: str, queryset: QuerySet[Any]) -> int:
    """One set-based DELETE of the rows `queryset` selects: no objects loaded, no per-row signals.

    Only for tables whose dependants were deleted first: the database's foreign keys still check that
    nothing else points at the deleted rows, so a forgotten dependant aborts the transaction, never
    leaves a dangling reference.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    table, pk = quote(queryset.model._meta.db_table), quote(_column(queryset.model, "pk"))
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # Quoted names and the ORM's own parameterised subquery: nothing user-typed reaches the SQL text.
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({sql})", params)  # noqa: S608
        return cursor.rowcount


def national_dataset_delete(using: str, academy_codes: Sequence[str]) -> dict[str, int]:
    """Delete everything attached to the national academies, dependants first; the demo's rows stay.

    The Massar code ledger and counters are kept on purpose: a code, once issued, is never issued again.
    """
    from massar.accounts.models import User
    from massar.schools.models import Academy, Directorate, School, SchoolClass
    from massar.staff.models import StaffMember, TeachingAssignment
    from massar.students.models import Enrolment, Student, StudentGuardian

    def manager(model: type[Model]) -> Any:
        return model._default_manager.using(using)

    academies = manager(Academy).filter(code__in=academy_codes)
    directorates = manager(Directorate).filter(academy__in=academies)
    schools = manager(School).filter(directorate__in=directorates)
    classes = manager(SchoolClass).filter(school__in=schools)
    students = manager(Student).filter(opened_by__in=schools)
    staff = manager(StaffMember).filter(
        Q(school__in=schools) | Q(directorate__in=directorates) | Q(academy__in=academies))
    deleted = _grades_delete(using, manager, classes, students)
    # Accounts are few (benchmarks create some): the ORM delete follows their own cascades.
    manager(User).filter(Q(student__in=students) | Q(staff_member__in=staff)).delete()
    deleted |= {
        "guardian links": delete_where(using, manager(StudentGuardian).filter(student__in=students)),
        "teaching assignments": delete_where(using, manager(TeachingAssignment).filter(
            Q(school_class__in=classes) | Q(teacher__in=staff))),
        "enrolments": delete_where(using, manager(Enrolment).filter(
            Q(school_class__in=classes) | Q(student__in=students))),
        "students": delete_where(using, students),
        "staff": delete_where(using, staff),
        "classes": delete_where(using, classes),
    }
    delete_where(using, manager(School.cycles.through).filter(school__in=schools))
    deleted["schools"] = delete_where(using, schools)
    deleted["directorates"] = delete_where(using, directorates)
    deleted["academies"] = delete_where(using, academies)
    return deleted


def _grades_delete(using: str, manager: Any, classes: QuerySet[Any], students: QuerySet[Any]) -> dict[str, int]:
    """What benchmarks wrote for the national classes and students (bench/semester_close keeps a semester)."""
    from massar.grades.models import (
        CanevasImport,
        GradeSheet,
        Mark,
        MarkEvent,
        SemesterResult,
        SheetResult,
        StudentRemark,
    )

    sheets = manager(GradeSheet).filter(school_class__in=classes)
    # Keyed by (semester, student): no single-column primary key for delete_where.
    results = manager(SemesterResult).filter(Q(school_class__in=classes) | Q(student__in=students))
    return {
        "semester results": results._raw_delete(using),
        "sheet results": delete_where(using, manager(SheetResult).filter(sheet__in=sheets)),
        "canevas imports": delete_where(using, manager(CanevasImport).filter(sheet__in=sheets)),
        "mark corrections": delete_where(using, manager(MarkEvent).filter(Q(sheet__in=sheets) | Q(student__in=students))),
        "remarks": delete_where(using, manager(StudentRemark).filter(Q(sheet__in=sheets) | Q(student__in=students))),
        "marks": delete_where(using, manager(Mark).filter(Q(sheet__in=sheets) | Q(student__in=students))),
        "grade sheets": delete_where(using, sheets),
    }
