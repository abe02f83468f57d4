"""Douglas–Peucker line simplification for GeoJSON polygons, in plain Python.

A district boundary downloaded from the web can have hundreds of thousands of points; the map
page has to stay small enough for a phone on a village-hall Wi-Fi. Shapely is not a dependency
of the kit, and the outlines only need to look right at province scale, so a small, readable
implementation is enough."""

from __future__ import annotations

import json
from typing import Iterable

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # outer ring first, then holes
MultiPolygon = list[Polygon]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """Perpendicular distance from p to segment a–b, in the same (degree) units."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def simplify_line(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the points that matter for the shape: iterative Douglas–Peucker (no recursion limit)."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: Ring, tolerance: float) -> Ring | None:
    """Simplify a closed ring; None when it collapses (fewer than 3 distinct corners)."""
    if len(ring) < 4:
        return None
    closed = ring if ring[0] == ring[-1] else ring + [ring[0]]
    # Split at the point farthest from the start so a closed ring does not collapse to a line.
    start = closed[0]
    far = max(range(len(closed)), key=lambda i: (closed[i][0] - start[0]) ** 2
              + (closed[i][1] - start[1]) ** 2)
    half = simplify_line(closed[: far + 1], tolerance)
    rest = simplify_line(closed[far:], tolerance)
    out = half + rest[1:]
    if len({p for p in out}) < 3:
        return None
    return out


def _ring_area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))) / 2


def simplify_multipolygon(polygons: MultiPolygon, tolerance: float, digits: int) -> MultiPolygon:
    """Simplify every ring and round coordinates; tiny islands and holes that collapse are
    dropped, but the largest polygon of a district is always kept."""
    out: MultiPolygon = []
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance) if polygon else None
        if outer is None:
            continue
        holes = [h for h in (simplify_ring(r, tolerance) for r in polygon[1:]) if h]
        out.append([_round(r, digits) for r in [outer, *holes]])
    if not out and polygons:
        largest = max(polygons, key=lambda poly: _ring_area(poly[0]) if poly else 0)
        out.append([_round(largest[0], digits)])
    return out


def _round(ring: Ring, digits: int) -> Ring:
    rounded: Ring = []
    for x, y in ring:
        point = (round(x, digits), round(y, digits))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def point_count(shapes: Iterable[MultiPolygon]) -> int:
    return sum(len(ring) for shape in shapes for polygon in shape for ring in polygon)


def geojson_size(shapes: Iterable[MultiPolygon]) -> int:
    """Bytes the coordinates take in compact JSON (what ends up in the page)."""
    return sum(len(json.dumps(shape, separators=(",", ":"))) for shape in shapes)


def fit_to_budget(shapes: dict[str, MultiPolygon], max_bytes: int,
                  ) -> tuple[dict[str, MultiPolygon], float]:
    """Simplify with growing tolerance until the coordinates fit in ``max_bytes``.

    Returns the simplified shapes and the tolerance used (degrees; 0.001° ≈ 110 m)."""
    tolerance = 0.0005
    while True:
        digits = 4 if tolerance < 0.004 else 3
        simplified = {key: simplify_multipolygon(shape, tolerance, digits)
                      for key, shape in shapes.items()}
        if geojson_size(simplified.values()) <= max_bytes or tolerance > 0.2:
            return simplified, tolerance
        tolerance *= 1.6
