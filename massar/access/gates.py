"""The gates: one page decorator and one API caller dependency, by role.

A page gate lets signed-in accounts of the named roles through and answers every other signed-in account
with the not-found page (a page's existence is not a hint for other roles); anonymous visitors go to the
sign-in page. Behind a gate `request.user` is an active account, and the view's request is typed so
(`MemberRequest`). The API's caller is the account its bearer token (or the authentication class) named;
an inactive account is nobody.
"""

from collections.abc import Callable, Collection
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from massar.core.errors import NotAuthenticated, Refused
from massar.core.roles import STAFF_ROLES

from .error_codes import AccessErrorCode

if TYPE_CHECKING:
    # django-stubs' alias for the model named by AUTH_USER_MODEL: the account, typed without importing a domain.
    from django.contrib.auth.models import _User as User

P = ParamSpec("P")
View = Callable[Concatenate["MemberRequest", P], HttpResponseBase]


class MemberRequest(HttpRequest):
    """A request that passed a gate: its user is a signed-in, active account (for type checkers)."""

    user: "User"  # type: ignore[assignment]


def signed_in(view: View[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Any signed-in account."""
    return login_required(view)  # type: ignore[arg-type,return-value]


def roles_required(*roles: str, superuser: bool = False
                   ) -> Callable[[View[P]], Callable[Concatenate[HttpRequest, P], HttpResponseBase]]:
    """Signed-in accounts of `roles` (and superusers when `superuser`); other accounts get a 404."""
    allowed = frozenset(roles)

    def decorator(view: View[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
        @wraps(view)
        def gated(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            user: Any = request.user
            if user.role not in allowed and not (superuser and user.is_superuser):
                raise Http404
            return view(request, *args, **kwargs)  # type: ignore[arg-type]

        return login_required(gated)

    return decorator


def staff_required(view: View[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Teachers, administrators and officers (and superusers)."""
    return roles_required(*STAFF_ROLES, superuser=True)(view)


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the WSGI server saw it (a proxy in front must set REMOTE_ADDR correctly): what
    the services record and throttle by, for pages and API alike."""
    return request.META.get("REMOTE_ADDR") or None


def api_caller(request: HttpRequest) -> "User":
    """The active account behind an API request, or NotAuthenticated (401). The authentication class sets
    `request.auth` to the account or to its API token (whose `user` is the account); a session cookie alone
    never counts (no CSRF on the API)."""
    auth = getattr(request, "auth", None)
    user = getattr(auth, "user", auth)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAuthenticated(AccessErrorCode.NOT_AUTHENTICATED, _("Sign in first."))
    return user


def api_caller_in(request: HttpRequest, roles: Collection[str], *, code: str, message: Any) -> "User":
    """The API caller, refused (403, `code`) unless their role is one of `roles`."""
    user = api_caller(request)
    if user.role not in roles:
        raise Refused(code, message)
    return user
