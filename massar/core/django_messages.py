"""Messages of Django itself that its Arabic catalogue leaves in English (Django 6.1's admin and forms).

Massar's catalogue (locale/) comes before Django's own, so listing a Django msgid here puts it in Massar's
catalogue, where it gets its Arabic (and French) translation, and Django's templates and forms then show
it translated. The msgids must stay exactly Django's; the back office's Arabic test
(massar/backoffice/tests/test_arabic.py) finds any new gap.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = (
    gettext_noop("- Select an option -"),  # the empty choice of every <select> (django.db.models.fields)
    gettext_noop("Run"),  # the admin's actions button
    gettext_noop("Search %(name)s"),  # the admin's search form heading (for screen readers)
    gettext_noop("Pagination %(name)s"),  # the admin's pagination heading (for screen readers)
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Filter by %(field_name)s"),  # the admin's date hierarchy
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be "
        "able to authenticate using other backends, such as Single Sign-On or LDAP."),
)
