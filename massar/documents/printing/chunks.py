"""Printing many documents into one PDF on every core: the pages are cut into chunks, each chunk is laid out
and written to a PDF of its own — in worker processes when there are several cores — and the chunks' PDFs are
joined, in order, into one.

WeasyPrint's layout is pure Python and holds the interpreter: one process lays out one page at a time, so a
school's thousand report cards take a thousand layouts end to end. Processes forked for the batch each lay out
their own chunks (each with its fonts loaded once), and a chunk's laid-out pages are released once its PDF is
written, so the memory of a batch no longer grows with its size. A child only lays out what it was handed
(templates and already formatted values): it never touches the database, and it leaves by `os._exit` (as
multiprocessing's children do), so the parent's database connection is neither used nor closed by it.

`DOCUMENTS_PRINT_PROCESSES` (settings, from the environment) says how many processes; 1 renders in the calling
process, as a test or a one-core machine does."""

import io
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.conf import settings
from django.utils import translation
from pypdf import PdfWriter

Page = tuple[str, dict[str, Any]]  # (template, context)

_printers: dict[str, Any] = {}  # one Printer per language and process: its fonts are loaded once


def _printer(language: str) -> Any:
    from .render import Printer

    if language not in _printers:
        _printers[language] = Printer(language)
    return _printers[language]


def chunk_pdf(language: str, pages: Sequence[Page], title: str) -> bytes:
    """One chunk's pages laid out and written (in a worker process, or here)."""
    with translation.override(language):
        return _printer(language).pdf(pages, title=title)


def processes() -> int:
    return max(1, int(getattr(settings, "DOCUMENTS_PRINT_PROCESSES", 1)))


def chunk_pdfs(chunks: Sequence[Sequence[Page]], *, language: str, title: str,
               workers: int | None = None) -> Iterator[bytes]:
    """Each chunk's PDF, in the order of `chunks`, as soon as it and those before it are done."""
    workers = min(workers or processes(), len(chunks))
    if workers <= 1:
        for pages in chunks:
            yield chunk_pdf(language, pages, title)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(chunk_pdf, [language] * len(chunks), chunks, [title] * len(chunks))


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
