"""The bac simulator pages: public (no sign-in) and in the student space, where the continuous assessment and
the regional exam come from the student's own record (the grades' annual average, their published regional
result). Both compute with massar.exams.simulator.bac_simulate, the official computation's code path; a GET
form, so a result can be bookmarked and shared."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import MemberRequest, client_ip, roles_required
from massar.core.errors import Invalid, Throttled
from massar.core.roles import Role
from massar.exams.calculations import Component
from massar.exams.labels import COMPONENT_LABELS, MENTION_OFFICIAL, decision_label, mention_label
from massar.exams.selectors import student_results
from massar.exams.simulator import bac_simulate
from massar.grades.selectors import student_current_year

FIELDS = ("continuous_assessment", "regional", "national")
FIELD_LABELS = {"continuous_assessment": COMPONENT_LABELS[Component.CONTINUOUS],
                "regional": COMPONENT_LABELS[Component.REGIONAL], "national": COMPONENT_LABELS[Component.NATIONAL]}


def _simulation(request: HttpRequest, typed: dict[str, str], candidate: str) -> dict:
    """The page's answer for what was typed: the result, or the problem naming the field."""
    if not any(typed.values()):
        return {}
    try:
        simulation = bac_simulate(candidate=candidate, national_unknown=not typed["national"],
                                  continuous_assessment=typed["continuous_assessment"], regional=typed["regional"],
                                  national=typed["national"], ip_address=client_ip(request))
    except (Invalid, Throttled) as problem:
        field = problem.details.get("field")
        message = str(problem.message)
        if field in FIELD_LABELS:  # the API's field name, said as the form labels it
            message = message.replace(f"{field}:", f"{FIELD_LABELS[field]}:", 1)
        return {"problem": message, "problem_field": field}
    result = simulation.result
    return {"simulation": simulation, "result": result, "decision_label": decision_label(result.decision),
            "mention_label": mention_label(result.mention),
            "mention_official": MENTION_OFFICIAL[result.mention] if result.mention else None,
            "needed": sorted(simulation.needed.items())}


def _page(request: HttpRequest, defaults: dict[str, str], *, from_record: bool) -> HttpResponse:
    candidate = "free" if request.GET.get("candidate") == "free" else "school"
    typed = {name: request.GET.get(name, defaults.get(name, "")).strip()[:20] for name in FIELDS}
    if candidate == "free":
        typed["continuous_assessment"] = ""
    context = {"typed": typed, "candidate": candidate, "from_record": from_record, "defaults": defaults,
               **_simulation(request, typed, candidate)}
    return render(request, "portals/simulator/bac.html", context)


@require_safe
def simulator_public(request: HttpRequest) -> HttpResponse:
    return _page(request, {}, from_record=False)


@require_safe
@roles_required(Role.STUDENT)
def simulator_mine(request: MemberRequest) -> HttpResponse:
    """The student's own continuous assessment (annual average of the current year, as their grades page shows
    it) and published regional exam mark, typed in for them; they may change either."""
    student = request.user.student
    defaults: dict[str, str] = {}
    if student is not None:
        year = student_current_year(viewer=request.user, student=student)
        if year is not None and year.annual_average is not None:
            defaults["continuous_assessment"] = str(year.annual_average)
        regional = next((r for r in student_results(student=student)
                         if r["kind"] == "bac_regional" and r["mark"] is not None), None)
        if regional is not None:
            defaults["regional"] = regional["mark"]
    return _page(request, defaults, from_record=True)
