"""The map page: offline, within its size budget, deterministic, honest about gaps."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import folium
import pytest

from widgets.content import geo as geo_content
from widgets.content.base import ContentError, load_yaml
from widgets.maps import MapOptions, iframe, render_page
from widgets.maps.simplify import fit_to_budget, geojson_size, simplify_line, simplify_ring
from widgets.paths import DATASETS

FIXTURES = Path(__file__).parent / "fixtures" / "maps"
SHARED_BOUNDARIES = (Path(__file__).resolve().parents[2]
                     / "shared/testdata/sumut-kabkota-boundaries.geojson")
EXTERNAL_ASSET = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*)(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def default_page():
    return render_page(MapOptions(lang="id"))


def test_default_page_is_within_300_kb_and_offline(default_page):
    assert default_page.size <= 300_000, default_page.size
    assert not EXTERNAL_ASSET.search(default_page.html)
    assert "cdn." not in default_page.html and "tile.openstreetmap" not in default_page.html
    assert "Make this Notebook Trusted" not in default_page.html


def test_the_asset_check_would_catch_folium_defaults():
    """Guard the guard: folium's own map links four CDNs, and the pattern sees them."""
    html = folium.Map(tiles=None).get_root().render()
    assert EXTERNAL_ASSET.search(html)


def viewports(html: str) -> list[dict[str, str]]:
    """Each viewport meta's content as a dict (``width=device-width, ...``)."""
    found = re.findall(r"""<meta\s+name=["']viewport["']\s+content=["']([^"']*)["']""", html, re.I)
    return [dict((part.split("=", 1) + [""])[:2] for part in re.split(r"[,\s]+", content.strip())
                 if part) for content in found]


def lets_people_zoom(viewport: dict[str, str]) -> bool:
    return (viewport.get("user-scalable", "yes").lower() not in ("no", "0")
            and float(viewport.get("maximum-scale", "10")) >= 5)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_people_can_pinch_zoom_the_map_page(default_page, lang):
    page = default_page if lang == "id" else render_page(MapOptions(lang=lang))
    metas = viewports(page.html)
    assert len(metas) == 1, metas
    assert metas[0]["width"] == "device-width" and lets_people_zoom(metas[0]), metas


def test_the_zoom_check_would_catch_folium_defaults():
    """Guard the guard: folium's own page locks zoom, and the check sees it."""
    metas = viewports(folium.Map(tiles=None).get_root().render())
    assert metas and not any(lets_people_zoom(m) for m in metas)


def test_leaflet_is_inlined_and_folium_globals_are_untouched(default_page):
    assert "L.version" in default_page.html or 't.version="1.9.3"' in default_page.html
    assert 'href="https://leafletjs.com"' not in default_page.html
    assert folium.Map.default_js is folium.folium._default_js
    assert any("jsdelivr" in url for _, url in folium.Map.default_js)


def test_the_page_is_deterministic(default_page):
    again = render_page(MapOptions(lang="id"))
    assert again.html == default_page.html
    assert not re.search(r"map_[0-9a-f]{32}", default_page.html)


def test_every_district_with_coordinates_has_a_symbol_and_a_label(default_page):
    geo = geo_content.load(DATASETS)
    placed = [d for d in geo.districts.values() if d.position]
    assert default_page.html.count("wsp-origin wsp-origin-") == len(placed) == 32
    assert default_page.html.count("wsp-origin-named") == 5
    assert default_page.not_on_map == ["Kabupaten Nias"]
    assert "Kabupaten Nias" in default_page.html  # named in the legend, not silently dropped


def test_gaps_are_said_in_the_participants_language(default_page):
    assert "Belum ada data" in default_page.html
    english = render_page(MapOptions(lang="en"))
    assert "No data yet" in english.html and "Belum ada data" not in english.html
    assert '<html lang="en">' in english.html


def test_approximate_places_say_so(default_page):
    assert "wsp-pin-approx" in default_page.html
    assert "Lokasi perkiraan" in default_page.html


def test_with_the_real_boundaries_the_page_stays_within_600_kb():
    if not SHARED_BOUNDARIES.exists():
        pytest.skip(f"the shared boundary file is not next to this clone: {SHARED_BOUNDARIES}")
    page = render_page(MapOptions(lang="id", boundaries=SHARED_BOUNDARIES))
    assert page.report.summary() == "33/33 matched"
    assert page.size <= 600_000, page.size
    assert not EXTERNAL_ASSET.search(page.html)
    assert page.not_on_map == []  # Nias is drawn at the middle of its boundary


def test_iframe_shows_without_trusting_and_escapes_the_document(default_page):
    markup = iframe(default_page, 'Peta "Sumut"')
    assert markup.startswith("<iframe") and 'sandbox="allow-scripts"' in markup
    assert 'title="Peta &quot;Sumut&quot;"' in markup
    assert "<script" not in markup  # the whole document is inside the escaped srcdoc


# ------------------------------------------------------------------ simplification

def test_douglas_peucker_drops_points_within_tolerance():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 0.0), (4.0, 2.0)]
    assert simplify_line(line, 0.1) == [(0.0, 0.0), (3.0, 0.0), (4.0, 2.0)]
    assert simplify_line(line, 0.0) == line


def test_a_ring_stays_closed_or_collapses_to_nothing():
    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.5, 1.001), (0.0, 1.0), (0.0, 0.0)]
    simplified = simplify_ring(ring, 0.01)
    assert simplified[0] == simplified[-1] and len(simplified) == 5
    assert simplify_ring([(0.0, 0.0), (0.001, 0.0), (0.0, 0.0001), (0.0, 0.0)], 0.01) is None


def test_fit_to_budget_shrinks_a_detailed_boundary():
    import math
    circle = [(98 + math.cos(a / 500 * 2 * math.pi), 3 + math.sin(a / 500 * 2 * math.pi))
              for a in range(500)]
    shapes = {"12.18": [[circle + [circle[0]]]]}
    assert geojson_size(shapes.values()) > 8_000
    fitted, tolerance = fit_to_budget(shapes, 2_000)
    assert geojson_size(fitted.values()) <= 2_000 and tolerance > 0.0005
    assert fitted["12.18"][0][0][0] == fitted["12.18"][0][0][-1]


# ------------------------------------------------------------------ a trainer's CSV

def test_a_trainers_csv_becomes_layers():
    page = render_page(MapOptions(lang="id", data=FIXTURES / "good.csv"))
    series = {s.column: s for s in page.trainer.series}
    assert series["kasus_2024"].values == {"12.18": 12.0, "12.71": 30.0}
    assert not series["kasus_2024"].is_rate and series["kasus_per_100k"].is_rate
    assert page.html.count("wsp-data") >= 5
    assert "Contoh pelatih" in page.html


def test_rates_become_a_choropleth_only_with_boundaries():
    if not SHARED_BOUNDARIES.exists():
        pytest.skip(f"the shared boundary file is not next to this clone: {SHARED_BOUNDARIES}")
    page = render_page(MapOptions(lang="en", boundaries=SHARED_BOUNDARIES,
                                  data=FIXTURES / "good.csv"))
    assert page.html.count("L.geoJSON(") == 2  # the outlines and the rate layer
    assert page.size <= 600_000


@pytest.mark.parametrize("fixture,expected", [
    ("bad_number.csv", "row 3 (Kota Medan): `banyak` is not a number"),
    ("unknown_district.csv", "row 2: `Kabupaten Atlantis` is not one of the 33"),
    ("no_source.csv", "there is no `source` column"),
])
def test_a_bad_csv_names_the_row(fixture, expected):
    with pytest.raises(ContentError) as info:
        render_page(MapOptions(data=FIXTURES / fixture))
    assert expected in str(info.value)
    assert fixture in str(info.value)


def test_waspada_map_reports_a_bad_csv_and_writes_nothing(tmp_path, capsys):
    from widgets.cli import main

    out = tmp_path / "peta.html"
    assert main(["map", "--data", str(FIXTURES / "bad_number.csv"), "--out", str(out)]) == 1
    assert "line 4" in capsys.readouterr().err and not out.exists()


# ------------------------------------------------------------------ content schema

def test_a_place_with_half_a_coordinate_is_refused():
    with pytest.raises(ContentError) as info:
        load_yaml(FIXTURES / "places_bad.yaml", geo_content.PlacesFile)
    assert "give both lat and lon" in str(info.value) and "places_bad.yaml" in str(info.value)


def test_origin_rows_must_match_their_district(tmp_path):
    from widgets.content import load_catalog

    root = tmp_path / "datasets"
    shutil.copytree(DATASETS, root)
    origin = root / "geo" / "origin.csv"
    origin.write_text(origin.read_text().replace("12.71,Kota Medan,named_origin",
                                                 "12.72,Kota Medan,named_origin"))
    with pytest.raises(ContentError) as info:
        load_catalog(root)
    assert "code 12.72 is Kota Pematangsiantar, not Kota Medan" in str(info.value)


def test_every_origin_fact_and_place_is_sourced():
    geo = geo_content.load(DATASETS)
    assert {f.code for f in geo.origin} == {"12.71", "12.07", "12.08", "12.05", "12.18"}
    for item in [*geo.origin, *geo.places, *geo.routes, *geo.districts.values()]:
        assert item.source and item.as_of
    for place in geo.places:
        assert (place.lat is None) == (place.coords_source is None)


def test_tiles_are_added_only_when_asked(default_page):
    assert "L.tileLayer" not in default_page.html
    page = render_page(MapOptions(tiles="http://127.0.0.1:8080/{z}/{x}/{y}.png"))
    assert page.html.count("L.tileLayer(") == 1 and "127.0.0.1:8080/{z}/{x}/{y}.png" in page.html
