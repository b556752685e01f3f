"""What is kept of a student's published results in the shared cache (Redis in production), and how a
publication outdates it.

Three things are kept per student, for `MASSAR_RESULTS_CACHE_SECONDS`: the selector's rows
(`student_results`), the API's answer in each language (`results_of`) and that answer as sent, with its status
and headers (config/results_lane.py). Each is kept with the results' *generation* its reader saw before it
read the database: a token every publication replaces when it commits (`results_cache_forget`: one write,
whatever the number of candidates — tombstoning 500,000 students' seven keys each took a minute). A kept value
of another generation is not served: its reader reads the database and keeps the new one. A read that looked
at the database just before a publication committed keeps what it saw under the old generation, which
nobody serves — the race a deletion leaves open (the unpublished answer kept for an hour). The generation is
fetched with the value, in the same round trip. Redis down: every read comes from the database.
"""

from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "massar:exam-results:generation"


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


def results_kept(key: str) -> tuple[Any, str | None]:
    """(what is kept under `key` if it was kept in the current generation, else None; the current generation,
    to keep what is read next with)."""
    if settings.MASSAR_RESULTS_CACHE_SECONDS <= 0:
        return None, None  # results kept for no time: nothing to look up
    found = cache.get_many([key, GENERATION_KEY])
    generation, kept = found.get(GENERATION_KEY), found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generation:
        return kept[1], generation
    return None, generation


def results_keep(key: str, value: object, generation: str | None) -> None:
    """Keep what was just read, with the generation seen before reading it."""
    if settings.MASSAR_RESULTS_CACHE_SECONDS > 0:
        cache.set(key, (generation, value), settings.MASSAR_RESULTS_CACHE_SECONDS)


def results_cache_forget() -> None:
    """A publication has committed: whatever was kept before it is of the old generation, served no more."""
    cache.set(GENERATION_KEY, uuid4().hex, None)
