"""The accounts API's refusals keep the shape their operations declare.

Every refusal is a `DomainError` answered by the API's one exception handler (config/api.py): `{"detail",
"code", **details}`. The accounts operations declared their error bodies with optional fields (`unlocks_at`,
`retry_after_seconds`, `field`, `errors`) that their clients read as present-and-null; `answers_as` fills in
the absent ones, so that an answer is the same whichever service refused.
"""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from ninja import Schema

from massar.core.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


def answers_as(schema: type[Schema]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """An operation whose DomainErrors carry every optional field of `schema` (its default when absent)."""
    defaults = {name: field.get_default(call_default_factory=True) for name, field in schema.model_fields.items()
                if name not in ("detail", "code") and not field.is_required()}

    def decorator(operation: Callable[P, R]) -> Callable[P, R]:
        @wraps(operation)
        def answered(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return operation(*args, **kwargs)
            except DomainError as error:
                error.details = {**defaults, **error.details}
                raise

        return answered

    return decorator

