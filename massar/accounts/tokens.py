"""API bearer tokens: issued once, stored as a SHA-256 digest, revocable, ended by a password change.

A token is 32 random bytes, URL-safe (43 characters). Only its digest and its first 8 characters (the prefix
people recognise it by) are stored; the token itself is shown once, in the answer that creates it.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .events import account_event_record
from .models import AccountEventKind, ApiToken, User
from .token_cache import token_cached, token_keep, tokens_forget, tokens_forget_of_accounts

TOKEN_BYTES = 32
PREFIX_LENGTH = 8
# Generous: a real token is 43 characters; anything far longer is not worth hashing.
TOKEN_MAX_LENGTH = 200
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str = "", ip_address: str | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row, and the token itself (never stored, shown once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    api_token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=token[:PREFIX_LENGTH], digest=token_digest(token),
        expires_at=timezone.now() + timedelta(days=settings.MASSAR_API_TOKEN_DAYS),
    )
    account_event_record(user=user, kind=AccountEventKind.TOKEN_CREATED, actor=user, ip_address=ip_address,
                         detail=api_token.prefix)
    return api_token, token


def api_tokens_active(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


@transaction.atomic
def api_token_revoke(*, api_token: ApiToken, actor: User, ip_address: str | None = None) -> None:
    if api_token.revoked_at is not None:
        return
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    tokens_forget([api_token.digest])
    account_event_record(user=api_token.user, kind=AccountEventKind.TOKEN_REVOKED, actor=actor, ip_address=ip_address,
                         detail=api_token.prefix)


@transaction.atomic
def api_tokens_revoke_all(*, user: User, actor: User | None = None, ip_address: str | None = None) -> int:
    """End every token of `user` (a password change, a temporary password used). Returns how many."""
    tokens_forget_of_accounts(user_id=user.pk)
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        account_event_record(user=user, kind=AccountEventKind.TOKEN_REVOKED, actor=actor, ip_address=ip_address,
                             detail=f"all ({count})")
    return count


def api_token_authenticate(token: str) -> ApiToken | None:
    """The live token `token` stands for, or None: unknown, revoked, expired, its account inactive or
    waiting for a new password, or minted before the account's last password change. The row and its account
    come from the shared cache when kept there (token_cache.py); the checks run on every call."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    now = timezone.now()
    digest = token_digest(token)
    kept = token_cached(digest)
    if isinstance(kept, ApiToken):
        api_token = kept
    else:
        found = api_token_row(digest, now)
        if found is None:
            return None
        api_token = found
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        if kept is None:
            token_keep(api_token)
    return api_token if api_token_live(api_token, now) else None


def api_token_row(digest: str, now: datetime) -> ApiToken | None:
    """The live-looking row of `digest` from the database, with its account and the account's person, without
    the password hash: the row is kept in the shared cache (the hash is read on use, if ever)."""
    return (ApiToken.objects.select_related("user__student", "user__guardian", "user__staff_member")
            .defer("user__password")
            .filter(digest=digest, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True).first())


def api_token_live(api_token: ApiToken, now: datetime) -> bool:
    """The checks a token passes on every call, whether its row comes from the database or the cache."""
    user = api_token.user
    if api_token.revoked_at is not None or api_token.expires_at <= now or not user.is_active:
        return False
    if user.must_change_password:
        return False
    return not (user.password_changed_at and api_token.created_at < user.password_changed_at)
