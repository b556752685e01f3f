"""The register of issued documents in the back office: officers read the documents the schools of their
territory issued (who, what, when, superseded or revoked and why); nobody changes one here. Printing and revoking
are the school's, on its pages (massar/portals/staff/documents.py); the PDFs and the facts stay out of the list."""

from django.contrib import admin

from massar.backoffice.scoped import READ, ScopedAdmin
from massar.documents.models import Document
from massar.documents.selectors import documents_referenced
from massar.schools.selectors import schools_coded
from massar.students.selectors import students_found


@admin.register(Document)
class DocumentAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("reference", "kind", "student", "school", "school_year", "semester", "issued_at",
                    "superseded_at", "revoked_at", "revoked_reason")
    list_filter = ("kind", "school_year")
    list_select_related = ("student", "school", "school_year", "semester")
    search_fields = ("reference", "student__massar_code", "student__last_name_latin", "school__code")
    search_halves = (("pk", documents_referenced), ("student_id", students_found), ("school_id", schools_coded))
    fields = ("reference", "kind", "student", "school", "school_year", "semester", "issued_at", "issued_by",
              "superseded_by", "superseded_at", "revoked_at", "revoked_by", "revoked_reason")
    readonly_fields = fields
