"""Waspada: a workshop kit on trafficking (TPPO) and non-procedural migration red flags.

Layers: ``content`` (load and validate datasets into typed models), ``engines`` (pure Python:
scoring, scenarios, the answer store), ``views`` (thin ipywidgets), plus ``maps``, ``serve``
and ``cli``."""

__version__ = "0.1.0"
