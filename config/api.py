"""The REST API root, `/api/v1/`; each domain app contributes its router. OpenAPI: /api/v1/openapi.json."""

from ninja import NinjaAPI

from massar.accounts.api import router as accounts_router
from massar.accounts.tokens import ApiTokenAuth
from massar.core.api import router as core_router

api = NinjaAPI(
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
