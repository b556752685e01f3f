"""Printing the report cards of a class, a level or a whole school at once, into one PDF.

`batch_request` records what was asked (a `BatchPrint` row, whose id is the unguessable address of its
progress page); `BatchPrinter` does it in the worker (tasks.report_cards_batch_task): it issues each student's
report card through the same service as a single download (the same selector, the same digest: a card already
issued is the same document, a changed one supersedes it) and hands each chunk of cards, as soon as it is
issued, to the processes that lay them out on every core (printing/chunks.py) while it issues the next ones;
the chunks' PDFs are joined into one. It writes its progress on the row after each student and each chunk. Each card is its own transaction, so the page polling the row sees it grow. Students without a card yet (a subject not published,
the semester not closed) are counted as skipped, not failed."""

import time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from massar.accounts.models import User
from massar.core.errors import Invalid, NotFound
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.schools.models import SchoolClass
from massar.schools.scopes import classes_visible_to
from massar.students.models import Student

from . import services
from .error_codes import DocumentsErrorCode
from .models import BatchPrint, BatchState, Document, DocumentLanguage

CHUNK = 25  # cards laid out and written per WeasyPrint pass: progress every few seconds, bounded memory


def batch_classes(*, actor: User, school_year: SchoolYear) -> QuerySet[SchoolClass]:
    """The classes of the actor's school that year, which a batch may print (a school administrator's)."""
    if actor.role != Role.SCHOOL_ADMIN:
        return SchoolClass.objects.none()
    return (classes_visible_to(actor).filter(school_year=school_year)
            .select_related("level", "stream").order_by("level__order", "code"))


def batch_request(*, actor: User, target: str, semester: Semester | None, school_year: SchoolYear,
                  language: str) -> BatchPrint:
    """Record a batch of `target` ("class:<id>", "level:<code>" or "school") for `semester` (None: the annual
    report cards); NotFound for a class or level outside the actor's school."""
    if language not in DocumentLanguage.values:
        raise Invalid(DocumentsErrorCode.UNKNOWN_LANGUAGE, _("Choose Arabic or French."))
    classes = batch_classes(actor=actor, school_year=school_year)
    staff = actor.staff_member
    if staff is None or staff.school is None:
        raise NotFound(DocumentsErrorCode.NOT_FOUND, _("No such class."))
    kind, _sep, value = target.partition(":")
    school_class = None
    level_code = ""
    if kind == "class" and value.isdigit():
        school_class = classes.filter(pk=int(value)).first()
        if school_class is None:
            raise NotFound(DocumentsErrorCode.NOT_FOUND, _("No such class."))
    elif kind == "level" and classes.filter(level__code=value).exists():
        level_code = value
    elif kind != "school":
        raise NotFound(DocumentsErrorCode.NOT_FOUND, _("No such class."))
    return BatchPrint.objects.create(school=staff.school, school_class=school_class, level_code=level_code,
                                     semester=semester, school_year=school_year, language=language,
                                     requested_by=actor)


def batch_students(batch: BatchPrint) -> list[Student]:
    """The students enrolled now in the batch's classes, class by class, then by name (as the class list)."""
    classes = batch_classes(actor=batch.requested_by, school_year=batch.school_year)
    if batch.school_class_id:
        classes = classes.filter(pk=batch.school_class_id)
    elif batch.level_code:
        classes = classes.filter(level__code=batch.level_code)
    return list(Student.objects.filter(enrolments__school_class__in=classes, enrolments__status="active")
                .order_by("enrolments__school_class__level__order", "enrolments__school_class__code",
                          "last_name_latin", "first_name_latin", "massar_code").distinct())


class BatchPrinter:
    """Issues and prints the report cards of a batch, writing its progress on the row."""

    def __init__(self, batch: BatchPrint, *, limit: int | None = None) -> None:
        self.batch = batch
        self.limit = limit  # the first students only (the benchmark's BENCH_CARDS)
        self.seconds: dict[str, float] = {}  # issuing, laying out, writing the PDF (the benchmark prints them)

    def _save(self, **fields: Any) -> None:
        for name, value in fields.items():
            setattr(self.batch, name, value)
        self.batch.save(update_fields=list(fields))

    def _issue(self, student: Student) -> Document:
        actor = self.batch.requested_by
        if self.batch.semester is not None:
            return services.report_card_issue(viewer=actor, student=student, semester=self.batch.semester)
        return services.annual_report_card_issue(viewer=actor, student=student, school_year=self.batch.school_year)

    def run(self) -> dict[str, int]:
        from .printing.chunks import ChunkPipeline, joined
        from .printing.render import document_source, source_page

        students = batch_students(self.batch)[:self.limit]
        self._save(state=BatchState.RUNNING, total=len(students), done=0, printed=0, skipped=0)
        started = time.perf_counter()
        language = self.batch.language
        title = ""
        issued = 0
        chunk: list[Any] = []
        with override(language), ChunkPipeline(language=language, build=source_page) as pipeline:
            # Each full chunk goes to the processes at once: they lay it out while the next cards are issued.
            for number, student in enumerate(students, start=1):
                try:
                    document = self._issue(student)
                except Invalid:
                    self.batch.skipped += 1
                else:
                    title = title or document.reference
                    chunk.append(document_source(document))
                    issued += 1
                    if len(chunk) == CHUNK:
                        pipeline.submit(chunk, title=title)
                        chunk = []
                self._save(done=number, skipped=self.batch.skipped,
                           printed=min(pipeline.finished() * CHUNK, issued))
            if chunk:
                pipeline.submit(chunk, title=title)
            self.seconds["issue"] = time.perf_counter() - started
            started = time.perf_counter()
            parts = []
            for part in pipeline.parts():
                parts.append(part)
                self._save(printed=min(len(parts) * CHUNK, issued))
        self.seconds["layout"] = time.perf_counter() - started
        if not issued:
            self._save(state=BatchState.FAILED, finished_at=timezone.now(), error=str(
                _("No student of this batch has a report card available yet.")))
            return self.summary()
        started = time.perf_counter()
        pdf = joined(parts, title=title)
        self.seconds["write"] = time.perf_counter() - started
        self._save(pdf=pdf, state=BatchState.DONE, finished_at=timezone.now())
        return self.summary()

    def summary(self) -> dict[str, int]:
        return {"students": self.batch.total, "printed": self.batch.printed, "skipped": self.batch.skipped}
