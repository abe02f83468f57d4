"""The map module: the offline map, and beside it a district profile chosen from a list.

Map clicks stay inside the map's frame (folium is static HTML), so the profile is driven by a
dropdown, which also works with a keyboard and a screen reader. Options can come from the
notebook call, the agenda (``params: {boundaries: ..., data: ..., tiles: ...}``), or, for tiles,
from ``waspada serve --tiles URL`` (the ``WASPADA_TILES`` environment variable)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import ipywidgets as ipw

from ..content import cached_catalog
from ..content.base import ContentError
from ..maps import MapOptions, iframe
from ..maps.build import build_map
from ..maps.profile import profile_html
from ..participation import Participation, current
from ..paths import KIT_ROOT, datasets_dir
from .common import column, html_block, row, safe, stylesheet

TILES_ENV = "WASPADA_TILES"


def _resolve(path: str | Path | None) -> Path | None:
    """A trainer's file: as given if it exists, else relative to datasets/ or the kit."""
    if not path:
        return None
    candidate = Path(path).expanduser()
    if candidate.is_absolute() or candidate.exists():
        return candidate
    for base in (datasets_dir(), KIT_ROOT):
        if (base / candidate).exists():
            return base / candidate
    return candidate  # missing: the loader says so in plain words


@lru_cache(maxsize=8)
def _page(lang: str, boundaries: Path | None, data: Path | None, tiles: str | None):
    """Built once per kernel and option set (content does not change during a workshop)."""
    catalog = cached_catalog()

    def t(key: str, **values: object) -> str:
        return catalog.strings(f"maps.{key}", lang, **values)

    return build_map(catalog.geo, t, MapOptions(lang, boundaries, data, tiles))


def map_module(p: Participation | None = None, *, boundaries: str | Path | None = None,
               data: str | Path | None = None, tiles: str | None = None) -> ipw.VBox:
    """The map and the district profile panel, in the participant's language."""
    p = p or current()
    params = p.params or {}
    boundaries = _resolve(boundaries or params.get("boundaries"))
    data = _resolve(data or params.get("data"))
    tiles = tiles or params.get("tiles") or os.environ.get(TILES_ENV) or None
    catalog = cached_catalog()
    geo = catalog.geo

    notices: list[ipw.Widget] = []
    try:
        page = _page(p.lang, boundaries, data, tiles)
    except ContentError as exc:
        problems = "".join(f"<li>{safe(problem)}</li>" for problem in exc.problems)
        notices.append(html_block(f"<p>{safe(p.t('maps.map_problem', problem=exc.problems[0].what))}</p>"
                                  f"<ul>{problems}</ul>", "wsp-card", "wsp-warning",
                                  "wsp-map-problem"))
        page = _page(p.lang, None, None, tiles)
    if page.report and p.facilitator:
        notices.append(html_block(
            f"<p>{safe(p.t('maps.map_report', summary='; '.join(page.report.lines())))}</p>",
            "wsp-card", "wsp-muted"))

    frame = ipw.HTML(iframe(page, p.t("maps.frame_title")), layout=ipw.Layout(width="100%"))
    frame.add_class("wsp-map")
    # Not a scroll box (the map pans inside its frame): a keyboard could not reach its scrollbar.
    map_box = ipw.Box([frame], layout=ipw.Layout(flex="2 1 420px", min_width="0",
                                                 overflow="visible"))

    districts = geo.ordered_districts()
    saved = (p.load_progress() or {}).get("district")
    start = saved if saved in geo.districts else districts[0].code
    chooser = ipw.Dropdown(options=[(d.name, d.code) for d in districts], value=start,
                           description=p.t("maps.choose_district"),
                           style={"description_width": "initial"},
                           layout=ipw.Layout(width="100%", min_height="44px"))
    chooser.add_class("wsp-map-district")
    contacts = list(catalog.help.contacts)
    t = _translator(p)
    profile = html_block(profile_html(geo, start, t, p.lang, contacts), "wsp-card",
                         "wsp-map-profile")

    def show(change: dict) -> None:
        code = change["new"]
        profile.value = profile_html(geo, code, t, p.lang, contacts)
        p.save_progress({"district": code})

    chooser.observe(show, names="value")
    panel = column([chooser, profile], "wsp-map-panel")
    panel.layout.flex = "1 1 260px"
    panel.layout.min_width = "0"
    layout = row([map_box, panel], "wsp-map-layout")
    layout.layout.align_items = "flex-start"
    box = column([stylesheet(), *notices, layout], "wsp-maps")
    return box


def _translator(p: Participation):
    def t(key: str, **values: object) -> str:
        return p.t(f"maps.{key}", **values)
    return t
