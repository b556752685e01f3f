"""Announcements and notification deliveries in the back office, read-only: announcements are written on the
staff pages (/staff/announcements/), where the sender counts read receipts; here officers find those of their
territory, and a superuser follows the deliveries that keep failing (last error, attempts, next attempt).
Outboxes themselves are their owners' only: they are not in the back office."""

from django.contrib import admin

from massar.backoffice.scoped import READ, ScopedAdmin
from massar.core.roles import Role
from massar.notifications.models import Announcement, Delivery


@admin.register(Announcement)
class AnnouncementAdmin(ScopedAdmin):
    ministry_actions = READ
    role_actions = {Role.ACADEMY_OFFICER: READ, Role.DIRECTORATE_OFFICER: READ}
    list_display = ("created_at", "title", "issuer_kind", "school", "directorate", "academy", "audience",
                    "recipients_count", "expires_at")
    list_filter = ("issuer_kind", "audience")
    list_select_related = ("school", "directorate", "academy")
    search_fields = ("title",)
    exclude = ("author",)


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    ministry_actions = READ
    role_actions = {Role.ACADEMY_OFFICER: frozenset(), Role.DIRECTORATE_OFFICER: frozenset()}
    list_display = ("created_at", "channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = ("channel", "status")
    fields = ("channel", "status", "attempts", "next_attempt_at", "claimed_at", "sent_at", "last_error", "created_at")
