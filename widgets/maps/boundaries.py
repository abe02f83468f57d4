"""A trainer's own boundary file, matched to the 33 kabupaten/kota.

Boundary files come from many places (BPS, GADM, Kemendagri extracts, OpenStreetMap) and none
agree on property names or spelling. Matching is therefore by the Kemendagri code when some
property holds it for most features (``12.18`` or BPS-style ``1218``), else by name, tolerant of
case, spacing and the "Kabupaten"/"Kab."/"Kota" prefix or "Regency"/"City" suffix."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..content.base import ContentError, Problem
from ..content.geo import District
from .simplify import MultiPolygon

_PREFIXES = ("kabupaten administrasi", "kabupaten", "kab.", "kab", "kota administrasi",
             "kotamadya", "kota madya", "kota", "kodya")
_SUFFIXES = ("regency", "city", "municipality")
#: Old or alternative names still found in boundary files.
ALIASES = {"tobasamosir": "12.12", "toba samosir": "12.12"}


def name_key(name: str) -> str:
    """'KAB. Serdang  Bedagai' and 'Serdang Bedagai Regency' → 'serdangbedagai'."""
    text = re.sub(r"[\s_]+", " ", str(name).strip().lower())
    for prefix in _PREFIXES:
        if text.startswith(prefix + " ") or (prefix.endswith(".") and text.startswith(prefix)):
            text = text[len(prefix):].strip()
            break
    for suffix in _SUFFIXES:
        if text.endswith(" " + suffix):
            text = text[: -len(suffix)].strip()
    return re.sub(r"[^a-z0-9]", "", text)


def name_type(name: str) -> str | None:
    """'kota' or 'kabupaten' when the name says so, else None."""
    text = str(name).strip().lower()
    if text.startswith(("kota", "kodya")) or text.endswith(" city"):
        return "kota"
    if text.startswith("kab") or text.endswith(" regency"):
        return "kabupaten"
    return None


def code_key(value: Any) -> str | None:
    """'12.18', '1218', 1218, '12.18.' → '12.18'; anything else → None."""
    text = str(value).strip().rstrip(".")
    if re.fullmatch(r"\d{2}\.\d{2}", text):
        return text
    if re.fullmatch(r"\d{4}", text):
        return f"{text[:2]}.{text[2:]}"
    return None


@dataclass
class Feature:
    label: str  # how the report names it: its name or code property
    properties: dict
    shape: MultiPolygon


@dataclass
class MatchReport:
    """Which features matched which districts, said so a trainer can fix their file."""

    total: int
    by: str  # "code:<property>" or "name:<property>"
    shapes: dict[str, MultiPolygon] = field(default_factory=dict)
    unmatched_features: list[str] = field(default_factory=list)
    unmatched_districts: list[str] = field(default_factory=list)
    fuzzy: list[tuple[str, str]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.shapes)

    def summary(self) -> str:
        return f"{self.matched}/{self.total} matched"

    def lines(self) -> list[str]:
        out = [f"{self.summary()} (by {self.by.replace(':', ' property `')}`)"]
        for feature_name, district in self.fuzzy:
            out.append(f"  matched by a similar name: `{feature_name}` → {district}")
        for name in self.merged:
            out.append(f"  several features joined into one district: {name}")
        if self.unmatched_features:
            out.append("  features not matched: " + ", ".join(self.unmatched_features))
        if self.unmatched_districts:
            out.append("  districts without a boundary: " + ", ".join(self.unmatched_districts))
        return out


def _as_multipolygon(geometry: dict | None) -> MultiPolygon | None:
    if not geometry:
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Polygon":
            return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in coords]]
        if kind == "MultiPolygon":
            return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon]
                    for polygon in coords]
        if kind == "GeometryCollection":
            parts = [_as_multipolygon(g) for g in geometry.get("geometries", [])]
            return [polygon for part in parts if part for polygon in part] or None
    except (TypeError, ValueError):
        return None
    return None


def feature_label(properties: dict, index: int) -> str:
    """How a report names a feature: its name property if it has one, else its position."""
    return next((str(v) for k, v in properties.items()
                 if str(k).lower() in ("nama", "name", "kabkot", "nama_kab", "name_2")),
                None) or f"feature {index + 1}"


def read_features(path: Path) -> list[Feature]:
    """Read a GeoJSON file's polygon features, or raise ContentError saying what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError([Problem(Path(path), "", "the boundary file does not exist",
                                    "check the path you gave with --boundaries")]) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ContentError([Problem(Path(path), "", "this is not a GeoJSON (JSON) file",
                                    "export the boundaries as GeoJSON (e.g. in QGIS: Export → "
                                    "Save Features As → GeoJSON)", line)]) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ContentError([Problem(Path(path), "type", "the file is JSON but not a GeoJSON "
                                    "FeatureCollection", "export the layer as GeoJSON")])
    features = []
    for index, raw in enumerate(data["features"]):
        properties = raw.get("properties") or {}
        shape = _as_multipolygon(raw.get("geometry"))
        if shape:
            features.append(Feature(feature_label(properties, index), properties, shape))
    if not features:
        raise ContentError([Problem(Path(path), "features", "no polygon features were found",
                                    "use a file with the district areas (Polygon or "
                                    "MultiPolygon), not points or lines")])
    return features


def _best_property(features: list[Feature], key_of, wanted: set[str]) -> tuple[str | None, int]:
    """The property whose values hit the most districts."""
    best, hits = None, 0
    names = {k for f in features for k in f.properties}
    for name in sorted(names):
        found = {key_of(f.properties.get(name)) for f in features}
        count = len(found & wanted)
        if count > hits:
            best, hits = name, count
    return best, hits


def match(features: list[Feature], districts: Iterable[District]) -> MatchReport:
    """Assign features to districts by code property if one exists, else by name."""
    districts = list(districts)
    by_code = {d.code: d for d in districts}
    code_prop, code_hits = _best_property(features, lambda v: code_key(v) if v is not None
                                          else None, set(by_code))
    report: MatchReport
    if code_prop and code_hits >= max(1, len(features) // 2):
        report = MatchReport(len(districts), f"code:{code_prop}")
        keyed = [(f, code_key(f.properties.get(code_prop))) for f in features]
    else:
        by_name: dict[str, list[District]] = {}
        for d in districts:
            by_name.setdefault(name_key(d.name), []).append(d)
        name_prop, _ = _best_property(features, lambda v: name_key(v) if v is not None else None,
                                      set(by_name) | set(ALIASES))
        name_prop = name_prop or next(iter(features[0].properties), "")
        report = MatchReport(len(districts), f"name:{name_prop}")
        keyed = []
        for feature in features:
            raw = feature.properties.get(name_prop)
            key = name_key(raw) if raw is not None else ""
            feature.label = str(raw) if raw is not None else feature.label
            code = ALIASES.get(key)
            candidates = by_name.get(key, [])
            if code is None and not candidates and key:
                close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.85)
                if close:
                    candidates = by_name[close[0]]
                    report.fuzzy.append((str(raw), candidates[0].name))
            if code is None and candidates:
                wanted_type = name_type(raw)
                typed = [d for d in candidates if d.type == wanted_type] if wanted_type else []
                if len(typed) == 1 or len(candidates) == 1:
                    code = (typed or candidates)[0].code
            keyed.append((feature, code))
    for feature, code in keyed:
        if code not in by_code:
            report.unmatched_features.append(feature.label)
            continue
        if code in report.shapes:
            report.shapes[code] = report.shapes[code] + feature.shape
            if by_code[code].name not in report.merged:
                report.merged.append(by_code[code].name)
        else:
            report.shapes[code] = feature.shape
    report.unmatched_districts = [d.name for d in districts if d.code not in report.shapes]
    return report


def representative_point(shape: MultiPolygon) -> tuple[float, float]:
    """(lat, lon) at the centre of the largest ring's bounding box, for a label when the seat
    has no coordinates. Good enough for a symbol, and said to be approximate."""
    ring = max((polygon[0] for polygon in shape), key=len)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return ((min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2)
