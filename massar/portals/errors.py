"""How pages answer a domain's refusals: a `NotFound` is the not-found page (a row outside the caller's scope
is never a hint that it exists), a `Refused` the forbidden page; other kinds are shown where the page reads
them (a message, a flagged cell)."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from massar.core.errors import NotFound, Refused

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def domain_errors_as_pages(view: Callable[Concatenate[R, P], HttpResponseBase]
                   ) -> Callable[Concatenate[R, P], HttpResponseBase]:
    """Answer a domain NotFound or Refused that `view` lets through with the not-found or forbidden page."""
    @wraps(view)
    def page(request: R, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Refused as refused:
            raise PermissionDenied(str(refused)) from None

    return page
