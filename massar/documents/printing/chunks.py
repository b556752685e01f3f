"""Printing many documents into one PDF on every core: the pages are cut into chunks, each chunk is laid out
and written to a PDF of its own — in worker processes when there are several cores — and the chunks' PDFs are
joined, in order, into one.

WeasyPrint's layout is pure Python and holds the interpreter: one process lays out one page at a time, so a
school's thousand report cards take a thousand layouts end to end. Processes forked for the batch each lay out
their own chunks, and a chunk's laid-out pages are released once its PDF is written, so the memory of a batch
no longer grows with its size. A child only lays out what it was handed (templates and facts already read): it
never touches the database, and it leaves by `os._exit` (as multiprocessing's children do), so the parent's
database connection is neither used nor closed by it.

`ChunkPipeline` hands each chunk to the processes as soon as it is complete, so the caller goes on issuing the
next cards while the first ones are laid out (a batch's issuing no longer waits for its layout, nor the layout
for the whole issuing). The printer (stylesheet and fonts, loaded once) is made in the parent before the
processes are forked: each child starts with it, instead of loading it again.

`DOCUMENTS_PRINT_PROCESSES` (settings, from the environment) says how many processes; 1 renders in the calling
process, as a test or a one-core machine does."""

import io
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any

from django.conf import settings
from django.utils import translation
from pypdf import PdfWriter

Page = tuple[str, dict[str, Any]]  # (template, context)
Build = Callable[[Any, str], Page]  # what a chunk holds → its page (template, context), in the child

_printers: dict[str, Any] = {}  # one Printer per language and process: its fonts are loaded once


def _printer(language: str) -> Any:
    from .render import Printer

    if language not in _printers:
        _printers[language] = Printer(language)
    return _printers[language]


def chunk_pdf(language: str, items: Sequence[Any], title: str, build: Build | None = None) -> bytes:
    """One chunk laid out and written (in a worker process, or here): `items` are its pages, or what `build`
    makes them from (a document's facts: its page is then formatted in the child, not in the parent)."""
    with translation.override(language):
        pages = list(items) if build is None else [build(item, language) for item in items]
        return _printer(language).pdf(pages, title=title)


def processes() -> int:
    return max(1, int(getattr(settings, "DOCUMENTS_PRINT_PROCESSES", 1)))


class ChunkPipeline:
    """Chunks laid out on `workers` processes while the caller prepares the next ones; `parts()` gives their
    PDFs in the order they were submitted. One process (`workers=1`) lays each chunk out as it is submitted."""

    def __init__(self, *, language: str, build: Build | None = None, workers: int | None = None) -> None:
        self.language = language
        self.build = build
        self.workers = workers or processes()
        self._pool: ProcessPoolExecutor | None = None
        self._parts: list[Future[bytes] | bytes] = []

    def __enter__(self) -> "ChunkPipeline":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=error is not None)
            self._pool = None

    def submit(self, items: Sequence[Any], *, title: str) -> None:
        if self.workers <= 1:
            self._parts.append(chunk_pdf(self.language, items, title, self.build))
        else:
            if self._pool is None:  # at the first chunk; the printer loaded here is inherited by the children
                _printer(self.language)
                self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context("fork"))
            self._parts.append(self._pool.submit(chunk_pdf, self.language, list(items), title, self.build))

    def finished(self) -> int:
        """How many chunks, from the first, are laid out and written."""
        count = 0
        for part in self._parts:
            if isinstance(part, Future) and not part.done():
                break
            count += 1
        return count

    def parts(self) -> Iterator[bytes]:
        """Each chunk's PDF, in order, as soon as it and those before it are done."""
        for part in self._parts:
            yield part.result() if isinstance(part, Future) else part


def chunk_pdfs(chunks: Sequence[Sequence[Page]], *, language: str, title: str,
               workers: int | None = None) -> Iterator[bytes]:
    """Each chunk's PDF, in the order of `chunks`, as soon as it and those before it are done."""
    with ChunkPipeline(language=language, workers=min(workers or processes(), len(chunks))) as pipeline:
        for pages in chunks:
            pipeline.submit(pages, title=title)
        yield from pipeline.parts()


def joined(parts: Sequence[bytes], *, title: str) -> bytes:
    """The chunks' PDFs as one, pages in order."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
