"""The pages every visitor shares: home, the language switch, and "my space" (what the signed-in account
reaches, by role). Rows always come from the caller's scope."""

from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from massar.access.gates import MemberRequest, signed_in
from massar.accounts.models import User
from massar.core.roles import Role
from massar.schools.scopes import classes_visible_to, schools_visible_to
from massar.students.scopes import students_visible_to
from massar.students.selectors import student_enrolment_current, students_in_scope_count


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portals/home.html", {"example_mark": Decimal("14.75")})


def language_set(request: HttpRequest) -> HttpResponseBase:
    """Django's set_language (cookie, one year), and the account remembers the choice across devices."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        # Not type(request.user): that is the SimpleLazyObject wrapper, which has no manager.
        User.objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response


@require_safe
@signed_in
def my_space(request: MemberRequest) -> HttpResponse:
    user = request.user
    context: dict = {"role": user.get_role_display()}
    if user.role == Role.STUDENT:
        context["student"] = user.student
        context["enrolment"] = student_enrolment_current(student=user.student) if user.student else None
    elif user.role == Role.PARENT:
        context["children"] = [
            (child, student_enrolment_current(student=child)) for child in students_visible_to(user)
        ]
    else:
        context["schools"] = schools_visible_to(user)[:50]
        context["classes"] = classes_visible_to(user).select_related("school", "level")[:200]
        context["student_count"] = students_in_scope_count(actor=user)
    return render(request, "portals/my_space.html", context)
