"""``waspada map``: write a standalone offline map a trainer can open or share."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run_map(args: argparse.Namespace) -> int:
    from ..content.base import ContentError
    from . import MapOptions, render_page

    options = MapOptions(lang=args.lang, boundaries=args.boundaries, data=args.data,
                         tiles=args.tiles)
    try:
        page = render_page(options, args.datasets)
    except ContentError as exc:
        print(f"{len(exc.problems)} problem(s); no map was written:\n", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page.html, encoding="utf-8")
    print(f"Wrote {args.out} ({page.size / 1000:.1f} KB; budget {page.budget // 1000} KB)")
    if page.report:
        for line in page.report.lines():
            print(line)
    if page.trainer:
        layers = ", ".join(f"{s.label} ({'rate' if s.is_rate else 'count'}, "
                           f"{len(s.values)} districts)" for s in page.trainer.series)
        print(f"Data layers: {layers}")
    if page.not_on_map:
        print("Not on the map (no coordinates): " + ", ".join(page.not_on_map))
    if page.size > page.budget:
        print(f"Warning: the page is larger than {page.budget // 1000} KB; phones on a slow "
              "Wi-Fi will wait for it.", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..cli import datasets_option

    parser = subparsers.add_parser(
        "map", help="write an offline map (HTML) of origins, routes and help points",
        description="Write a standalone map page that works without internet: origin "
        "districts, departure routes and help points, optionally with your own district "
        "boundaries (GeoJSON) and your own figures (CSV).")
    parser.add_argument("--boundaries", type=Path, metavar="GEOJSON",
                        help="district boundaries; matched by Kemendagri code or by name")
    parser.add_argument("--data", type=Path, metavar="CSV",
                        help="your figures: a district code or name column, number columns "
                        "and a source column")
    parser.add_argument("--tiles", metavar="URL",
                        help="tile URL template like http://127.0.0.1:8080/{z}/{x}/{y}.png, "
                        "only if that tile server is reachable where the map is used")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="language of the legend and popups (default: id)")
    datasets_option(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.html",
                        help="where to write the page")
    parser.set_defaults(func=run_map)
