"""The class council's end-of-year decisions (levels without a certifying exam), kept by the school's
administration: propose from the annual averages, change any with a reason, add remarks, publish
(massar.exams.decisions). One page per class; its buttons post to it."""

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from massar.access.gates import MemberRequest, roles_required
from massar.core.errors import Invalid
from massar.core.roles import Role
from massar.exams.decisions import year_decision_change, year_decisions_propose, year_decisions_publish
from massar.exams.models import FINAL_EXAM, YearDecision, YearOutcome
from massar.exams.scopes import year_decisions_visible_to
from massar.schools.scopes import classes_visible_to

from ..errors import domain_errors_as_pages


@require_http_methods(["GET", "HEAD", "POST"])
@roles_required(Role.SCHOOL_ADMIN)
@domain_errors_as_pages
def council_decisions(request: MemberRequest, class_id: int) -> HttpResponseBase:
    school_class = get_object_or_404(classes_visible_to(request.user).select_related("level", "school_year"),
                                     pk=class_id)
    certifying = school_class.level.code in FINAL_EXAM
    if request.method == "POST" and not certifying:
        try:
            _act(request, school_class)
        except Invalid as problem:
            messages.error(request, str(problem.message))
        return redirect("portals:council_decisions", class_id=school_class.pk)
    rows = (year_decisions_visible_to(request.user).filter(school_class=school_class)
            .select_related("student").order_by("student__last_name_latin", "student__first_name_latin"))
    return render(request, "portals/exams/decisions.html",
                  {"school_class": school_class, "rows": rows, "certifying": certifying,
                   "outcomes": YearOutcome.choices, "published": any(r.published_at for r in rows)})


def _act(request: MemberRequest, school_class) -> None:
    action = request.POST.get("action", "")
    if action == "propose":
        count = len(year_decisions_propose(school_class=school_class, actor=request.user))
        messages.success(request, _("Decisions proposed for %(count)s students.") % {"count": count})
    elif action == "publish":
        year_decisions_publish(school_class=school_class, actor=request.user)
        messages.success(request, _("The decisions are published."))
    elif action == "change":
        row = get_object_or_404(YearDecision, pk=request.POST.get("decision", "0") or 0, school_class=school_class)
        year_decision_change(decision=row, outcome=request.POST.get("outcome", ""),
                             reason=request.POST.get("reason", ""), remark=request.POST.get("remark", ""),
                             actor=request.user)
        messages.success(request, _("Saved."))


def council_index_classes(request: MemberRequest) -> list:
    """The current year's classes the administrator keeps decisions for (levels without a certifying exam)."""
    if request.user.role != Role.SCHOOL_ADMIN:
        return []
    return list(classes_visible_to(request.user).filter(school_year__is_current=True)
                .exclude(level__code__in=list(FINAL_EXAM)).select_related("level").order_by("level__order", "code"))

