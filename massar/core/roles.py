"""Who a person is in Massar (DOMAIN §4): the role an account signs in with decides its scope.

Roles live here, at the bottom of the house, so that every layer may name them without importing accounts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    TEACHER = "teacher", _("Teacher")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    DIRECTORATE_OFFICER = "directorate_officer", _("Directorate officer")
    ACADEMY_OFFICER = "academy_officer", _("Academy officer")
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")


STAFF_ROLES = frozenset({Role.TEACHER, Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                         Role.MINISTRY_OFFICER})
# The administration of schools: they see whole schools (their own, their territory's, or every one).
ADMINISTRATION_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER,
                                  Role.MINISTRY_OFFICER})
# Roles that use the back office (Django admin), scoped to their territory.
BACK_OFFICE_ROLES = frozenset({Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER, Role.MINISTRY_OFFICER})
# Roles that read their own (or their children's) published record.
FAMILY_ROLES = frozenset({Role.STUDENT, Role.PARENT})
