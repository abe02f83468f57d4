"""Boundary files from anywhere are matched to the 33 districts by code or by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets.content import geo as geo_content
from widgets.maps.boundaries import (Feature, code_key, feature_label, match, name_key,
                                     read_features)
from widgets.paths import DATASETS

SHARED_BOUNDARIES = (Path(__file__).resolve().parents[2]
                     / "shared/testdata/sumut-kabkota-boundaries.geojson")
SQUARE = [[[(98.0, 3.0), (98.1, 3.0), (98.1, 3.1), (98.0, 3.1), (98.0, 3.0)]]]


@pytest.fixture(scope="module")
def districts():
    return geo_content.load(DATASETS).districts


@pytest.mark.parametrize("raw", ["Kabupaten Serdang Bedagai", "KABUPATEN SERDANG BEDAGAI",
                                 "Kab. Serdang Bedagai", "kab serdang  bedagai",
                                 "Serdang Bedagai Regency", "serdang_bedagai", "SerdangBedagai"])
def test_name_key_ignores_prefix_case_and_spacing(raw):
    assert name_key(raw) == "serdangbedagai"


@pytest.mark.parametrize("raw,expected", [("12.18", "12.18"), ("1218", "12.18"), (1218, "12.18"),
                                          ("12.18.", "12.18"), ("12.18.01", None), ("x", None)])
def test_code_key_accepts_kemendagri_and_bps_forms(raw, expected):
    assert code_key(raw) == expected


def _features(rows: list[dict]) -> list[Feature]:
    return [Feature(feature_label(r, i), dict(r), SQUARE) for i, r in enumerate(rows)]


def test_match_by_name_with_prefix_case_and_spelling_variants(districts):
    rows = [{"NAME_2": "KOTA MEDAN"}, {"NAME_2": "Kab. Deli Serdang"},
            {"NAME_2": "serdang bedagai"}, {"NAME_2": "Kota Pematang Siantar"},
            {"NAME_2": "Labuhan Batu Utara"}, {"NAME_2": "Toba Samosir"},
            {"NAME_2": "Padang Sidempuan"}, {"NAME_2": "Danau Toba"}]
    report = match(_features(rows), districts.values())
    assert report.by == "name:NAME_2"
    assert {"12.71", "12.07", "12.18", "12.72", "12.23", "12.12", "12.77"} <= set(report.shapes)
    assert report.unmatched_features == ["Danau Toba"]
    assert ("Padang Sidempuan", "Kota Padangsidimpuan") in report.fuzzy
    assert report.summary() == "7/33 matched"
    assert "Kabupaten Nias" in report.unmatched_districts


def test_match_prefers_a_code_property_over_names(districts):
    rows = [{"kode_bps": "1218", "nama": "Some other spelling"},
            {"kode_bps": "1271", "nama": "?"}, {"kode_bps": "9999", "nama": "Elsewhere"}]
    report = match(_features(rows), districts.values())
    assert report.by == "code:kode_bps"
    assert set(report.shapes) == {"12.18", "12.71"}
    assert report.unmatched_features == ["Elsewhere"]


def test_features_of_one_district_are_joined(districts):
    rows = [{"kode": "12.18"}, {"kode": "12.18"}]
    report = match(_features(rows), districts.values())
    assert len(report.shapes["12.18"]) == 2 and report.merged == ["Kabupaten Serdang Bedagai"]


def test_not_a_geojson_gives_a_clear_message(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "Topology"}))
    with pytest.raises(Exception) as info:
        read_features(path)
    assert "not a GeoJSON" in str(info.value) and "Export" not in str(info.value).split("Fix:")[0]


def shared_file() -> Path:
    """The real third-party file lives in ../shared (never copied into the repo); a clone
    without it next door skips these two tests and says why."""
    if not SHARED_BOUNDARIES.exists():
        pytest.skip(f"the shared boundary file is not next to this clone: {SHARED_BOUNDARIES}")
    return SHARED_BOUNDARIES


def test_the_real_third_party_file_matches_all_33(districts):
    report = match(read_features(shared_file()), districts.values())
    assert report.summary() == "33/33 matched"
    assert report.unmatched_features == [] and report.unmatched_districts == []


def test_waspada_map_with_the_shared_boundaries(tmp_path, capsys):
    from widgets.cli import main

    out = tmp_path / "peta.html"
    assert main(["map", "--boundaries", str(shared_file()), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "33/33 matched" in printed
    assert "KB" in printed and out.exists()
    assert out.stat().st_size <= 600_000
