"""The web app manifest, so that Massar can be added to a phone's home screen: its name in the visitor's
language (and direction), Massar's icons and colour, opening on "my space" as its own window."""

from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#0b6e4f"  # --brand in static/css/massar.css
BACKGROUND_COLOUR = "#f6f7fa"  # --bg
ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/maskable-512.png", "512x512", "maskable"),
    ("icons/apple-touch-icon.png", "180x180", "any"),
]


@require_safe
@cache_control(max_age=86400)
def manifest(request: HttpRequest) -> JsonResponse:
    document = {
        "name": _("Massar, student information system"),
        "short_name": _("Massar"),
        "description": _("Grades, averages and school records of Moroccan students, for students, parents and "
                         "schools."),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("portals:my_space"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
                  for path, sizes, purpose in ICONS]
                 + [{"src": static("icons/massar.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(document, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
