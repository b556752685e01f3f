"""The accounts API's refusals keep the shape their operations declare.

Every refusal is a `DomainError` answered by the API's one exception handler (config/api.py): `{"detail",
"code", **details}`. The accounts operations declared their error bodies with optional fields (`unlocks_at`,
`retry_after_seconds`, `field`, `errors`) that their clients read as present-and-null; `answers_as` fills in
the absent ones, so that an answer is the same whichever service refused.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from ninja import Schema

from massar.core.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


def _optional_fields(schema: type[Schema]) -> dict[str, Any]:
    return {name: field.get_default(call_default_factory=True) for name, field in schema.model_fields.items()
            if name not in ("detail", "code") and not field.is_required()}


def answers_as(schema: type[Schema], *, kinds: tuple[type[DomainError], ...] = (DomainError,),
               otherwise: type[Schema] | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """An operation whose DomainErrors of `kinds` carry every optional field of `schema` (its default when
    absent), and any other DomainError those of `otherwise` (when given)."""
    fields, other_fields = _optional_fields(schema), _optional_fields(otherwise) if otherwise else {}

    def decorator(operation: Callable[P, R]) -> Callable[P, R]:
        @wraps(operation)
        def answered(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return operation(*args, **kwargs)
            except DomainError as error:
                defaults = fields if isinstance(error, kinds) else other_fields
                error.details = {**defaults, **error.details}
                raise

        return answered

    return decorator

