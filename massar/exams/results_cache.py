"""What is kept of a student's published results in the shared cache (Redis in production), and how a
publication forgets it.

Three things are kept per student, for `MASSAR_RESULTS_CACHE_SECONDS`: the selector's rows
(`student_results`), the API's answer in each language (`results_of`) and that answer as sent, with its status
and headers (config/results_lane.py). A publication does not delete them: it lays a tombstone (`STALE`) over
each once it has committed, for `MASSAR_RESULTS_FORGET_SECONDS`, and readers only ever *add* where nothing is.
A read that looked at the database just before the commit and writes just after cannot put the unpublished
answer back for an hour (the race a deletion leaves open). Meanwhile reads come from the database; the first
read after the tombstone keeps the published answer. Redis down: every read comes from the database.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache

STALE = "stale"


def results_cache_key(student_id: int) -> str:
    return f"massar:exam-results:{student_id}"


def results_answer_cache_key(student_id: int, language: str) -> str:
    """The API's answer of `student_id`'s results in `language`, as sent (JSON)."""
    return f"massar:exam-results:{student_id}:answer:{language}"


def results_answer_sent_cache_key(student_id: int, language: str) -> str:
    """The same answer with the status and headers Django's middleware gave it (config/results_lane.py)."""
    return f"{results_answer_cache_key(student_id, language)}:as-sent"


def results_cache_keys(student_ids: list[int]) -> list[str]:
    """Every key under which these students' results are kept: the selector's rows, the API's answer and the
    answer as sent (config/results_lane.py), in each language."""
    return [key for pk in student_ids for key in (
        results_cache_key(pk), *(key(pk, language) for language, _name in settings.LANGUAGES
                                 for key in (results_answer_cache_key, results_answer_sent_cache_key)))]


def results_kept(key: str) -> Any:
    """What is kept under `key`, or None when nothing is or a publication has just tombstoned it."""
    if settings.MASSAR_RESULTS_CACHE_SECONDS <= 0:
        return None  # results kept for no time: nothing to look up
    kept = cache.get(key)
    return None if kept is None or (isinstance(kept, str) and kept == STALE) else kept


def results_keep(key: str, value: object) -> None:
    """Keep what was just read, only where nothing is: a read that began before a publication committed and
    ends after its tombstone was laid cannot put the unpublished answer back."""
    if settings.MASSAR_RESULTS_CACHE_SECONDS > 0:
        cache.add(key, value, settings.MASSAR_RESULTS_CACHE_SECONDS)


def results_cache_forget(student_ids: list[int]) -> None:
    """Tombstone these students' kept results (once the publication has committed) for
    `MASSAR_RESULTS_FORGET_SECONDS`: reads meanwhile come from the database and keep nothing, so a read still
    in flight from before the commit cannot refill the cache with what it saw; afterwards the first read keeps
    the published answer."""
    for start in range(0, len(student_ids), 1000):
        cache.set_many(dict.fromkeys(results_cache_keys(student_ids[start:start + 1000]), STALE),
                       settings.MASSAR_RESULTS_FORGET_SECONDS)
