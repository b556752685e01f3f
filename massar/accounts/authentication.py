"""Where Django's authentication calls into the accounts domain: the backend every sign-in goes through
(settings.AUTHENTICATION_BACKENDS), and the receiver of `user_logged_in` (connected in AccountsConfig.ready).
Django hands both the request; they pass it back to Django only, and give the domain an IP string.

Its dotted path is stored in every session (Django checks it on each request): it stays
`massar.accounts.authentication.SignInBackend`, so that moving it would not sign everybody out.
"""

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import User
from .selectors import signin_name_normalize
from .services.sessions import temporary_password_consume

# The backend to name when logging a user in by code (`login(request, user, backend=SIGNIN_BACKEND)`).
SIGNIN_BACKEND = "massar.accounts.authentication.SignInBackend"
# The person records read with a signed-in account (sessions and API tokens alike).
PERSON = ("student", "guardian")


def temporary_password_expired(user: User) -> bool:
    expires = user.temporary_password_expires_at
    return expires is not None and expires <= timezone.now()


class SignInBackend(ModelBackend):
    """Django's ModelBackend (it hashes for unknown names too), with the sign-in name normalised (a bare Massar
    code works) and an expired temporary password refused, whichever page or API signs in.

    Django hands a backend the request that `authenticate()` was given; it is typed Any here because this
    domain never reads a request itself: the flag set on it is read back by `signin_attempt`."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is not None:
            username = signin_name_normalize(str(username))
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and temporary_password_expired(user):
            if request is not None:
                # Only someone who typed the right (expired) password learns this.
                request.massar_temporary_password_expired = True
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        """The signed-in account of a session, with its person (a student's or a parent's record) in the same
        query: every page of theirs reads it."""
        user = User.objects.select_related(*PERSON).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def temporary_password_consume_on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: any other way in (the back office's login page) consumes a temporary password
    too; the session's hash is then renewed so that this session, and only this one, goes on. Django sends
    the request; it is only handed back to Django's session helper."""
    if getattr(user, "temporary_password_expires_at", None) is not None and request is not None:
        temporary_password_consume(user=user, ip_address=request.META.get("REMOTE_ADDR") or None)
        update_session_auth_hash(request, user)
