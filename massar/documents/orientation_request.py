"""The orientation request a parent signs (DOMAIN §8): the student's ranked wishes as confirmed in their window,
with the receipt, printed in Arabic or French with a verifiable reference like every document.

Its facts are what the wish list states (the streams and their schools in both languages, the receipt and when
it was confirmed), not the scores: the same request whoever prints it. A new confirmation (a new receipt)
makes a new document that supersedes the previous one, so a signed paper of an older choice says so when its
reference is checked."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid
from massar.orientation import selectors as orientation
from massar.students.models import Student

from .error_codes import DocumentsErrorCode
from .models import Document, DocumentKind
from .selectors import class_facts, school_facts, student_facts
from .services import document_issue


def _named(row: Any) -> dict[str, str]:
    return {"ar": row.name_ar, "fr": row.name_fr}


def orientation_request_facts(*, viewer: User, student: Student) -> dict[str, Any]:
    """What the request states, as `viewer` reads the student's orientation; Invalid NOT_YET_AVAILABLE until
    the student has confirmed wishes."""
    view = orientation.student_orientation(viewer=viewer, student=student)
    if view.window is None or view.wish_list is None or view.enrolment is None or not view.wishes:
        raise Invalid(DocumentsErrorCode.NOT_YET_AVAILABLE,
                      _("The request can be printed once the student has confirmed their wishes."))
    school_class = view.enrolment.school_class
    confirmed = timezone.localtime(view.wish_list.confirmed_at)
    return {"kind": DocumentKind.ORIENTATION_REQUEST.value, "student": student_facts(student),
            "school": school_facts(school_class.school), "class": class_facts(school_class),
            "year": view.window.school_year.label, "to_level": _named(view.window.to_level),
            "receipt": view.wish_list.receipt, "confirmed_on": confirmed.date().isoformat(),
            "confirmed_time": f"{confirmed.hour:02d}:{confirmed.minute:02d}",
            "wishes": [{"rank": wish.rank, "stream_code": wish.choice.offer.stream.code,
                        "stream": _named(wish.choice.offer.stream), "school_code": wish.choice.offer.school.code,
                        "school": _named(wish.choice.offer.school)} for wish in view.wishes]}


def orientation_request_issue(*, viewer: User, student: Student) -> Document:
    facts = orientation_request_facts(viewer=viewer, student=student)
    enrolment = orientation.current_enrolment(student)
    assert enrolment is not None  # the facts were read from it
    return document_issue(kind=DocumentKind.ORIENTATION_REQUEST, student=student,
                          school=enrolment.school_class.school, school_year=enrolment.school_class.school_year,
                          semester=None, facts=facts, actor=viewer)
