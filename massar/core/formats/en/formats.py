"""English in Massar: the same day/month/year order as the other languages (`4 December 2026`), a decimal
point, 24-hour times."""

from massar.core.formats.common import *  # noqa: F403 -- Django reads the names from this module

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
