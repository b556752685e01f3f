"""The outbox pages, for every signed-in account (students, parents, staff): the paged list of messages, mark
one or all read, the preferences (a channel per kind of event, quiet hours, this phone's push subscription).

Every read goes through the notifications domain's scopes: an account only ever reaches its own messages
(another account's message is a 404)."""

import datetime
import json

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from massar.access.gates import MemberRequest, signed_in
from massar.core.errors import Invalid
from massar.notifications.models import Channel, Kind, NotificationSettings
from massar.notifications.selectors import outbox_page
from massar.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    preferences_of,
    preferences_set,
    push_subscription_delete,
    push_subscription_save,
    quiet_hours_set,
)
from massar.notifications.webpush import vapid_keys

from ..errors import domain_errors_as_pages


def _page_number(request: MemberRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@require_safe
@signed_in
def notification_list(request: MemberRequest) -> HttpResponse:
    page, items = outbox_page(request.user, page=_page_number(request))
    return render(request, "portals/notifications/list.html", {"page": page, "items": items})


@require_POST
@signed_in
@domain_errors_as_pages
def notification_read(request: MemberRequest, notification_id: int) -> HttpResponseBase:
    """Mark the message read; with `open`, go to the page it is about (a path of this site only)."""
    notification = notification_mark_read(user=request.user, notification_id=notification_id)
    if "open" in request.POST and notification.link and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(notification.link)
    return redirect(f"{reverse('portals:notifications')}?page={_page_number_from_post(request)}")


def _page_number_from_post(request: MemberRequest) -> int:
    try:
        return max(int(request.POST.get("page", "1")), 1)
    except ValueError:
        return 1


@require_POST
@signed_in
def notifications_read_all(request: MemberRequest) -> HttpResponseBase:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("portals:notifications")


def _time(value: str) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise Invalid("bad_quiet_hours", _("Write the quiet hours as hours and minutes, e.g. 21:30.")) from None


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def notification_preferences(request: MemberRequest) -> HttpResponse:
    """A channel per kind of event, and quiet hours; push is offered only where the server has VAPID keys."""
    keys = vapid_keys()
    offered = [c for c in Channel if c != Channel.PUSH or keys is not None]
    error = ""
    if request.method == "POST":
        choices = {kind: request.POST.get(f"kind_{kind}", "") for kind in Kind.values}
        try:
            if any(channel not in {c.value for c in offered} for channel in choices.values()):
                raise Invalid("unknown_channel", _("Choose one of the offered ways for each kind."))
            quiet_from, quiet_until = _time(request.POST.get("quiet_from", "")), _time(
                request.POST.get("quiet_until", ""))
            quiet_hours_set(account=request.user, quiet_from=quiet_from, quiet_until=quiet_until)
            preferences_set(account=request.user, choices=choices)
        except Invalid as invalid:
            error = str(invalid)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("portals:notification_preferences")
    chosen = preferences_of(account=request.user)
    quiet = NotificationSettings.objects.filter(account=request.user).first()
    rows = [{"kind": kind, "label": kind.label, "channel": chosen[kind.value]} for kind in Kind]
    return render(request, "portals/notifications/preferences.html", {
        "rows": rows, "channels": offered, "quiet": quiet, "error": error,
        "vapid_public_key": keys.public if keys else "",
    }, status=400 if error else 200)


def _subscription(request: MemberRequest) -> dict:
    """The subscription the page's script sends as JSON; anything else (a form, a broken body) is none."""
    data: object = {}
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = {}
    if not isinstance(data, dict):
        data = {}
    keys: dict = data["keys"] if isinstance(data.get("keys"), dict) else {}
    return {"endpoint": str(data.get("endpoint") or ""), "p256dh": str(keys.get("p256dh") or ""),
            "auth": str(keys.get("auth") or "")}


@require_POST
@signed_in
def push_subscribe(request: MemberRequest) -> JsonResponse:
    """The service worker's subscription (JSON, as `PushSubscription.toJSON()` gives it), for this account."""
    try:
        push_subscription_save(account=request.user, **_subscription(request))
    except Invalid as invalid:
        return JsonResponse({"detail": str(invalid), "code": invalid.code}, status=400)
    return JsonResponse({"subscribed": True}, status=201)


@require_POST
@signed_in
def push_unsubscribe(request: MemberRequest) -> JsonResponse:
    push_subscription_delete(account=request.user, endpoint=_subscription(request)["endpoint"])
    return JsonResponse({"subscribed": False})
