"""The REST API root, `/api/v1/`; each domain app contributes its router. OpenAPI: /api/v1/openapi.json."""

from ninja import NinjaAPI

from massar.core.api import router as core_router

api = NinjaAPI(
    title="Massar API",
    version="1",
    description="Student information system for Moroccan schools. Every operation is scoped to the caller.",
    urls_namespace="api",
)
api.add_router("/", core_router)
