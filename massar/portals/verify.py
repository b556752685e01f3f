"""The public verification page of a document (`/verify/<reference>/`, the address in each document's QR code):
anyone holding a document checks that the school issued it, and whether it still stands (superseded by a later
issue, or revoked by the school, with its reason).

It shows only what the document itself states (who, which school, which year, the averages or the
certificate's facts) and its date; an unknown reference is a not-found page that says so. Checks are throttled
per network address (massar.documents.services.document_verify); references are unguessable (60 bits)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from massar.access.gates import client_ip
from massar.core.errors import Throttled
from massar.documents.printing import page_context
from massar.documents.services import document_verify


@require_safe
def document_verify_page(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        document = document_verify(reference=reference[:64], ip_address=client_ip(request))
    except Throttled as throttled:
        response = render(request, "portals/documents/verify_throttled.html", {"message": str(throttled)},
                          status=429)
        response["Retry-After"] = str(throttled.details.get("retry_after_seconds", 600))
        return response
    if document is None:
        return render(request, "portals/documents/verify_unknown.html", {"reference": reference[:64]}, status=404)
    context = page_context(facts=document.facts, language=(request.LANGUAGE_CODE or "ar")[:2], reference=None,
                           issued_at=document.issued_at)
    response = render(request, "portals/documents/verify.html", {"document": document, "d": context})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
