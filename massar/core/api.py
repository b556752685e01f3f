from django.core.cache import cache
from django.db import connection
from ninja import Router, Schema
from ninja.responses import Status

router = Router(tags=["health"])


class Health(Schema):
    status: str
    database: str
    cache: str


@router.get("/health", response={200: Health, 503: Health}, auth=None, summary="Is the service up?")
def health(request):
    """200 when the database and the cache answer; 503 (with which one failed) otherwise."""
    database = cache_state = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        database = "unavailable"
    try:
        cache.set("massar:health", "1", 5)
        if cache.get("massar:health") != "1":
            cache_state = "unavailable"
    except Exception:
        cache_state = "unavailable"
    ok = database == "ok" and cache_state == "ok"
    return Status(200 if ok else 503, Health(status="ok" if ok else "degraded", database=database, cache=cache_state))
