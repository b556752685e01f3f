from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "massar.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import (
            Announcement,
            AnnouncementReceipt,
            Delivery,
            Notification,
            NotificationSettings,
            Preference,
            PushSubscription,
        )

        registry.register(Notification, scopes.notifications_visible_to)
        registry.register(Delivery, scopes.deliveries_visible_to)
        registry.register(Preference, scopes.preferences_visible_to)
        registry.register(NotificationSettings, scopes.notification_settings_visible_to)
        registry.register(PushSubscription, scopes.push_subscriptions_visible_to)
        registry.register(Announcement, scopes.announcements_visible_to)
        registry.register(AnnouncementReceipt, scopes.announcement_receipts_visible_to)
