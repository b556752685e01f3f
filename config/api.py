"""The REST API root, `/api/v1/`; each domain app contributes its router. OpenAPI: /api/v1/openapi.json.

One exception handler turns every `DomainError` a service or a gate raises into its HTTP answer:
`{"detail": <message for people>, "code": <stable code>, ...details}` with the status of its kind.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from massar.accounts.api import router as accounts_router
from massar.accounts.api_auth import ApiTokenAuth
from massar.core.api import router as core_router
from massar.core.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotAuthenticated,
    NotFound,
    Refused,
    Throttled,
)


class MassarApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Every operation may also answer 503 when the database connection is lost (config/database_loss.py)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema["paths"].values():
            for operation in item.values():
                if 503 in operation["responses"] or "503" in operation["responses"]:
                    continue  # the operation says its own 503 (health)
                operation["responses"]["503"] = {
                    "description": "The database could not be reached: nothing was saved; try again after "
                                   "Retry-After seconds.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
        return schema


api = MassarApi(
    title="Massar API",
    version="1",
    description="Student information system for Moroccan schools. Every operation is scoped to the caller.",
    urls_namespace="api",
    # Every operation needs `Authorization: Bearer <token>` unless it says auth=None (health, obtaining a token).
    auth=ApiTokenAuth(),
)
api.add_router("/", core_router)
api.add_router("/", accounts_router)  # bearer tokens, /me
api.add_router("/", "massar.accounts.api_recovery.router")  # activation, password reset (public)
api.add_router("/", "massar.accounts.api_people.router")  # parents: link a child
api.add_router("/", "massar.grades.api.router")  # grades of students and parents
api.add_router("/", "massar.notifications.api.router")  # the outbox, its preferences
api.add_router("/", "massar.attendance.api.router")  # absences, behaviour, teachers' roll calls
api.add_router("/", "massar.timetable.api.router")  # weeks of students, parents' children, teachers
api.add_router("/", "massar.exams.api.router")  # the bac simulator (public), exam results
api.add_router("/", "massar.students.api.router")  # parents: a child's transfer requests
api.add_router("/", "massar.orientation.api.router")  # orientation wishes of students, parents' children
api.add_router("/", "massar.orientation.api_runs.router")  # published orientation results with their explanation

STATUS_OF_KIND: tuple[tuple[type[DomainError], int], ...] = (
    (NotAuthenticated, 401), (Refused, 403), (NotFound, 404), (Conflict, 409), (Throttled, 429), (Invalid, 400),
)

@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = next((code for kind, code in STATUS_OF_KIND if isinstance(error, kind)), 400)
    # The API's renderer writes the details as it writes every answer (a moment: milliseconds and "Z").
    body = {"detail": str(error.message) or error.code, "code": error.code, **error.details}
    response = api.create_response(request, body, status=status)
    if isinstance(error, Throttled) and error.details.get("retry_after_seconds") is not None:
        response["Retry-After"] = str(error.details["retry_after_seconds"])
    return response
