"""Arabic as written in Morocco: day/month/year, the Moroccan month names (from Massar's catalogue, see
massar.core.dates), Western digits, a decimal comma, 24-hour times."""

from massar.core.formats.common import *  # noqa: F403 -- Django reads the names from this module

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
