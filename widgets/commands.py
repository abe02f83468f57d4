"""``waspada check`` and ``waspada serve``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def run_check(args: argparse.Namespace) -> int:
    from .content import check
    from .paths import DATASETS_ENV

    root = args.datasets
    if root is not None:
        os.environ[DATASETS_ENV] = str(root.resolve())
    problems = check(root)
    shown = root or "datasets/"
    if not problems:
        print(f"OK: {shown} has no problems.")
        _warn_old_facts(root)
        return 0
    print(f"{len(problems)} problem(s) in {shown}:\n", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    return 1


def _warn_old_facts(root: Path | None) -> None:
    """Old facts are a warning, not a failure: they may still be true, but need a look."""
    from .content import load_catalog
    from .content.facts import warn_old

    warning = warn_old(load_catalog(root))
    if warning:
        print(warning)


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(host=args.host, port=args.port, lan=args.lan, data_dir=args.data_dir,
                 pin=args.pin, open_browser=not args.no_browser, pool_size=args.pool_size,
                 max_kernels=args.max_kernels, cull_minutes=args.cull_minutes,
                 database_url=args.database_url, tiles=args.tiles, expect=args.expect,
                 per_device=args.max_per_device)


def register(subparsers: argparse._SubParsersAction) -> None:
    from .cli import datasets_option

    check = subparsers.add_parser("check", help="validate every content file",
                                  description="Check every file in datasets/ and every module "
                                  "notebook; print each problem with its file, line and fix.")
    datasets_option(check)
    check.set_defaults(func=run_check)

    serve = subparsers.add_parser("serve", help="run a workshop (standalone Voila)",
                                  description="Serve the participant app and the facilitator "
                                  "console. Local-only unless --lan.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--lan", action="store_true",
                       help="listen on the laptop's Wi-Fi address and print a join QR code")
    serve.add_argument("--data-dir", type=Path, default=Path("workshop-data"),
                       help="where answers are stored (kept out of the served folder)")
    serve.add_argument("--database-url", default=None,
                       help="SQLAlchemy URL (e.g. postgresql://...) instead of SQLite")
    serve.add_argument("--pin", default=None, help="facilitator PIN (default: generated)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument("--pool-size", type=int, default=2,
                       help="participant pages always kept ready (preheated kernels)")
    serve.add_argument("--expect", type=int, default=None, metavar="N",
                       help="phones expected: prepare N + 10%% ready pages, a few at a time "
                       "(default: the count last set from the console, else none)")
    serve.add_argument("--max-kernels", type=int, default=60,
                       help="participant pages allowed; beyond it phones see 'the room is full'")
    serve.add_argument("--max-per-device", type=int, default=4,
                       help="pages one device (address) may hold: console, projector, a reload")
    serve.add_argument("--cull-minutes", type=int, default=45,
                       help="stop a kernel whose page has been gone this long")
    serve.add_argument("--tiles", default=None, metavar="URL",
                       help="map tile URL template, only if a tile server is reachable")
    serve.set_defaults(func=run_serve)
