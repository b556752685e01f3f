"""The events of a transfer, told to the student and their linked parents through the notifications outbox
(`notifications_emit_about`: nobody else ever hears about a child), once the step has committed. One message per
request and state, whatever the retries (the dedupe key)."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from massar.notifications.models import Kind
from massar.notifications.parts import names, part, person_names
from massar.notifications.services import ChildNews, notifications_emit_about

from .models import TransferRequest, TransferState

BODIES = {
    TransferState.REQUESTED: gettext_noop("A transfer to %(school)s was requested."),
    TransferState.CERTIFICATE_ISSUED: gettext_noop("%(origin)s issued the leaving certificate for the transfer "
                                                   "to %(school)s."),
    TransferState.ACCEPTED: gettext_noop("%(school)s accepted the transfer: class %(class)s."),
    TransferState.REFUSED: gettext_noop("The transfer to %(school)s was refused: %(reason)s"),
    TransferState.CANCELLED: gettext_noop("The transfer to %(school)s was cancelled."),
}


def transfer_state_changed(*, request_id: int, state: str) -> None:
    """The request reached `state`: tell the student and their parents."""
    request = (TransferRequest.objects.select_related("student", "from_school", "to_school",
                                                      "to_enrolment__school_class").get(pk=request_id))
    student = request.student
    placed = request.to_enrolment.school_class.code if request.to_enrolment else ""
    notifications_emit_about(kind=Kind.TRANSFER, news=[ChildNews(
        student=student, dedupe_key=f"transfer:{request.pk}:{state}",
        title=part(gettext_noop("Transfer of %(name)s"), name=person_names(student)),
        body=part(BODIES[TransferState(state)], school=names(request.to_school),
                  origin=names(request.from_school), reason=request.refusal_reason, **{"class": placed}),
        link=reverse("portals:my_space"),
        parents_link=reverse("portals:transfers_child", kwargs={"massar_code": student.massar_code}))])
