"""Each domain app registers the scope of its own models here, in its AppConfig.ready(); the back office and
anything generic asks `rows_visible_to(user, Model)`. A model nobody registered is a LookupError, never
"everything", so a new model cannot reach the back office unscoped."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Model, QuerySet

from .scope import caller_of

Rule = Callable[[Any], QuerySet]

_rules: dict[type[Model], Rule] = {}
_reference: set[type[Model]] = set()


def register(model: type[Model], rule: Rule) -> None:
    """`rule(user)` returns the rows of `model` the user may see."""
    if model in _rules and _rules[model] is not rule:
        raise ValueError(f"{model.__name__} already has a scope rule.")
    _rules[model] = rule


def register_reference(*models: type[Model]) -> None:
    """National reference data (the same for every school, published by the ministry): every signed-in
    account reads it; anonymous visitors read nothing."""
    for model in models:
        _reference.add(model)
        register(model, partial(reference_visible_to, model=model))


def is_reference(model: type[Model]) -> bool:
    return model in _reference


def reference_visible_to(user: Any, model: type[Model]) -> QuerySet:
    if model not in _reference:
        raise LookupError(f"{model.__name__} is not national reference data.")
    if caller_of(user) is None:
        return model._default_manager.none()
    return model._default_manager.all()


def rows_visible_to(user: Any, model: type[Model]) -> QuerySet:
    """The rows of `model` that `user` may see, whichever model it is."""
    rule = _rules.get(model)
    if rule is None:
        raise LookupError(f"The scope layer has no rule for {model.__name__}.")
    return rule(user)
