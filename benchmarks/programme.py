"""Bundle size for a 40-person workshop and the time to import 50 bundles, on this machine.

    .venv/bin/python benchmarks/programme.py [--bundles 50] [--people 40]
                                             [--database-url postgresql://…] [--report DIR]

Builds workshops with a realistic number of answers per participant (15 red-flag cards, the
pre-test and post-test of today's content, 6 three-element cases, 6 departure stories, two scenario
plays of 6 choices, the checklist: 76 answers) in five districts, exports them from 50
"laptops" (each its own data folder, so its own laptop id), imports all 50 in one
``waspada import`` transaction into an empty SQLite programme store (and PostgreSQL when a URL
is given), then writes the programme report. Prints a Markdown table; nothing asserts a time."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))

from widgets.content import load_catalog  # noqa: E402
from widgets.documents.programme import quiz_of, write_programme  # noqa: E402
from widgets.engines.store import Store, sqlite_url  # noqa: E402
from widgets.programme.bundle import export_bundle  # noqa: E402
from widgets.programme.store import ProgrammeStore  # noqa: E402

DISTRICTS = ["12.18", "12.07", "12.71", "12.05", "12.08"]


def workshop(store: Store, catalog, people: int, district: str, held_on: str,
             rng: random.Random) -> tuple[str, int]:
    """One session with ``people`` participants answering like a real room."""
    cards = sorted(catalog.redflags.cards)
    piles = {c: catalog.redflags.cards[c].pile for c in cards}
    scenarios = sorted(catalog.scenarios.files)
    test = quiz_of(catalog)
    options = catalog.quiz.options(list(test.rights))
    session = store.create_session("Lokakarya kepala desa", "Balai desa", held_on,
                                   district_code=district, kecamatan="Kecamatan contoh",
                                   village="Desa contoh")
    for n in range(people):
        person = store.join(session.code, team_name="Tim" if n % 8 == 0 else None).code
        skill = rng.random()
        for card in rng.sample(cards, 15):
            right = rng.random() < 0.5 + skill / 3
            pile = piles[card] if right else rng.choice(["aman", "waspada", "bahaya",
                                                         "tidak-yakin"])
            store.record_answer(session.code, person, "tanda-bahaya", card, pile,
                                pile == piles[card], {"right": piles[card]})
        for phase, boost in (("pre-test", 0.0), ("post-test", 0.25)):
            for item, answer_key in test.rights.items():
                right = rng.random() < 0.45 + skill / 4 + boost
                given = answer_key if right else next(o for o in options[item] if o != answer_key)
                store.record_answer(session.code, person, phase, item, given, right)
        for kind in ("elements", "departures"):
            for case in range(6):
                store.record_answer(session.code, person, "kenali-tppo", f"{kind}:kasus-{case}",
                                    rng.choice(["tppo", "bukan"]), rng.random() < 0.7)
        for play_number, scenario in enumerate(rng.sample(scenarios, 2), start=1):
            for step in range(6):
                store.record_answer(session.code, person, "simulasi-kasus", f"langkah-{step}",
                                    rng.choice(["a", "b"]),
                                    detail={"scenario": scenario, "play": 1,
                                            "ending": step == 5, "to": "end-official"})
        store.record_answer(session.code, person, "kenali-tppo", "checklist", "lengkap", True)
        for activity in ("pre-test", "kenali-tppo", "tanda-bahaya", "simulasi-kasus",
                         "post-test"):
            store.save_progress(session.code, person, activity, {"done": True, "step": 9})
    return session.code, store.count_answers(session.code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=50)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--report", type=Path, default=KIT / "test-artifacts" / "programme-benchmark")
    args = parser.parse_args()
    catalog = load_catalog()
    rng = random.Random(12)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="waspada-programme-") as tmp:
        root = Path(tmp)
        source = Store.in_data_dir(root / "source")
        sessions = []
        started = time.perf_counter()
        for n, district in enumerate(DISTRICTS):
            sessions.append(workshop(source, catalog, args.people, district,
                                     f"2026-11-{n + 10:02d}", rng))
        print(f"built {len(sessions)} workshops in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        bundles = []
        started = time.perf_counter()
        for n in range(args.bundles):
            code, _ = sessions[n % len(sessions)]
            bundles.append(export_bundle(source, code, root / "bundles" / f"{n:02d}.zip",
                                         data_dir=root / f"laptop-{n:02d}"))
        export_seconds = (time.perf_counter() - started) / args.bundles
        sizes = sorted(b.stat().st_size for b in bundles)
        answers = sessions[0][1]
        rows += [("participants per workshop", str(args.people)),
                 ("answers per workshop", f"{answers} ({answers / args.people:.0f} each)"),
                 ("bundle size (zip)", f"{sizes[len(sizes) // 2] / 1000:.0f} KB median, "
                                       f"{sizes[-1] / 1000:.0f} KB largest"),
                 ("export time per bundle", f"{export_seconds:.2f} s")]
        targets = [("SQLite", sqlite_url(root / "programme"))]
        if args.database_url:
            targets.append(("PostgreSQL", args.database_url))
        for label, url in targets:
            store = ProgrammeStore(url)
            started = time.perf_counter()
            store.import_files(bundles)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = store.import_files(bundles)
            repeat = time.perf_counter() - started
            assert all(r.already for r in again)
            rows += [(f"import {args.bundles} bundles into {label}",
                      f"{seconds:.1f} s ({store.count_answers()} answers)"),
                     (f"import the same {args.bundles} again ({label})",
                      f"{repeat:.1f} s, nothing added")]
            started = time.perf_counter()
            report = write_programme(store, args.report / label.lower(), catalog, "id")
            rows.append((f"programme report ({label})",
                         f"{time.perf_counter() - started:.1f} s, {report.pdf.pages} PDF pages"))
    print("| what | measured |\n|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
