"""The account behind an API token, kept in the shared cache (Redis in production) so that a signed-in read
does not begin with a database query: results day's rereads and the morning roll call meet the token on
every request.

An entry is the token row with its account and the account's student, guardian or staff member, as the
database gave them, for `MASSAR_API_TOKEN_CACHE_SECONDS` (60 s). The token's own checks (expiry, account
active, no new password pending, minted after the last password change) run on every request, cached or not.

What could make an entry wrong is answered by a tombstone, not a deletion: revoking or deleting a token,
revoking all of an account's tokens, and any save of the account or of the person it stands for (a staff
member moved to another school, a deactivated account, a new password) put `STALE` under each of the
account's tokens, at once and again when the transaction commits. A tombstoned token is read from the
database (as before there was a cache) and not kept until the tombstone expires; an entry is only ever added
where nothing is (a request that read the row just before a revocation cannot put the revoked token back).
Redis down: every request reads the database.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import ApiToken

STALE = "stale"
KEY = "api-token:v1:{}"


def token_cache_key(digest: str) -> str:
    return KEY.format(digest)


def token_cached(digest: str) -> ApiToken | str | None:
    """The kept token row, `STALE` while a change is recent, or None (not kept)."""
    kept = cache.get(token_cache_key(digest))
    return kept if isinstance(kept, ApiToken) or kept == STALE else None


def token_keep(api_token: ApiToken) -> None:
    """Keep the row just read, unless something is already there (a tombstone, or another request's copy)."""
    cache.add(token_cache_key(api_token.digest), api_token, settings.MASSAR_API_TOKEN_CACHE_SECONDS)


def tokens_forget(digests: Iterable[str]) -> None:
    """Tombstone these tokens now and once the current transaction commits."""
    keys = [token_cache_key(digest) for digest in digests]
    if not keys:
        return

    def tombstone() -> None:
        cache.set_many(dict.fromkeys(keys, STALE), settings.MASSAR_API_TOKEN_CACHE_SECONDS)

    tombstone()
    transaction.on_commit(tombstone)


def tokens_forget_of_accounts(**account_filter: object) -> None:
    """Tombstone every unrevoked token of the accounts matching `account_filter` (e.g. `user_id=…`,
    `user__staff_member_id=…`): one indexed query."""
    tokens_forget(ApiToken.objects.filter(revoked_at__isnull=True, **account_filter)
                  .values_list("digest", flat=True))


def _account_saved(sender: type, instance: object, created: bool = False, update_fields: frozenset[str] | None = None,
                   **kwargs: object) -> None:
    # A sign-in only stamps last_login: nothing a token's checks or its caller's scope read.
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    tokens_forget_of_accounts(user_id=instance.pk)  # type: ignore[attr-defined]


def _token_deleted(sender: type, instance: ApiToken, **kwargs: object) -> None:
    # Also reached through an account's deletion (its tokens cascade, one by one since this receiver exists).
    tokens_forget([instance.digest])


def _person_saved(field: str) -> Callable[..., None]:
    def receiver(sender: type, instance: object, created: bool = False, **kwargs: object) -> None:
        if not created:
            tokens_forget_of_accounts(**{f"user__{field}_id": instance.pk})  # type: ignore[attr-defined]
    return receiver


def token_cache_watch() -> None:
    """Connect the changes that tombstone an account's tokens (from AccountsConfig.ready)."""
    from django.db.models.signals import post_save, pre_delete

    from massar.staff.models import StaffMember
    from massar.students.models import Guardian, Student

    from .models import User

    post_save.connect(_account_saved, sender=User, dispatch_uid="massar_token_cache_account")
    pre_delete.connect(_token_deleted, sender=ApiToken, dispatch_uid="massar_token_cache_token_deleted")
    for model, field in ((StaffMember, "staff_member"), (Student, "student"), (Guardian, "guardian")):
        post_save.connect(_person_saved(field), sender=model, weak=False,
                          dispatch_uid=f"massar_token_cache_{field}")
