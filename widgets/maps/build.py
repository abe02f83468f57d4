"""Build the offline map page with folium.

Why not folium's defaults: they load Leaflet, jQuery, Bootstrap and Font Awesome from four CDNs
and tiles from OpenStreetMap, and folium's popups need jQuery. Here the map class carries no
asset links (a subclass, so folium's shared module-level lists are never touched), Leaflet is
inlined (``assets.py``), popups and labels are small Leaflet-only elements, and there is no tile
layer unless a trainer gives one. Labels on the district symbols keep the map readable without
any background."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from ..content.base import Source, cite
from ..content.geo import Geo, Place
from .assets import leaflet_css, leaflet_js
from .boundaries import MatchReport, match, read_features, representative_point
from .simplify import MultiPolygon, fit_to_budget
from .trainer_data import Series, TrainerData

#: Bytes of HTML for the default map, and with a trainer's boundaries (issue 5).
PAGE_BUDGET = 300_000
BOUNDARY_PAGE_BUDGET = 600_000
#: The view of North Sumatra, the Strait of Malacca and the Malaysian coast opposite.
DEFAULT_BOUNDS = [[0.4, 97.0], [4.4, 101.9]]

Translate = Callable[..., str]

ORIGIN_STYLE = {
    "named": {"color": "#7a1d13", "fillColor": "#b42318", "fillOpacity": 0.75, "weight": 2},
    "noted": {"color": "#6b4700", "fillColor": "#d59a1a", "fillOpacity": 0.7, "weight": 2},
    "none": {"color": "#5f6b7a", "fillColor": "#ffffff", "fillOpacity": 0.6, "weight": 1.5,
             "dashArray": "3 3"},
}
ROUTE_STYLE = {
    "procedural": {"color": "#1a56db", "weight": 3, "opacity": 0.9},
    "non_procedural": {"color": "#b42318", "weight": 3, "opacity": 0.9, "dashArray": "8 6"},
}
PIN_GLYPH = {"port": "⚓", "airport": "✈", "coast": "≈", "staging": "⌂", "road": "➜"}
#: folium's page locks zoom (maximum-scale=1, user-scalable=no); people who read small print
#: must be able to pinch-zoom (WCAG 1.4.4, axe rule meta-viewport). Leaflet still takes the
#: pinch on the map itself (its container has touch-action: none) and zooms the map.
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
FOLIUM_VIEWPORT = re.compile(r'<meta\s+name="viewport"[^>]*>')
CHOROPLETH = ["#fee8c8", "#fdbb84", "#e34a33", "#b30000"]
NO_VALUE_FILL = "#eef0f3"

PAGE_CSS = """
html, body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.leaflet-container { background: #f6f4ee; font: 14px/1.4 system-ui, sans-serif; }
.wsp-label { background: rgba(255,255,255,.85); border: 0; box-shadow: none; padding: 0 3px;
  font-size: 12px; font-weight: 600; color: #1d2433; }
.wsp-label:before { display: none; }
.wsp-label-focus { font-size: 13px; }
.wsp-zoomed-out .wsp-label-minor { display: none; }
.wsp-pin { display: flex; align-items: center; justify-content: center; border-radius: 50%;
  font-size: 15px; font-weight: 700; line-height: 1; box-sizing: border-box; }
.wsp-pin-departure { background: #fff; color: #7a1d13; border: 2px solid #7a1d13; }
.wsp-pin-transit, .wsp-pin-destination { background: #fff; color: #1d2433;
  border: 2px solid #1d2433; }
.wsp-pin-help { background: #0b6e4f; color: #fff; border: 2px solid #063b2a; }
.wsp-pin-approx { border-style: dashed; }
.wsp-popup h3 { margin: 0 0 4px; font-size: 15px; }
.wsp-popup p { margin: 4px 0; }
.wsp-popup .wsp-src { color: #4a5568; font-size: 12px; }
.wsp-popup .wsp-nodata { font-weight: 700; color: #4a5568; }
.wsp-legend { position: absolute; left: 8px; bottom: 44px; z-index: 1000; background: #fff;
  border: 1px solid #c9d0da; border-radius: 8px; padding: 6px 10px; max-width: min(300px, 80vw);
  max-height: calc(100% - 150px); overflow: auto; font-size: 13px; line-height: 1.35; }
.wsp-legend summary { font-weight: 700; cursor: pointer; min-height: 28px; }
.wsp-legend ul { list-style: none; margin: 4px 0; padding: 0; }
.wsp-legend li { display: flex; gap: 6px; align-items: center; margin: 3px 0; }
.wsp-legend .wsp-note { color: #4a5568; font-size: 12px; margin: 4px 0; }
.leaflet-control-layers { font-size: 13px; }
.leaflet-control-layers label { min-height: 26px; display: flex; align-items: center; }
"""


class OfflineMap(folium.Map):
    """A folium map that links no external JavaScript or CSS.

    ``default_js``/``default_css`` are new empty lists on this subclass: folium's own lists
    (shared by every map in the process) stay untouched."""

    default_js: list = []
    default_css: list = []


class _Script(MacroElement):
    """A snippet of Leaflet code bound to its parent layer (no jQuery, unlike folium.Popup)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code.replace("__PARENT__", this._parent.get_name()) }}
        {% endmacro %}
    """)

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self.code = code


def _js(value: object) -> str:
    """JSON for inside a <script> element ("</" would end the element early)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def popup(html_text: str) -> _Script:
    return _Script(f"__PARENT__.bindPopup({_js(html_text)}, {{maxWidth: 290}});")


def label(text: str, css_class: str, offset: int) -> _Script:
    options = {"permanent": True, "direction": "right", "className": css_class,
               "offset": [offset, 0]}
    return _Script(f"__PARENT__.bindTooltip({_js(text)}, {_js(options)});")


class _Shapes(MacroElement):
    """District outlines, embedded once and drawn by every boundary-based layer."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.data }};
        {% endmacro %}
    """)

    def __init__(self, shapes: dict[str, MultiPolygon]):
        super().__init__()
        self._name = "Shapes"
        features = [{"type": "Feature", "properties": {"c": code},
                     "geometry": {"type": "MultiPolygon", "coordinates": shape}}
                    for code, shape in shapes.items()]
        self.data = json.dumps({"type": "FeatureCollection", "features": features},
                               separators=(",", ":"))


class _ShapeLayer(MacroElement):
    """A GeoJSON layer over the shared outlines, styled and labelled per district code."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.geoJSON({{ this.shapes.get_name() }}, {
            style: function (f) { return {{ this.styles }}[f.properties.c]; },
            onEachFeature: function (f, layer) {
                var text = {{ this.popups }}[f.properties.c];
                if (text) { layer.bindPopup(text, {maxWidth: 290}); }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, shapes: _Shapes, styles: dict, popups: dict):
        super().__init__()
        self._name = "ShapeLayer"
        self.shapes = shapes
        self.styles = _js(styles)
        self.popups = _js(popups)


@dataclass
class MapOptions:
    lang: str = "id"
    boundaries: Path | None = None
    data: Path | None = None
    tiles: str | None = None


@dataclass
class MapPage:
    """The finished page and what a trainer needs to know about how it was built."""

    html: str
    lang: str
    report: MatchReport | None = None
    trainer: TrainerData | None = None
    not_on_map: list[str] = field(default_factory=list)
    tolerance: float | None = None

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))

    @property
    def budget(self) -> int:
        return BOUNDARY_PAGE_BUDGET if self.report else PAGE_BUDGET


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def number(value: float, lang: str) -> str:
    """12345.6 → '12.345,6' (id) or '12,345.6' (en)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "id" else text


def origin_status(geo: Geo, code: str) -> str:
    facts = geo.origin_for(code)
    if any(f.kind == "named_origin" for f in facts):
        return "named"
    return "noted" if facts else "none"


def source_line(t: Translate, source: Source | str, as_of: str, lang: str) -> str:
    """A fact's citations (or a trainer table's own source text) and the date it was checked."""
    return f'<p class="wsp-src">{esc(t("source", source=cite(source, lang), as_of=as_of))}</p>'


def district_popup(geo: Geo, code: str, t: Translate, lang: str) -> str:
    d = geo.district(code)
    parts = [f'<div class="wsp-popup"><h3>{esc(d.name)}</h3>',
             f"<p>{esc(t('seat', seat=d.seat))} · "
             f"{esc(t('population', value=number(d.population, lang), year=d.population_year))}</p>"]
    facts = geo.origin_for(code)
    if not facts:
        parts.append(f'<p class="wsp-nodata">{esc(t("no_data"))}</p>')
    for fact in facts:
        parts.append(f"<p>{esc(fact.note(lang))}</p>" + source_line(t, fact.source, fact.as_of, lang))
    help_here = geo.places_in(code, "help")
    if help_here:
        names = ", ".join(p.name(lang) for p in help_here)
        parts.append(f"<p><b>{esc(t('help_here'))}</b> {esc(names)}</p>")
    if d.position is None:
        parts.append(f'<p class="wsp-src">{esc(t("approx_centre"))}</p>')
    parts.append(source_line(t, d.source, d.as_of, lang) + "</div>")
    return "".join(parts)


def place_popup(geo: Geo, places: list[Place], t: Translate, lang: str) -> str:
    parts = ['<div class="wsp-popup">']
    for place in places:
        parts.append(f"<h3>{esc(place.name(lang))}</h3><p>{esc(place.about(lang))}</p>")
        if place.address:
            parts.append(f"<p>{esc(t('address', address=place.address))}</p>")
        if place.phone:
            parts.append(f"<p>{esc(t('phone', phone=place.phone))}</p>")
        located = geo.locate(place)
        if located and located.approximate:
            seat = geo.district(place.district).seat
            parts.append(f'<p class="wsp-src">≈ {esc(t("approx_place", seat=seat))}</p>')
        parts.append(source_line(t, place.source, place.as_of, lang))
    parts.append("</div>")
    return "".join(parts)


def _radius(value: float, largest: float, biggest: float = 24, smallest: float = 5) -> float:
    """Circle area proportional to the value, with a floor so small ones stay tappable."""
    if largest <= 0:
        return smallest
    return round(max(smallest, biggest * math.sqrt(value / largest)), 1)


def _classes(values: list[float]) -> list[float]:
    """Upper bounds of up to 4 quantile classes."""
    ordered = sorted(set(values))
    if len(ordered) <= len(CHOROPLETH):
        return ordered
    return [ordered[min(len(ordered) - 1, round(len(ordered) * (i + 1) / 4) - 1)]
            for i in range(4)]


def _class_of(value: float, bounds: list[float]) -> int:
    return next((i for i, upper in enumerate(bounds) if value <= upper), len(bounds) - 1)


def _stable_ids(root: Element) -> None:
    """Replace folium's random element ids with a counter, so the same data gives the same page
    (diffable files, stable notebook outputs) and the names stay short."""
    counter = itertools.count()
    stack = [root]
    while stack:
        element = stack.pop()
        element._id = format(next(counter), "x")
        for attr in ("header", "html", "script"):
            child = getattr(element, attr, None)
            if isinstance(child, Element) and child is not element:
                stack.append(child)
        stack.extend(reversed(list(element._children.values())))


def _legend_item(swatch: str, text: str) -> str:
    return f"<li>{swatch}<span>{esc(text)}</span></li>"


def _circle_swatch(style: dict, size: int = 14) -> str:
    dash = f' stroke-dasharray="{style["dashArray"]}"' if "dashArray" in style else ""
    r = size / 2 - 1.5
    return (f'<svg width="{size}" height="{size}" aria-hidden="true"><circle cx="{size/2}" '
            f'cy="{size/2}" r="{r}" fill="{style["fillColor"]}" stroke="{style["color"]}" '
            f'stroke-width="1.5"{dash}/></svg>')


def _line_swatch(style: dict) -> str:
    dash = f' stroke-dasharray="{style["dashArray"]}"' if "dashArray" in style else ""
    return (f'<svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" '
            f'stroke="{style["color"]}" stroke-width="3"{dash}/></svg>')


def _pin_swatch(kind: str, glyph: str) -> str:
    return (f'<span class="wsp-pin wsp-pin-{kind}" style="width:20px;height:20px;'
            f'font-size:12px" aria-hidden="true">{glyph}</span>')


def build_map(geo: Geo, t: Translate, options: MapOptions) -> MapPage:
    """The whole map page as one HTML document, offline, in ``options.lang``."""
    lang = options.lang
    m = OfflineMap(location=[2.6, 99.2], zoom_start=7, tiles=None, control_scale=True,
                   zoom_snap=0.5)
    figure = m.get_root()
    figure.title = t("page_title")
    figure.header.add_child(Element(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    figure.header.add_child(Element(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    figure.header.add_child(Element(f"<style>{PAGE_CSS}</style>"), name="waspada_css")
    if options.tiles:
        folium.TileLayer(tiles=options.tiles, attr=esc(t("tiles_attr")), name=t("layer_tiles"),
                         control=False).add_to(m)

    page = MapPage("", lang)
    legend: list[str] = []
    notes: list[str] = []
    positions: dict[str, tuple[float, float]] = {
        code: d.position for code, d in geo.districts.items() if d.position}
    approximate_centre: set[str] = set()

    # ---------------------------------------------------------------- boundaries (optional)
    shapes_element: _Shapes | None = None
    if options.boundaries:
        report = match(read_features(Path(options.boundaries)), geo.districts.values())
        page.report = report
        shapes, page.tolerance = fit_to_budget(report.shapes, BOUNDARY_PAGE_BUDGET - 300_000)
        shapes_element = _Shapes(shapes)
        m.add_child(shapes_element)
        for code, shape in shapes.items():
            if code not in positions:
                positions[code] = representative_point(shape)
                approximate_centre.add(code)
        outline = folium.FeatureGroup(name=esc(t("layer_boundaries")))
        outline_style = {"color": "#6b7785", "weight": 1, "fillColor": "#ffffff",
                         "fillOpacity": 0.5}
        outline.add_child(_ShapeLayer(shapes_element, {c: outline_style for c in shapes},
                                      {c: district_popup(geo, c, t, lang) for c in shapes}))
        m.add_child(outline)
        notes.append(t("boundaries_note", matched=report.matched, total=report.total,
                       file=Path(options.boundaries).name))

    page.not_on_map = [d.name for code, d in geo.districts.items() if code not in positions]

    # ---------------------------------------------------------------- origin districts
    origin = folium.FeatureGroup(name=esc(t("layer_origin")))
    largest = max(d.population for d in geo.districts.values())
    for district in geo.ordered_districts()[::-1]:  # focus districts drawn last, on top
        code = district.code
        if code not in positions:
            continue
        status = origin_status(geo, code)
        radius = _radius(district.population, largest)
        marker = folium.CircleMarker(positions[code], radius=radius,
                                     class_name=f"wsp-origin wsp-origin-{status} "
                                                f"wsp-district-{code.replace('.', '-')}",
                                     **ORIGIN_STYLE[status])
        marker.add_child(popup(district_popup(geo, code, t, lang)))
        css = "wsp-label " + ("wsp-label-focus" if district.is_focus else "wsp-label-minor")
        name = district.short_name + (" ≈" if code in approximate_centre else "")
        marker.add_child(label(name, css, int(radius) + 2))
        origin.add_child(marker)
    m.add_child(origin)
    legend.append(f"<b>{esc(t('layer_origin'))}</b><ul>"
                  + _legend_item(_circle_swatch(ORIGIN_STYLE["named"]), t("legend_named"))
                  + _legend_item(_circle_swatch(ORIGIN_STYLE["noted"]), t("legend_noted"))
                  + _legend_item(_circle_swatch(ORIGIN_STYLE["none"]), t("legend_none"))
                  + f"</ul><p class='wsp-note'>{esc(t('legend_size'))}</p>")

    # ---------------------------------------------------------------- routes and departure points
    routes = folium.FeatureGroup(name=esc(t("layer_routes")))
    for route in geo.routes:
        points = [geo.stop(stop) for stop in route.stops]
        line = folium.PolyLine(points, class_name=f"wsp-route wsp-route-{route.status}",
                               **ROUTE_STYLE[route.status])
        stops = " → ".join(geo.stop_name(s, lang) for s in route.stops)
        line.add_child(popup(f'<div class="wsp-popup"><h3>{esc(route.name(lang))}</h3>'
                             f"<p>{esc(stops)}</p><p>{esc(route.about(lang))}</p>"
                             + source_line(t, route.source, route.as_of, lang) + "</div>"))
        routes.add_child(line)
    for place in geo.places:
        if place.kind == "help":
            continue
        located = geo.locate(place)
        approx = " wsp-pin-approx" if located.approximate else ""
        glyph = PIN_GLYPH.get(place.category, "•")
        icon = folium.DivIcon(html=glyph, icon_size=(26, 26), icon_anchor=(26, 26),
                              class_name=f"wsp-pin wsp-pin-{place.kind}{approx} wsp-place")
        marker = folium.Marker([located.lat, located.lon], icon=icon,
                               title=place.name(lang))
        marker.add_child(popup(place_popup(geo, [place], t, lang)))
        if place.kind in ("transit", "destination") and place.district is None:
            marker.add_child(label(place.name(lang), "wsp-label", 4))
        routes.add_child(marker)
    m.add_child(routes)
    legend.append(f"<b>{esc(t('layer_routes'))}</b><ul>"
                  + _legend_item(_pin_swatch("departure", "⚓"), t("legend_departure"))
                  + _legend_item(_pin_swatch("transit", "➜"), t("legend_transit"))
                  + _legend_item(_line_swatch(ROUTE_STYLE["procedural"]), t("legend_procedural"))
                  + _legend_item(_line_swatch(ROUTE_STYLE["non_procedural"]),
                                 t("legend_non_procedural"))
                  + f"</ul><p class='wsp-note'>{esc(t('legend_straight'))}</p>")

    # ---------------------------------------------------------------- help points
    helps = folium.FeatureGroup(name=esc(t("layer_help")))
    grouped: dict[tuple[float, float, bool], list[Place]] = {}
    for place in geo.places:
        if place.kind != "help":
            continue
        located = geo.locate(place)
        grouped.setdefault((located.lat, located.lon, located.approximate), []).append(place)
    for (lat, lon, approximate), places in grouped.items():
        glyph = "✚" if len(places) == 1 else f"✚{len(places)}"
        approx = " wsp-pin-approx" if approximate else ""
        icon = folium.DivIcon(html=glyph, icon_size=(30 if len(places) > 1 else 26, 26),
                              icon_anchor=(0, 0),
                              class_name=f"wsp-pin wsp-pin-help{approx} wsp-place")
        marker = folium.Marker([lat, lon], icon=icon,
                               title=", ".join(p.name(lang) for p in places))
        marker.add_child(popup(place_popup(geo, places, t, lang)))
        helps.add_child(marker)
    m.add_child(helps)
    legend.append(f"<b>{esc(t('layer_help'))}</b><ul>"
                  + _legend_item(_pin_swatch("help", "✚"), t("legend_help"))
                  + _legend_item(_pin_swatch("help wsp-pin-approx", "✚"), t("legend_approx"))
                  + "</ul>")

    # ---------------------------------------------------------------- a trainer's figures
    if options.data:
        from .trainer_data import load as load_trainer_data

        data = load_trainer_data(Path(options.data), geo.districts)
        page.trainer = data
        for series in data.series:
            legend.append(_series_layer(m, series, data, geo, t, lang, positions,
                                        shapes_element))

    if not options.tiles:
        notes.append(t("legend_no_tiles"))
    if page.not_on_map:
        notes.append(t("legend_not_on_map", names=", ".join(page.not_on_map)))
    notes.append(t("legend_check"))

    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    m.add_child(_Script(
        "(function (map) {"
        " function zoom() { map.getContainer().classList.toggle('wsp-zoomed-out',"
        " map.getZoom() < 8); }"
        " map.on('zoomend', zoom); zoom();"
        " var legend = document.querySelector('.wsp-legend');"
        " if (legend && window.innerWidth < 600) { legend.removeAttribute('open'); }"
        "})(__PARENT__);"))
    m.fit_bounds(_bounds(positions, geo))
    figure.html.add_child(Element(
        '<details class="wsp-legend" open><summary>' + esc(t("legend_title")) + "</summary>"
        + "".join(legend)
        + "".join(f"<p class='wsp-note'>{esc(n)}</p>" for n in notes) + "</details>"),
        name="legend")
    _stable_ids(figure)
    page.html = zoomable(figure.render()).replace("<html>", f'<html lang="{esc(lang)}">', 1)
    return page


def zoomable(page_html: str) -> str:
    """The page with one viewport meta that lets people zoom, in place of folium's."""
    page_html, replaced = FOLIUM_VIEWPORT.subn(VIEWPORT, page_html, count=1)
    return page_html if replaced else page_html.replace("<head>", "<head>" + VIEWPORT, 1)


def _bounds(positions: dict[str, tuple[float, float]], geo: Geo) -> list[list[float]]:
    """Open on the east coast: the focus districts and the departure points in North Sumatra.
    The rest of the province and the crossings to Malaysia are one zoom-out away, and the
    route lines leaving the frame show the direction."""
    points = [positions[d.code] for d in geo.districts.values()
              if d.is_focus and d.code in positions]
    for place in geo.places:
        located = geo.locate(place)
        if located and place.district is not None and place.kind != "help":
            points.append((located.lat, located.lon))
    if not points:
        return DEFAULT_BOUNDS
    pad = 0.12
    return [[min(p[0] for p in points) - pad, min(p[1] for p in points) - pad],
            [max(p[0] for p in points) + pad, max(p[1] for p in points) + pad]]


def _series_layer(m: folium.Map, series: Series, data: TrainerData, geo: Geo, t: Translate,
                  lang: str, positions: dict, shapes: _Shapes | None) -> str:
    """One trainer column as a layer; returns its legend HTML."""
    group = folium.FeatureGroup(name=esc(series.label), show=True)

    def row_popup(code: str) -> str:
        d = geo.district(code)
        value = series.values.get(code)
        shown = (esc(number(value, lang)) if value is not None
                 else f'<span class="wsp-nodata">{esc(t("no_data"))}</span>')
        source = source_line(t, data.sources.get(code, "?"), data.dates.get(code, "?"), lang) \
            if value is not None else ""
        return (f'<div class="wsp-popup"><h3>{esc(d.name)}</h3>'
                f"<p>{esc(series.label)}: {shown}</p>{source}</div>")

    if series.is_rate:
        bounds = _classes(list(series.values.values()))
        colours = CHOROPLETH[-len(bounds):] if len(bounds) < len(CHOROPLETH) else CHOROPLETH
        if shapes is not None:
            styles = {}
            for code in geo.districts:
                value = series.values.get(code)
                fill = colours[_class_of(value, bounds)] if value is not None else NO_VALUE_FILL
                styles[code] = {"color": "#5f6b7a", "weight": 1, "fillColor": fill,
                                "fillOpacity": 0.8}
            group.add_child(_ShapeLayer(shapes, styles,
                                        {c: row_popup(c) for c in geo.districts}))
        else:
            for code, value in series.values.items():
                if code not in positions:
                    continue
                fill = colours[_class_of(value, bounds)]
                marker = folium.CircleMarker(positions[code], radius=9, color="#1d2433",
                                             weight=1, fill_color=fill, fill_opacity=0.9,
                                             class_name="wsp-data")
                marker.add_child(popup(row_popup(code)))
                group.add_child(marker)
        lower = [min(series.values.values())] + bounds[:-1]
        items = "".join(_legend_item(_circle_swatch({"color": "#5f6b7a", "fillColor": c}),
                                     f"{number(lo, lang)} – {number(hi, lang)}")
                        for c, lo, hi in zip(colours, lower, bounds))
        items += _legend_item(_circle_swatch({"color": "#5f6b7a", "fillColor": NO_VALUE_FILL}),
                              t("no_data"))
        note = t("legend_rate")
    else:
        largest = max(series.values.values())
        for code, value in series.values.items():
            if code not in positions:
                continue
            marker = folium.CircleMarker(positions[code], radius=_radius(value, largest, 26, 3),
                                         color="#063b2a", weight=1.5, fill_color="#0b6e4f",
                                         fill_opacity=0.55, class_name="wsp-data")
            marker.add_child(popup(row_popup(code)))
            group.add_child(marker)
        items = _legend_item(_circle_swatch({"color": "#063b2a", "fillColor": "#0b6e4f"}),
                             t("legend_count", largest=number(largest, lang)))
        note = t("legend_count_note")
    m.add_child(group)
    return (f"<b>{esc(series.label)}</b><ul>{items}</ul>"
            f"<p class='wsp-note'>{esc(note)}</p>")
