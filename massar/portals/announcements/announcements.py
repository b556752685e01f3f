"""Announcements: every account reads those that reached it (students, parents, staff); a school's
administration, a directorate or an academy writes them and counts who read them.

Rows come from the notifications domain's scopes only: an announcement that did not reach the caller and that
their unit did not send is a 404, and so is its attachment."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from massar.access.gates import MemberRequest, roles_required, signed_in
from massar.core.errors import Invalid, NotFound
from massar.core.roles import Role
from massar.notifications.models import AnnouncementAttachment, Audience
from massar.notifications.scopes import announcements_received_by, announcements_visible_to
from massar.notifications.selectors import announcements_received, announcements_sent
from massar.notifications.services.announcements import (
    AttachmentIn,
    announcement_classes,
    announcement_levels,
    announcement_publish,
    announcement_read,
)
from massar.schools.models import Level, SchoolClass

from ..errors import domain_errors_as_pages

ISSUERS = (Role.SCHOOL_ADMIN, Role.DIRECTORATE_OFFICER, Role.ACADEMY_OFFICER)
issuers_only = roles_required(*ISSUERS)
PER_PAGE = 20


@require_safe
@signed_in
def announcement_list(request: MemberRequest) -> HttpResponse:
    received = list(announcements_received(request.user)[:PER_PAGE * 5])
    return render(request, "portals/announcements/list.html", {
        "received": received, "may_write": request.user.role in ISSUERS, "may_follow": request.user.role in ISSUERS})


@require_safe
@signed_in
@domain_errors_as_pages
def announcement_detail(request: MemberRequest, announcement_id: int) -> HttpResponse:
    announcement = announcement_read(user=request.user, announcement_id=announcement_id)
    attachment = AnnouncementAttachment.objects.filter(announcement=announcement).only(
        "pk", "name", "size", "content_type").first()
    received = announcements_received_by(request.user).filter(pk=announcement.pk).exists()
    return render(request, "portals/announcements/detail.html", {
        "announcement": announcement, "attachment": attachment, "received": received,
        "issuer": announcement.school or announcement.directorate or announcement.academy})


@require_safe
@signed_in
def announcement_attachment(request: MemberRequest, announcement_id: int) -> HttpResponseBase:
    """The file, to those the announcement reached or its senders; served as a download, never rendered in
    the site's origin."""
    attachment = AnnouncementAttachment.objects.filter(
        announcement__in=announcements_visible_to(request.user).values("pk"), announcement_id=announcement_id).first()
    if attachment is None:
        raise Http404
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@issuers_only
def announcements_sent_list(request: MemberRequest) -> HttpResponse:
    return render(request, "portals/announcements/sent.html", {
        "sent": list(announcements_sent(request.user)[:100]), "may_write": request.user.role in ISSUERS})


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=150)
    body = forms.CharField(label=gettext_lazy("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.ChoiceField(label=gettext_lazy("For"), choices=Audience.choices)
    level: forms.ModelChoiceField = forms.ModelChoiceField(label=gettext_lazy("Only this level"),
                                                           queryset=Level.objects.none(), required=False)
    school_class: forms.ModelChoiceField = forms.ModelChoiceField(label=gettext_lazy("Only this class"),
                                                                  queryset=SchoolClass.objects.none(),
                                                                  required=False)
    expires_on = forms.DateField(label=gettext_lazy("Shown until (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    attachment = forms.FileField(label=gettext_lazy("Attachment (PDF, PNG or JPEG, optional)"), required=False)

    def __init__(self, *args, author, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels, classes = announcement_levels(author=author), announcement_classes(author=author)
        self.fields["level"].queryset = levels  # type: ignore[attr-defined]
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
        if author.role != Role.SCHOOL_ADMIN:
            del self.fields["level"], self.fields["school_class"]
        else:
            self.fields["school_class"].label_from_instance = lambda c: c.code  # type: ignore[attr-defined]


def _end_of(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


@require_http_methods(["GET", "HEAD", "POST"])
@issuers_only
def announcement_new(request: MemberRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None, request.FILES or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("attachment")
        attachment = None
        if upload is not None:
            if upload.size > settings.MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES:
                form.add_error("attachment", _("The attachment is too large."))
            else:
                attachment = AttachmentIn(name=upload.name, content=upload.read())
        if not form.errors:
            try:
                announcement = announcement_publish(
                    author=request.user, title=data["title"], body=data["body"], audience=data["audience"],
                    level=data.get("level"), school_class=data.get("school_class"),
                    expires_at=_end_of(data.get("expires_on")), attachment=attachment)
            except (Invalid, NotFound) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The announcement is sent to %(count)s people.")
                                 % {"count": announcement.recipients_count})
                return redirect("portals:announcement_detail", announcement_id=announcement.pk)
    return render(request, "portals/announcements/new.html", {"form": form},
                  status=400 if form.errors else 200)
