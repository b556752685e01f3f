"""Which documents and batches a caller sees (registered in DocumentsConfig.ready()).

- A student their own certificates, a parent their children's. Report cards reach them only through the
  semester report selector (selectors.report_card_facts), which decides what is published to whom and when
  (parents after their delay): an issued report card's row is not a way around it. Exam transcripts reach them
  likewise only through the exams scope of published results (transcripts.transcript_result).
- A school administrator the documents their school issued, and every document of the students it holds now
  (students.scopes.record_of_schools_q: the whole history of a student who transferred in), and the batches
  printed for their school.
- Officers read the register of the documents issued by the schools of their territory (the back office);
  they print nothing. Teachers see no documents (their class lists are not documents: nothing to verify).
"""

from typing import Any

from django.db.models import QuerySet

from massar.access.scope import caller_of, territory_q
from massar.core.roles import Role
from massar.students.scopes import record_of_schools_q, students_visible_to

from .models import BatchPrint, Document, DocumentFile, DocumentKind

CERTIFICATES = (DocumentKind.SCHOOL_CERTIFICATE, DocumentKind.LEAVING_CERTIFICATE)
REPORT_CARDS = (DocumentKind.REPORT_CARD, DocumentKind.ANNUAL_REPORT_CARD)


def documents_visible_to(user: Any) -> QuerySet[Document]:
    caller = caller_of(user)
    if caller is None:
        return Document.objects.none()
    if caller.role in (Role.STUDENT, Role.PARENT):
        return Document.objects.filter(student__in=students_visible_to(user), kind__in=CERTIFICATES)
    if caller.role == Role.SCHOOL_ADMIN:
        # What the school issued, and the whole record of the students it holds now (DOMAIN §9): a school the
        # student left does not read the new school's documents.
        return Document.objects.filter(student__in=students_visible_to(user)).filter(
            record_of_schools_q(user, school="school"))
    if caller.sees_whole_schools:
        territory = territory_q(caller, "school")
        return Document.objects.all() if territory is None else Document.objects.filter(territory)
    return Document.objects.none()


def document_files_visible_to(user: Any) -> QuerySet[DocumentFile]:
    return DocumentFile.objects.filter(document__in=documents_visible_to(user))


def documents_printable_by(user: Any) -> QuerySet[Document]:
    """The documents `user` may download by reference or revoke: a school administrator's, of their students."""
    caller = caller_of(user)
    if caller is None or caller.role != Role.SCHOOL_ADMIN:
        return Document.objects.none()
    return documents_visible_to(user)


def batches_visible_to(user: Any) -> QuerySet[BatchPrint]:
    caller = caller_of(user)
    if caller is None or caller.role != Role.SCHOOL_ADMIN or caller.school_id is None:
        return BatchPrint.objects.none()
    return BatchPrint.objects.filter(school_id=caller.school_id)
