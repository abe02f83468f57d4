"""Content layer: load ``datasets/`` into typed models and explain any mistake in plain words.
No ipywidgets here."""

from .base import ContentError, Problem, Sourced, StrictModel, Text
from .catalog import Catalog, cached_catalog, check, load_catalog

__all__ = ["Catalog", "ContentError", "Problem", "Sourced", "StrictModel", "Text",
           "cached_catalog", "check", "load_catalog"]
