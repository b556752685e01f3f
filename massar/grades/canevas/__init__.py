"""The Excel round-trip of grade sheets ("canevas"): export (openpyxl) and import (python-calamine)."""

from .export import canevas_export, canevas_file_name
from .importer import CanevasImporter
from .problems import CanevasRefused, CanevasStale, ImportSummary, Problem, StaleCell

__all__ = ["CanevasImporter", "CanevasRefused", "CanevasStale", "ImportSummary", "Problem", "StaleCell", "canevas_export",
           "canevas_file_name"]
