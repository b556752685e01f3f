"""Grade work done outside the web request: the semester close (massar/grades/close/).

The close reports its progress where every web process can read it (close/progress.py: step, steps done,
total, rows, and at the end the summary or the error) so that a page can poll it; the task's return value is
the summary.
"""

from django.tasks import TaskContext, task

from .close.progress import PROGRESS_TTL, CloseProgressReport, close_progress, progress_key

__all__ = ["PROGRESS_TTL", "SCOPES", "close_progress", "progress_key", "semester_close_task"]

SCOPES = ("nation", "academy", "directorate", "school")


@task(takes_context=True)
def semester_close_task(context: TaskContext, semester_id: int, scope_kind: str = "nation",
                        scope_id: str | None = None) -> dict:
    """Close `semester_id` for a school (scope_id: its code), a directorate, an academy (its code) or the nation."""
    from massar.core.models import Semester

    from .close import scope_schools, semester_close

    if scope_kind not in SCOPES:
        raise ValueError(f"unknown scope {scope_kind!r}: one of {', '.join(SCOPES)}")
    report = CloseProgressReport(context.task_result.id)
    report.started()
    semester = Semester.objects.get(pk=semester_id)
    schools = scope_schools(school=scope_id if scope_kind == "school" else None,
                            directorate=scope_id if scope_kind == "directorate" else None,
                            academy=scope_id if scope_kind == "academy" else None)
    try:
        summary = semester_close(semester=semester, schools=schools, progress=report.step).as_dict()
    except Exception as error:
        report.failed(str(error))
        raise
    report.finished(summary)
    return summary
