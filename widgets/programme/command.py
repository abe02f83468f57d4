"""``waspada export``, ``waspada import`` and ``waspada programme``."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder of the SQLite store and of this computer's laptop id "
                        "(default: ./workshop-data)")
    parser.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL such as postgresql://user@host/db instead of "
                        "SQLite (--data-dir then only keeps the laptop id)")


def _driver_missing(error: ImportError) -> int:
    print(f"Cannot reach PostgreSQL: its driver is not installed ({error}). Fix: "
          ".venv/bin/pip install -e \".[postgresql]\"", file=sys.stderr)
    return 1


def _cannot_open(error: Exception) -> int:
    print(f"Cannot open the store: {str(error).splitlines()[0]}. Fix: check --data-dir or "
          "--database-url (is the database server running, are user and database right?)",
          file=sys.stderr)
    return 1


def _workshop_store(args: argparse.Namespace):
    from ..engines.store import Store

    if args.database_url:
        return Store(args.database_url)
    return Store.in_data_dir(args.data_dir or Path("workshop-data"))


def run_export(args: argparse.Namespace) -> int:
    from .bundle import export_bundle

    try:
        store = _workshop_store(args)
    except ImportError as error:
        return _driver_missing(error)
    except OperationalError as error:
        return _cannot_open(error)
    try:
        out = export_bundle(store, args.session, args.out,
                            data_dir=args.data_dir or Path("workshop-data"))
    except KeyError:
        print(f"No session with the code {args.session} in this store. Fix: check the code in "
              "the facilitator console's session list, and --data-dir/--database-url.",
              file=sys.stderr)
        return 1
    print(f"Wrote {out} ({out.stat().st_size / 1000:.1f} KB)")
    return 0


def local_bundles(store, folder: Path, data_dir: Path) -> list[Path]:
    """Every workshop session run on this store itself (a district server's own rooms), as
    bundles, so they join the programme like any laptop's; self-study and the facilitator's
    preview are not workshops and stay out."""
    from ..participation import SELF_STUDY_SESSION
    from ..views.console import PREVIEW_SESSION
    from .bundle import export_bundle

    skip = {SELF_STUDY_SESSION, PREVIEW_SESSION}
    return [export_bundle(store.workshop, session.code, folder / f"{session.code}.zip",
                          data_dir=data_dir)
            for session in store.workshop.list_sessions() if session.code not in skip]


def run_import(args: argparse.Namespace) -> int:
    from .bundle import BundleError
    from .store import ProgrammeStore

    try:
        store = ProgrammeStore.open(args.data_dir, args.database_url)
    except ImportError as error:
        return _driver_missing(error)
    except OperationalError as error:
        return _cannot_open(error)
    if not args.files and not args.local:
        print("Nothing to import. Fix: name bundle files, or add --local to import the "
              "sessions run on this store itself.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="waspada-local-") as folder:
            files = list(args.files)
            if args.local:
                files += local_bundles(store, Path(folder), args.data_dir or Path("workshop-data"))
            results = store.import_files(files)
    except BundleError as error:
        print(f"{len(error.problems)} problem(s); nothing was imported:\n", file=sys.stderr)
        for problem in error.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    for result in results:
        if result.already:
            print(f"{result.file}: already imported, nothing added ({result.session})")
        else:
            state = "new session" if result.new_session else "known session"
            print(f"{result.file}: {state} {result.session}, {result.participants_added} "
                  f"participants and {result.answers_added} answers added")
    print(f"{len(results)} bundle(s) in {time.perf_counter() - started:.1f} s; the programme "
          f"store now holds {store.count_answers()} answers")
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from error


def run_programme(args: argparse.Namespace) -> int:
    from ..content import ContentError, load_catalog
    from ..documents.programme import write_programme
    from .store import ProgrammeStore

    if not args.data_dir and not args.database_url:
        print("Which programme store? Fix: add --data-dir DIR or --database-url URL.",
              file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(args.datasets) if args.datasets else load_catalog()
    except ContentError as error:
        print(f"The content has problems; run `waspada check`:\n{error}", file=sys.stderr)
        return 1
    try:
        store = ProgrammeStore.open(args.data_dir, args.database_url)
    except ImportError as error:
        return _driver_missing(error)
    except OperationalError as error:
        return _cannot_open(error)
    try:
        report = write_programme(store, args.out, catalog, args.lang, args.start, args.end,
                                 args.boundaries)
    except ContentError as error:
        for problem in error.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {report.html}")
    print(f"Wrote {report.pdf.path} ({report.pdf.pages} pages)")
    print(f"Wrote {report.csv}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..cli import datasets_option

    export = subparsers.add_parser(
        "export", help="write one session as a bundle file to carry home",
        description="Write one session (pseudonymous participants, answers, progress, kit "
        "version, content hash, laptop id) as one zip data package with checksums.")
    export.add_argument("--session", required=True, metavar="CODE", help="the session code")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.zip")
    _store_options(export)
    export.set_defaults(func=run_export)

    imports = subparsers.add_parser(
        "import", help="merge session bundles into the programme store",
        description="Verify every bundle, then import them all in one transaction; a bundle "
        "imported before adds nothing; a damaged or foreign file stops the import.")
    imports.add_argument("files", nargs="*", type=Path, metavar="FILE")
    imports.add_argument("--local", action="store_true",
                         help="also import the sessions run on this store itself (a server's "
                         "own rooms)")
    _store_options(imports)
    imports.set_defaults(func=run_import)

    programme = subparsers.add_parser(
        "programme", help="write the programme report (HTML, PDF, CSV of sessions)",
        description="Workshops and participants by district on a map, knowledge gain, the "
        "hardest red-flag cards and scenario endings across every imported session.")
    _store_options(programme)
    programme.add_argument("--out", required=True, type=Path, metavar="DIR")
    programme.add_argument("--from", dest="start", type=_date, default=None, metavar="DATE",
                           help="first workshop date to include (YYYY-MM-DD)")
    programme.add_argument("--to", dest="end", type=_date, default=None, metavar="DATE",
                           help="last workshop date to include (YYYY-MM-DD)")
    programme.add_argument("--lang", choices=("id", "en"), default="id")
    programme.add_argument("--boundaries", type=Path, default=None, metavar="GEOJSON",
                           help="district boundaries to draw under the circles (optional)")
    datasets_option(programme)
    programme.set_defaults(func=run_programme)
