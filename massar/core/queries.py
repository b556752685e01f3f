"""Query shapes the ORM does not write by itself."""

from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet


class _AmongArray(Lookup):
    """`lhs = ANY(ARRAY(subquery))` (PostgreSQL)."""

    lookup_name = "among_array"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)  # the subquery, in its own parentheses
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def among(field: str, keys: QuerySet[Any]) -> Q:
    """`field IN (keys)`, written on PostgreSQL as `field = ANY(ARRAY(keys))`.

    For `IN (subquery)` PostgreSQL plans from its estimate of the subquery's rows, and when a search matches a
    few thousand keys it reads the whole other table (a hash join over a million enrolments, or every row of an
    index filtered through the keys' hash) where looking each key up in `field`'s index costs a fraction. An
    array's length is not known when planning, so `= ANY(ARRAY(...))` is looked up key by key in the index
    (several such conditions joined by OR become one BitmapOr). `keys` must select one column. Elsewhere
    (SQLite) the plain IN."""
    if connection.vendor == "postgresql":
        return Q(_AmongArray(F(field), keys))
    return Q(**{f"{field}__in": keys})
