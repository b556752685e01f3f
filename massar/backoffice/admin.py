"""The back office's site: its titles, and every domain's admins registered by importing their modules.

Django's admin autodiscovery imports this module (the app's `admin`); each module below registers the
admins of one domain app, all derived from `ScopedAdmin` (scoped.py, where the role matrix is).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401  (each registers its admins)
    accounts,
    attendance,
    core,
    documents,
    exams,
    grades,
    notifications,
    orientation,
    orientation_runs,
    schools,
    staff,
    students,
    timetable,
)

admin.site.site_header = _("Massar back office")
admin.site.site_title = _("Massar back office")
admin.site.index_title = _("Administration of your territory")
