"""What a document states (its facts), read for a viewer; and the documents themselves.

A report card's figures come from the one semester report selector (massar.grades.selectors:
`student_semester_report`, `student_year_reports`), read as the viewer may see them: decided there with the
year's rounding, never recomputed here. A report card exists for a viewer only once the selector gives them the
general average (every subject published to them; parents after their delay), the annual one once it gives
the annual average. The facts are language-neutral (names in both scripts, figures as decimal strings), so the
same report read by the student, their parent or the school states the same thing and has one digest.
Its absence totals are the attendance selector's (the school-life page's figures), the annual card's council
decision and remark the published YearDecision's (massar.exams).
"""

from decimal import Decimal
from typing import Any

from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.attendance.selectors import AbsenceTotals, student_absence_totals, student_year_absence_totals
from massar.core.errors import Invalid, NotFound
from massar.core.models import SchoolYear, Semester
from massar.exams.models import YearDecision
from massar.grades.models import GradeSheet, StudentRemark
from massar.grades.selectors import SemesterReport, student_semester_report, student_year_reports
from massar.grades.selectors.marks import published_sheets_q
from massar.schools.models import School, SchoolClass
from massar.students.models import Enrolment, EnrolmentStatus, Student

from .error_codes import DocumentsErrorCode
from .models import REFERENCE_LENGTH, Document, DocumentKind

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U to misread


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _coefficient(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize())


def _named(row: Any) -> dict[str, str]:
    return {"ar": row.name_ar, "fr": row.name_fr}


def student_facts(student: Student) -> dict[str, str]:
    return {"code": student.massar_code, "first_name_ar": student.first_name_ar,
            "last_name_ar": student.last_name_ar, "first_name_latin": student.first_name_latin,
            "last_name_latin": student.last_name_latin, "birth_date": student.birth_date.isoformat(),
            "birth_place_ar": student.birth_place_ar, "birth_place_latin": student.birth_place_latin,
            "gender": student.gender}


def school_facts(school: School) -> dict[str, Any]:
    directorate = school.directorate
    return {"code": school.code, "name": _named(school), "directorate": _named(directorate),
            "academy": _named(directorate.academy)}


def class_facts(school_class: SchoolClass) -> dict[str, Any]:
    return {"code": school_class.code, "level": _named(school_class.level),
            "stream": _named(school_class.stream) if school_class.stream else None}


def _classes(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("school_class__school__directorate__academy", "school_class__level",
                                   "school_class__stream", "school_class__school_year")


def _not_yet(message: str) -> Invalid:
    return Invalid(DocumentsErrorCode.NOT_YET_AVAILABLE, message)


def _remarks(*, viewer: User, student: Student, school_class: SchoolClass, semester: Semester) -> dict[str, str]:
    """The teachers' remarks on the student's rows of the sheets published to `viewer`, by subject code."""
    sheets = GradeSheet.objects.filter(published_sheets_q(viewer=viewer), school_class=school_class,
                                       semester=semester)
    rows = (StudentRemark.objects.filter(sheet__in=sheets, student=student).exclude(text="")
            .values_list("sheet__subject__code", "text"))
    return dict(rows)


def _report_lines(report: SemesterReport, remarks: dict[str, str]) -> list[dict[str, Any]]:
    return [{"subject": line.subject.code, "name": _named(line.subject), "average": _figure(line.average),
             "coefficient": _coefficient(line.coefficient), "out_of": line.out_of,
             "minimum": _figure(line.statistics.minimum) if line.statistics else None,
             "mean": _figure(line.statistics.mean) if line.statistics else None,
             "maximum": _figure(line.statistics.maximum) if line.statistics else None,
             "remark": remarks.get(line.subject.code, "")} for line in report.lines]


def absence_facts(totals: AbsenceTotals) -> dict[str, int]:
    """A card's absence totals, in hours of class, as the attendance selector counts them (the same figures as
    the student's school-life page)."""
    return {"justified": totals.justified, "unjustified": totals.unjustified, "lateness": totals.lateness}


def council_facts(*, student: Student, school_year: SchoolYear) -> dict[str, str] | None:
    """The class council's end-of-year decision and remark, once published (None before, and for the levels a
    certifying exam decides). Published decisions are the student's and their parents' to read: every viewer
    of the annual card reads the same ones (one set of facts, one digest)."""
    decision = (YearDecision.objects.filter(student=student, school_year=school_year, published_at__isnull=False)
                .exclude(decision="").first())
    return None if decision is None else {"decision": decision.decision, "remark": decision.remark}


def report_card_facts(*, viewer: User, student: Student, semester: Semester) -> dict[str, Any]:
    """What `student`'s report card for `semester` states, as `viewer` may see it; Invalid NOT_YET_AVAILABLE
    until the selector gives `viewer` the general average."""
    report = student_semester_report(viewer=viewer, student=student, semester=semester)
    if report.school_class is None or not report.general_available:
        raise _not_yet(_("The report card is available once the semester's general average is published."))
    school_class = SchoolClass.objects.select_related(
        "school__directorate__academy", "level", "stream", "school_year").get(pk=report.school_class.pk)
    remarks = _remarks(viewer=viewer, student=student, school_class=school_class, semester=semester)
    return {"kind": DocumentKind.REPORT_CARD.value, "student": student_facts(student),
            "school": school_facts(school_class.school), "class": class_facts(school_class),
            "year": school_class.school_year.label, "semester": semester.number, "out_of": report.out_of,
            "lines": _report_lines(report, remarks), "general_average": _figure(report.general_average),
            "rank": report.rank, "class_size": report.class_size,
            "absences": absence_facts(student_absence_totals(student=student, semester=semester))}


def annual_report_card_facts(*, viewer: User, student: Student, school_year: SchoolYear) -> dict[str, Any]:
    """What `student`'s annual report card states: each subject's two semester averages, both general
    averages and ranks, and the annual average, as `viewer` may see them (Invalid NOT_YET_AVAILABLE until the
    selector gives `viewer` the annual average)."""
    semesters = list(Semester.objects.filter(school_year=school_year).order_by("number"))
    year = student_year_reports(viewer=viewer, student=student, semesters=semesters)
    if (year.enrolment is None or year.annual_average is None
            or not all(report.general_available for report in year.reports)):
        raise _not_yet(_("The annual report card is available once both semesters' general averages are "
                         "published."))
    school_class = SchoolClass.objects.select_related(
        "school__directorate__academy", "level", "stream", "school_year").get(pk=year.enrolment.school_class_id)
    subjects: dict[str, dict[str, Any]] = {}
    for report in year.reports:
        for line in report.lines:
            row = subjects.setdefault(line.subject.code, {
                "subject": line.subject.code, "name": _named(line.subject),
                "coefficient": _coefficient(line.coefficient), "out_of": line.out_of, "averages": {}})
            row["averages"][str(report.semester.number)] = _figure(line.average)
    return {"kind": DocumentKind.ANNUAL_REPORT_CARD.value, "student": student_facts(student),
            "school": school_facts(school_class.school), "class": class_facts(school_class),
            "year": school_year.label, "out_of": year.reports[0].out_of, "lines": list(subjects.values()),
            "semesters": [{"number": report.semester.number, "general_average": _figure(report.general_average),
                           "rank": report.rank, "class_size": report.class_size} for report in year.reports],
            "annual_average": _figure(year.annual_average),
            "absences": absence_facts(student_year_absence_totals(student=student, school_year_id=school_year.pk)),
            "council": council_facts(student=student, school_year=school_year)}


def current_enrolment(student: Student) -> Enrolment | None:
    """The student's class this school year, if they are enrolled in one."""
    return _classes(Enrolment.objects.filter(student=student, status=EnrolmentStatus.ACTIVE,
                                             school_year__is_current=True)).first()


def school_certificate_facts(*, student: Student) -> dict[str, Any]:
    """What a school certificate states: the student is enrolled this year, in this class of this school."""
    enrolment = current_enrolment(student)
    if enrolment is None:
        raise Invalid(DocumentsErrorCode.NOT_ENROLLED, _("This student is not enrolled in a class this year."))
    school_class = enrolment.school_class
    return {"kind": DocumentKind.SCHOOL_CERTIFICATE.value, "student": student_facts(student),
            "school": school_facts(school_class.school), "class": class_facts(school_class),
            "year": school_class.school_year.label, "enrolled_on": enrolment.enrolled_on.isoformat()}


def left_enrolment(*, student: Student, school: School) -> Enrolment | None:
    """The student's last enrolment at `school` that ended with their leaving (a transfer or a withdrawal)."""
    return _classes(Enrolment.objects.filter(
        student=student, school_class__school=school, left_on__isnull=False,
        status__in=(EnrolmentStatus.TRANSFERRED, EnrolmentStatus.WITHDRAWN))).order_by("-left_on", "-pk").first()


def leaving_certificate_facts(*, student: Student, school: School) -> dict[str, Any]:
    """What a leaving certificate (attestation de départ) states: the student was enrolled at `school` in this
    class until they left on this date."""
    if Enrolment.objects.filter(student=student, school_class__school=school, status=EnrolmentStatus.ACTIVE,
                                school_year__is_current=True).exists():
        raise Invalid(DocumentsErrorCode.STILL_ENROLLED,
                      _("This student is still enrolled here: a leaving certificate is issued once they leave."))
    enrolment = left_enrolment(student=student, school=school)
    if enrolment is None:
        raise Invalid(DocumentsErrorCode.NOT_ENROLLED, _("This student has not left a class of this school."))
    school_class = enrolment.school_class
    return {"kind": DocumentKind.LEAVING_CERTIFICATE.value, "student": student_facts(student),
            "school": school_facts(school_class.school), "class": class_facts(school_class),
            "year": school_class.school_year.label, "enrolled_on": enrolment.enrolled_on.isoformat(),
            "left_on": enrolment.left_on.isoformat() if enrolment.left_on else None, "status": enrolment.status}


def reference_normalized(text: str) -> str | None:
    """A reference as typed or scanned (lower case, spaces and dashes forgiven), or None when it cannot be one."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    if len(cleaned) != REFERENCE_LENGTH or any(char not in REFERENCE_ALPHABET for char in cleaned):
        return None
    return cleaned


def documents_referenced(query: str) -> QuerySet[Any]:
    """The key of the document whose reference is `query` (any case, spaces and dashes as people type them),
    through the reference's unique index: one half of a back-office search."""
    reference = reference_normalized(query)
    return Document.objects.filter(reference=reference).order_by().values("pk") if reference \
        else Document.objects.none().values("pk")


def document_by_reference(*, documents: QuerySet[Document], reference: str) -> Document:
    """The document of `reference` among `documents` (a caller's scope), or NotFound."""
    normalized = reference_normalized(reference)
    document = None if normalized is None else (
        documents.select_related("student", "school", "school_year", "semester").filter(reference=normalized)
        .first())
    if document is None:
        raise NotFound(DocumentsErrorCode.NOT_FOUND, _("No document has this reference."))
    return document


def student_documents(*, documents: QuerySet[Document], student: Student) -> QuerySet[Document]:
    """The documents issued about `student` among `documents`, newest first, current ones before the others."""
    return (documents.filter(student=student).select_related("school_year", "semester", "school")
            .order_by(Case(When(superseded_by__isnull=True, revoked_at__isnull=True, then=0), default=1),
                      "-issued_at", "-pk"))


def class_list(*, school_class: SchoolClass) -> list[Student]:
    """The students enrolled in the class now, by name: what a teacher prints to call the roll."""
    return list(Student.objects.filter(enrolments__school_class=school_class,
                                       enrolments__status=EnrolmentStatus.ACTIVE)
                .order_by("last_name_latin", "first_name_latin", "massar_code"))
