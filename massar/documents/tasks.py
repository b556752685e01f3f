"""Documents work done outside the web request: a batch of report cards (batches.py), run by the worker
(`manage.py db_worker`) as the semester close is. Its progress is on its row (BatchPrint), which the staff page
polls; the task's return value is the summary."""

from django.tasks import task


@task()
def report_cards_batch_task(batch_id: str) -> dict:
    """Print batch `batch_id` (a BatchPrint's id) into one PDF."""
    from django.utils import timezone

    from .batches import BatchPrinter
    from .models import BatchPrint, BatchState

    batch = BatchPrint.objects.select_related("requested_by", "semester", "school_year").get(pk=batch_id)
    try:
        return BatchPrinter(batch).run()
    except Exception as error:
        BatchPrint.objects.filter(pk=batch_id).update(state=BatchState.FAILED, error=str(error)[:300],
                                                      finished_at=timezone.now())
        raise
