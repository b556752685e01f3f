"""Pages. They compose domain selectors and services; rows always come from the caller's scope."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from massar.accounts.models import User
from massar.core.roles import STAFF_ROLES, Role
from massar.schools.scopes import classes_visible_to, schools_visible_to
from massar.students.scopes import enrolments_visible_to, guardians_visible_to, students_visible_to
from massar.students.selectors import student_enrolment_current, student_list_for


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portals/home.html", {"example_mark": Decimal("14.75")})


def language_set(request: HttpRequest) -> HttpResponse:
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
@login_required
def my_space(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {"role": user.get_role_display()}
    if user.role == Role.STUDENT:
        context["student"] = user.student
        context["enrolment"] = student_enrolment_current(student=user.student)
    elif user.role == Role.PARENT:
        context["children"] = [
            (child, student_enrolment_current(student=child)) for child in students_visible_to(user)
        ]
    else:
        context["schools"] = schools_visible_to(user)[:50]
        context["classes"] = classes_visible_to(user).select_related("school", "level")[:200]
        context["student_count"] = students_visible_to(user).count()
    return render(request, "portals/my_space.html", context)


def _staff_only(request: HttpRequest) -> None:
    from django.http import Http404

    if request.user.role not in STAFF_ROLES and not request.user.is_superuser:
        raise Http404


@require_safe
@login_required
def staff_student_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    query = request.GET.get("q", "").strip()[:100]
    students = student_list_for(actor=request.user, query=query)[:100]
    return render(request, "portals/staff_student_list.html", {"students": students, "query": query})


@require_safe
@login_required
def staff_student_detail(request: HttpRequest, massar_code: str) -> HttpResponse:
    _staff_only(request)
    student = get_object_or_404(students_visible_to(request.user), massar_code=massar_code)
    enrolments = (enrolments_visible_to(request.user).filter(student=student)
                  .select_related("school_class__school", "school_class__level", "school_year"))
    guardians = guardians_visible_to(request.user).filter(student_links__student=student)
    return render(request, "portals/staff_student_detail.html",
                  {"student": student, "enrolments": enrolments, "guardians": guardians})
