"""The header's unread count: `{% load notifications %}{% unread_notifications as count %}` (one COUNT over the
partial index of unread messages, cached a minute per account: massar.notifications.selectors)."""

from django import template

from massar.notifications.selectors import unread_count_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return unread_count_cached(getattr(request, "user", None))
