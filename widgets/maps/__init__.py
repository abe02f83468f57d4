"""Offline maps of origin districts, departure routes and help points.

``render_page`` builds a standalone HTML document (what ``waspada map`` writes);
``iframe`` wraps it so it shows in Voilà and JupyterLab without "trusting" the notebook."""

from __future__ import annotations

import html
from pathlib import Path

from ..content import geo as geo_content
from ..content import strings as strings_content
from ..paths import datasets_dir
from .build import BOUNDARY_PAGE_BUDGET, PAGE_BUDGET, MapOptions, MapPage, build_map

__all__ = ["BOUNDARY_PAGE_BUDGET", "PAGE_BUDGET", "MapOptions", "MapPage", "iframe",
           "render_page"]


def render_page(options: MapOptions, datasets: Path | None = None) -> MapPage:
    """Load only what the map needs (districts, places, strings) and build the page.

    Raises ``ContentError`` with a plain-words message for a broken boundary or data file."""
    root = Path(datasets or datasets_dir())
    geo = geo_content.load(root)
    strings = strings_content.load(root)

    def t(key: str, **values: object) -> str:
        return strings(f"maps.{key}", options.lang, **values)

    return build_map(geo, t, options)


def iframe(page: MapPage, title: str, height: str = "min(70vh, 620px)") -> str:
    """The page as an ``<iframe srcdoc>``: its scripts run inside the frame, so the map shows
    in Voilà and JupyterLab without the "Make this Notebook Trusted" step, and the sandbox keeps
    the map's scripts away from the page around it."""
    return (f'<iframe class="wsp-map-frame" title="{html.escape(title, quote=True)}" '
            f'sandbox="allow-scripts" loading="eager" '
            f'style="width:100%;height:{height};min-height:320px;border:1px solid #d5dbe3;'
            f'border-radius:8px;display:block" '
            f'srcdoc="{html.escape(page.html, quote=True)}"></iframe>')
