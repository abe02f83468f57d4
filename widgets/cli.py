"""The ``waspada`` command. Each subcommand lives with the code it drives; this file only
collects them, so adding a command is one line in ``SUBCOMMANDS``."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from . import __version__

#: Modules that each define ``register(subparsers)``; the parser they add sets ``func``.
SUBCOMMANDS = [
    "widgets.commands",
    "widgets.slides",
    "widgets.authoring",
    "widgets.maps.command",
    "widgets.content.facts",
    "widgets.documents.report",
    "widgets.documents.handouts",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waspada",
        description="Waspada workshop kit: serve a workshop, check content, build maps.")
    parser.add_argument("--version", action="version", version=f"waspada {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


def datasets_option(parser: argparse.ArgumentParser) -> None:
    """The shared ``--datasets DIR`` option: a trainer can work on a copy of the content."""
    parser.add_argument("--datasets", type=Path, default=None, metavar="DIR",
                        help="content folder to use (default: the kit's own datasets/)")


if __name__ == "__main__":
    sys.exit(main())
