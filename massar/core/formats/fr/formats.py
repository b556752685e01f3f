"""French as written in Morocco: day/month/year, `4 décembre 2026`, a decimal comma, 24-hour times."""

from massar.core.formats.common import *  # noqa: F403 -- Django reads the names from this module

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
