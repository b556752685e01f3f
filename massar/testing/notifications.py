"""A notifications builder for tests: an announcement of a school to everyone in it (students, parents, staff),
with a small PDF attached, already in its recipients' outboxes."""

from massar.notifications.models import Announcement, AnnouncementAttachment, Audience, IssuerKind
from massar.notifications.services.announcements import announcement_fan_out
from massar.schools.models import School

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def school_announcement(school: School, *, title: str = "اجتماع الآباء", attachment: bool = True) -> Announcement:
    """Written in Arabic, as most are: the Arabic pages' check reads it."""
    announcement = Announcement.objects.create(issuer_kind=IssuerKind.SCHOOL, school=school,
                                               audience=Audience.EVERYONE, title=title,
                                               body="يوم السبت على الساعة العاشرة، في قاعة المؤسسة.")
    if attachment:
        AnnouncementAttachment.objects.create(announcement=announcement, name="اجتماع-الآباء.PDF",
                                              content_type="application/pdf", size=len(PDF), content=PDF)
    announcement_fan_out(announcement_id=announcement.pk)
    return announcement


def announcement_of(student) -> dict:
    """The URL arguments of an announcement of the school `student` is enrolled in."""
    return {"announcement_id": school_announcement(student.enrolments.first().school_class.school).pk}
