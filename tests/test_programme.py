"""Many workshops, one programme: bundles, the programme store and the programme report,
on SQLite and on a real PostgreSQL server (tests/conftest.py ``postgres``)."""

from __future__ import annotations

import itertools
import math
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from widgets.content import load_catalog
from widgets.documents.programme import card_piles, ending_kinds, quiz_of, write_programme
from widgets.engines import store as store_module
from widgets.engines.knowledge import percent
from widgets.engines.store import Store, sqlite_url
from widgets.paths import DATASETS
from widgets.programme import figures
from widgets.programme.bundle import BundleError, export_bundle, read_bundle
from widgets.programme.gain import Quiz
from widgets.programme.store import ProgrammeStore

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CARD_X, CARD_Y, CARD_Z = "berangkat-kapal-malam-tanjungbalai", "dokumen-umur-dituakan", \
    "bekerja-gaji-ditahan"
SCENARIO = "perahu-tanjungbalai"
QUIZ = Quiz(("pre-test",), ("post-test",), {"q1": "a", "q2": "a"}, {})


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(params=["sqlite", "postgresql"])
def programme_url(request, tmp_path):
    """The programme store on a SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "programme-store")
    return request.getfixturevalue("postgres_url")


class Codes:
    """Deterministic session and participant codes, so two 'laptops' can draw the same ones."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.sessions = itertools.cycle(["AAAAAA", "BBBBBB", "CCCCCC"])
        self.people = (f"P{n:03d}" for n in itertools.count(1))

    def __call__(self, length: int = 4) -> str:
        return next(self.sessions) if length == 6 else next(self.people)


@pytest.fixture
def codes(monkeypatch):
    fake = Codes()
    monkeypatch.setattr(store_module, "new_code", fake)
    return fake


def laptop(tmp_path: Path, name: str) -> tuple[Store, Path]:
    folder = tmp_path / name
    return Store.in_data_dir(folder), folder


def test_score(store, session, person, activity, first, second):
    """One pre/post test of two items (right answer 'a'): ``first``/``second`` 'a' or 'x'."""
    for item, given in (("q1", first), ("q2", second)):
        store.record_answer(session, person, activity, item, given, given == "a")


test_score.__test__ = False  # a helper, not a test


def sort_card(store, session, person, card, right: bool, piles):
    pile = piles[card] if right else ("aman" if piles[card] != "aman" else "bahaya")
    store.record_answer(session, person, "tanda-bahaya", card, pile, right)


def play(store, session, person, ending: str, number: int = 1):
    store.record_answer(session, person, "simulasi-kasus", "offer", "go",
                        detail={"scenario": SCENARIO, "play": number})
    store.record_answer(session, person, "simulasi-kasus", "last", "go",
                        detail={"scenario": SCENARIO, "play": number, "ending": True,
                                "to": ending})


def hand_made_programme(tmp_path: Path, codes: Codes, piles) -> list[Path]:
    """Three sessions on two laptops; see ``test_the_report_matches_a_hand_computation``."""
    bundles = []
    one, one_dir = laptop(tmp_path, "laptop-1")
    a = one.create_session("Sesi A", "Balai desa", "2026-11-10", district_code="12.18",
                           kecamatan="Sei Rampah", village="<script>alert(1)</script>")
    people_a = [one.join(a.code).code for _ in range(10)]
    for n, person in enumerate(people_a):
        if n < 5:
            test_score(one, a.code, person, "pre-test", "x", "x")
            test_score(one, a.code, person, "post-test", "a", "a")
        else:
            test_score(one, a.code, person, "pre-test", "a", "x")
            test_score(one, a.code, person, "post-test", "a", "x")
        sort_card(one, a.code, person, CARD_X, n < 4, piles)
        play(one, a.code, person, "end-official" if n < 5 else "end-rescued")
    play(one, a.code, people_a[0], "end-trapped", number=2)  # a replay: not a first play
    c = one.create_session("=SUM(1) Sesi C", "Kantor camat", "2026-11-20", district_code="12.71")
    people_c = [one.join(c.code).code for _ in range(4)]
    for n, person in enumerate(people_c):
        test_score(one, c.code, person, "pre-test", "x", "x")
        test_score(one, c.code, person, "post-test", "a", "x")
        sort_card(one, c.code, person, CARD_X, n == 0, piles)
        if n < 3:
            sort_card(one, c.code, person, CARD_Z, True, piles)
    play(one, c.code, people_c[0], "end-trapped")
    play(one, c.code, people_c[1], "end-trapped")
    bundles += [export_bundle(one, a.code, tmp_path / "a.zip", data_dir=one_dir),
                export_bundle(one, c.code, tmp_path / "c.zip", data_dir=one_dir)]
    codes.reset()  # the second laptop draws the same session and participant codes
    two, two_dir = laptop(tmp_path, "laptop-2")
    b = two.create_session("Sesi B", "Masjid", "2026-11-15", district_code="12.18")
    assert b.code == a.code
    people_b = [two.join(b.code).code for _ in range(2)]
    assert people_b == people_a[:2]
    for person in people_b:
        test_score(two, b.code, person, "pre-test", "a", "x")
        test_score(two, b.code, person, "post-test", "a", "a")
        sort_card(two, b.code, person, CARD_X, True, piles)
        sort_card(two, b.code, person, CARD_Y, True, piles)
        play(two, b.code, person, "end-official")
    bundles.append(export_bundle(two, b.code, tmp_path / "b.zip", data_dir=two_dir))
    return bundles


def test_the_report_matches_a_hand_computation(tmp_path, codes, catalog, programme_url):
    """Three sessions, two laptops, two districts. Pre/post test: two items, right answer 'a'.

    A (laptop 1, 12.18 Serdang Bedagai, 10 people): P1–P5 pre 0 → post 1 (d = 1);
      P6–P10 pre 0.5 → post 0.5 (d = 0). Card X right for 4 of 10. Endings (first plays):
      end-official 5, end-rescued 5; P1's second play (end-trapped) does not count.
    B (laptop 2, 12.18, 2 people, the SAME session and participant codes as A's first two):
      pre 0.5 → post 1 (d = 0.5) each; card X right 2/2; card Y 2 people (suppressed);
      end-official 2.
    C (laptop 1, 12.71 Medan, 4 people): pre 0 → post 0.5 (d = 0.5); card X right 1/4;
      card Z right 3/3; end-trapped 2 (fewer than 3: no number).

    People 16 (12 in 12.18 over 2 workshops, 4 in 12.71); districts reached 2 of 33.
    Overall pairs 16: d = five 1, five 0, six 0.5 → mean 8/16 = 0.5; SS = 10 × 0.25 = 2.5;
      sd = √(2.5/15) = 0.408248; se = sd/4 = 0.102062; t(0.975, 15) = 2.131450;
      half = 0.217540 → CI [0.282460, 0.717540]; before (0×5 + 0.5×5 + 0.5×2 + 0)/16 = 0.21875;
      after (5 + 2.5 + 2 + 2)/16 = 0.71875.
    12.18 (12 pairs ≥ 10): mean 6/12 = 0.5; sd = √(2.5/11) = 0.476731; se = 0.137620;
      t(0.975, 11) = 2.200985 → half 0.302903 → CI [0.197097, 0.802903]. 12.71: 4 pairs → none.
    Card X: right 4 + 2 + 1 = 7 of 16 = 0.4375; Z 3/3 = 1.0; Y sorted by 2 → left out.
    Endings: end-official 5 + 2 = 7, end-rescued 5, end-trapped 2."""
    bundles = hand_made_programme(tmp_path, codes, card_piles(catalog))
    store = ProgrammeStore(programme_url)
    store.import_files(bundles)
    found = figures.compute(store, catalog.geo, card_piles(catalog), ending_kinds(catalog), QUIZ)
    assert (found.workshops, found.people, found.districts_reached) == (3, 16, 2)
    by_code = {d.code: d for d in found.districts}
    assert (by_code["12.18"].workshops, by_code["12.18"].people) == (2, 12)
    assert (by_code["12.71"].workshops, by_code["12.71"].people) == (1, 4)
    assert sum(d.workshops for d in found.districts) == 3 and len(found.districts) == 33
    gain = found.gain
    assert gain.pairs == 16
    assert (gain.before, gain.after, gain.gain) == pytest.approx((0.21875, 0.71875, 0.5))
    assert (gain.low, gain.high) == pytest.approx((0.282460, 0.717540), abs=1e-5)
    district = by_code["12.18"].gain
    assert district.pairs == 12
    assert (district.low, district.high) == pytest.approx((0.197097, 0.802903), abs=1e-5)
    assert by_code["12.71"].gain is None
    assert [(c.card, c.people, c.share_right) for c in found.cards] == [
        (CARD_X, 16, pytest.approx(0.4375)), (CARD_Z, 3, pytest.approx(1.0))]
    endings = {(e.scenario, e.ending): e.plays for e in found.endings}
    assert endings == {(SCENARIO, "end-official"): 7, (SCENARIO, "end-rescued"): 5,
                       (SCENARIO, "end-trapped"): 2}
    # The report in English shows the same figures, escapes what was typed, hides small cells.
    report = write_programme(store, tmp_path / "report-en", catalog, "en")
    text = report.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "Kabupaten Serdang Bedagai" in text and "No workshop yet (31 districts):" in text
    rows = report.csv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and sum(",<3," in row for row in rows) == 1
    assert any(",'=SUM(1) Sesi C," in row for row in rows)  # a spreadsheet shows it as text
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2",
                    str(report.pdf.path), str(ARTIFACTS / "programme-hand-made-en")], check=True)


def realistic_session(store: Store, piles, people: int = 40, district: str = "12.18") -> str:
    """A full workshop: 15 cards, the pre-test and post-test of today's content (everyone
    right on the even-numbered items before, on all but every third item after), two story
    plays, six cases, progress."""
    session = store.create_session("Lokakarya desa", "Balai desa", "2026-11-28",
                                   district_code=district, kecamatan="Sei Rampah",
                                   village="Firdaus")
    cards = sorted(piles)[:15]
    catalog = load_catalog()
    test = quiz_of(catalog)
    options = catalog.quiz.options(list(test.rights))
    for n in range(people):
        person = store.join(session.code, team_name="Melati" if n % 8 == 0 else None).code
        for index, card in enumerate(cards):
            sort_card(store, session.code, person, card, (index + n) % 3 != 0, piles)
        for index, (item, right) in enumerate(test.rights.items()):
            wrong = next(o for o in options[item] if o != right)
            for activity, is_right in (("pre-test", index % 2 == 0),
                                       ("post-test", index % 3 != 0)):
                given = right if is_right else wrong
                store.record_answer(session.code, person, activity, item, given, is_right)
        for case in range(6):
            store.record_answer(session.code, person, "kenali-tppo", f"elements:case-{case}",
                                "tppo", case % 2 == 0, {"case": case})
        for story in range(2):
            for step in range(4):
                store.record_answer(session.code, person, "simulasi-kasus", f"node-{step}",
                                    "choice-a", detail={"scenario": SCENARIO, "play": 1,
                                                        "ending": step == 3, "to": "end-official"})
        store.save_progress(session.code, person, "tanda-bahaya", {"done": cards})
    return session.code


def test_round_trip_counts_exactly_the_sessions_answers(tmp_path, catalog, programme_url):
    workshop, folder = laptop(tmp_path, "laptop")
    code = realistic_session(workshop, card_piles(catalog))
    given = workshop.count_answers(code)
    bundle = export_bundle(workshop, code, tmp_path / "session.zip", data_dir=folder)
    assert bundle.stat().st_size < 150_000  # small enough for WhatsApp
    names = set(zipfile.ZipFile(bundle).namelist())
    assert names == {"datapackage.json", "SHA256SUMS", "session.csv", "participants.csv",
                     "answers.csv", "progress.csv", "items.csv"}
    participants = zipfile.ZipFile(bundle).read("participants.csv").decode()
    assert "Melati" not in participants and participants.splitlines()[0] == \
        "code,team,lang,joined_at"
    descriptor = json.loads(zipfile.ZipFile(bundle).read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["waspada"]["laptop_id"] == (folder / "laptop-id").read_text().strip()
    store = ProgrammeStore(programme_url)
    [result] = store.import_files([bundle])
    assert (result.new_session, result.participants_added, result.answers_added) == (
        True, 40, given)
    assert store.count_answers() == given
    report = write_programme(store, tmp_path / "report", catalog, "id")
    rows = report.csv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and f",40,5,{given}," in rows[1]
    page = report.html.read_text(encoding="utf-8")
    items = len(quiz_of(catalog).rights)
    before = percent(math.ceil(items / 2) / items)  # items 0, 2, 4… right
    after = percent((items - math.ceil(items / 3)) / items)  # all but items 0, 3, 6…
    gain = percent((items - math.ceil(items / 3) - math.ceil(items / 2)) / items)
    assert (f"(40 orang) menjawab {before} % dengan benar sebelum pelatihan dan {after} % "
            f"sesudahnya: perubahan +{gain} poin persen (selang kepercayaan 95 %: +{gain} "
            f"sampai +{gain})") in page  # everyone gained the same: no spread
    assert report.pdf.pages >= 2


def test_importing_twice_adds_nothing(tmp_path, catalog, programme_url):
    workshop, folder = laptop(tmp_path, "laptop")
    code = realistic_session(workshop, card_piles(catalog), people=5)
    first = export_bundle(workshop, code, tmp_path / "first.zip", data_dir=folder)
    store = ProgrammeStore(programme_url)
    store.import_files([first])
    before = store.count_answers()
    [again] = store.import_files([first])
    assert again.already and store.count_answers() == before
    # A later export of the same session (new file, same rows) adds only what is new.
    person = workshop.list_participants(code)[0].code
    workshop.record_answer(code, person, "tanda-bahaya", "extra-card", "aman", None)
    later = export_bundle(workshop, code, tmp_path / "later.zip", data_dir=folder)
    [result] = store.import_files([later])
    assert (result.new_session, result.participants_added, result.answers_added) == (
        False, 0, 1)
    assert store.count_answers() == before + 1 and len(store.sessions()) == 1


def test_two_laptops_with_the_same_codes_stay_apart(tmp_path, codes, catalog, programme_url):
    piles = card_piles(catalog)
    one, one_dir = laptop(tmp_path, "one")
    a = one.create_session("Satu", district_code="12.18")
    for _ in range(3):
        sort_card(one, a.code, one.join(a.code).code, CARD_X, True, piles)
    codes.reset()
    two, two_dir = laptop(tmp_path, "two")
    b = two.create_session("Dua", district_code="12.07")
    for _ in range(3):
        sort_card(two, b.code, two.join(b.code).code, CARD_X, False, piles)
    assert a.code == b.code
    assert [p.code for p in one.list_participants(a.code)] == \
        [p.code for p in two.list_participants(b.code)]
    store = ProgrammeStore(programme_url)
    store.import_files([export_bundle(one, a.code, tmp_path / "1.zip", data_dir=one_dir),
                        export_bundle(two, b.code, tmp_path / "2.zip", data_dir=two_dir)])
    sessions = store.sessions()
    assert len(sessions) == 2 and len({s.laptop_id for s in sessions}) == 2
    assert {s.district_code for s in sessions} == {"12.18", "12.07"}
    found = figures.compute(store, catalog.geo, piles, {}, None)
    assert found.people == 6
    [card] = found.cards
    assert (card.people, card.share_right) == (6, pytest.approx(0.5))


@pytest.fixture
def good_bundle(tmp_path, catalog) -> Path:
    workshop, folder = laptop(tmp_path, "laptop")
    code = realistic_session(workshop, card_piles(catalog), people=4)
    return export_bundle(workshop, code, tmp_path / "good.zip", data_dir=folder)


def rewrite(bundle: Path, out: Path, name: str, change) -> Path:
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return out


def test_damaged_edited_and_foreign_files_are_refused_and_nothing_is_imported(
        tmp_path, good_bundle):
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good_bundle.read_bytes()[: good_bundle.stat().st_size // 2])
    edited = rewrite(good_bundle, tmp_path / "edited.zip", "answers.csv",
                     lambda data: data.replace(b",false,", b",true,", 1))
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("datapackage.json", json.dumps({"profile": "data-package", "resources": []}))
    plain = tmp_path / "notes.zip"
    plain.write_text("not a zip at all", encoding="utf-8")
    cases = {truncated: "not a complete zip", edited: "answers.csv",
             foreign: "not a Waspada session bundle", plain: "not a complete zip"}
    store = ProgrammeStore(sqlite_url(tmp_path / "store"))
    for bad, expected in cases.items():
        with pytest.raises(BundleError) as error:
            store.import_files([good_bundle, bad])
        message = str(error.value)
        assert bad.name in message and expected in message, message
        assert "Fix:" in message
    assert store.count_answers() == 0 and store.sessions() == []
    assert "changed after export" in str(pytest.raises(BundleError, read_bundle, edited).value)


def test_a_failure_while_writing_leaves_nothing_half_imported(tmp_path, catalog, monkeypatch):
    piles = card_piles(catalog)
    bundles = []
    for name in ("one", "two"):
        workshop, folder = laptop(tmp_path, name)
        code = realistic_session(workshop, piles, people=3)
        bundles.append(export_bundle(workshop, code, tmp_path / f"{name}.zip", data_dir=folder))
    store = ProgrammeStore(sqlite_url(tmp_path / "store"))
    real = ProgrammeStore._import
    calls = []

    def failing(self, conn, bundle):
        calls.append(bundle)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(self, conn, bundle)

    monkeypatch.setattr(ProgrammeStore, "_import", failing)
    with pytest.raises(RuntimeError):
        store.import_files(bundles)
    assert store.count_answers() == 0 and store.sessions() == []


def test_a_card_changed_between_content_versions_is_counted_per_version(tmp_path, catalog):
    """Laptop 1 ran today's content; laptop 2 ran a copy where card X was reworded. Both
    sessions: card X sorted by 3 people; laptop 1 all right, laptop 2 none right."""
    piles = card_piles(catalog)
    older = tmp_path / "older-datasets"
    shutil.copytree(DATASETS, older)
    card_file = older / "redflags" / f"{CARD_X}.yaml"
    story_file = older / "scenarios" / f"{SCENARIO}.yaml"
    for changed in (card_file, story_file):
        changed.write_text(changed.read_text(encoding="utf-8") + "\n# reworded\n",
                           encoding="utf-8")
    bundles = []
    for name, datasets, right in (("new", DATASETS, True), ("old", older, False)):
        workshop, folder = laptop(tmp_path, name)
        session = workshop.create_session(name, district_code="12.18")
        for _ in range(3):
            person = workshop.join(session.code).code
            sort_card(workshop, session.code, person, CARD_X, right, piles)
            play(workshop, session.code, person, "end-official")
        bundles.append(export_bundle(workshop, session.code, tmp_path / f"{name}.zip",
                                     data_dir=folder, datasets=datasets))
    metas = [read_bundle(b).meta for b in bundles]
    assert metas[0]["content_hash"] != metas[1]["content_hash"]
    store = ProgrammeStore(sqlite_url(tmp_path / "store"))
    store.import_files(bundles)
    found = figures.compute(store, catalog.geo, piles, ending_kinds(catalog), None)
    assert found.content_versions == 2
    rows = sorted((c.version, c.share_right, c.people) for c in found.cards)
    assert [r[2] for r in rows] == [3, 3] and {r[0] for r in rows} == {1, 2}
    assert sorted(r[1] for r in rows) == [0.0, 1.0]
    assert sorted((e.version, e.ending, e.plays) for e in found.endings) == [
        (1, "end-official", 3), (2, "end-official", 3)]
    report = write_programme(store, tmp_path / "report", catalog, "en")
    assert "(version 1)" in report.html.read_text() and "(version 2)" in report.html.read_text()


def test_old_session_answers_are_gained_only_on_the_same_question_version():
    """An answer whose item fingerprint differs from today's is left out of the gain."""
    from datetime import datetime, timezone

    from widgets.programme.gain import gain
    from widgets.programme.store import VersionedAnswer

    stamp = datetime(2026, 11, 1, tzinfo=timezone.utc)
    quiz = Quiz(("pre-test",), ("post-test",), {"q1": "a"}, {"q1": "new"})
    answers = []
    for n, person in enumerate(["P1", "P2", "P3", "P4"]):
        version = "old" if person == "P4" else "new"
        answers.append(VersionedAnswer(2 * n, "L/S", person, "pre-test", "q1", "x", False, {},
                                       stamp, version))
        answers.append(VersionedAnswer(2 * n + 1, "L/S", person, "post-test", "q1", "a", True,
                                       {}, stamp, version))
    found = gain(answers, quiz)
    assert found.pairs == 3 and found.other_version == 2 and found.gain == pytest.approx(1.0)
    assert (found.low, found.high) == pytest.approx((1.0, 1.0))


def test_the_commands_export_import_and_report(tmp_path, catalog):
    workshop, folder = laptop(tmp_path, "laptop")
    code = realistic_session(workshop, card_piles(catalog), people=12)
    waspada = [sys.executable, "-m", "widgets.cli"]
    out = tmp_path / "bundle.zip"
    done = subprocess.run([*waspada, "export", "--session", code.lower(), "--out", str(out),
                           "--data-dir", str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Wrote" in done.stdout and out.exists()
    programme = tmp_path / "programme"
    done = subprocess.run([*waspada, "import", str(out), str(out), "--data-dir", str(programme)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "already imported, nothing added" in done.stdout
    broken = tmp_path / "broken.zip"
    broken.write_bytes(out.read_bytes()[:500])
    done = subprocess.run([*waspada, "import", str(broken), "--data-dir", str(programme)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "broken.zip" in done.stderr and "nothing was imported" in \
        done.stderr
    report = tmp_path / "report"
    outlines = boundaries_file()
    done = subprocess.run([*waspada, "programme", "--data-dir", str(programme), "--out",
                           str(report), "--from", "2026-11-01", "--to", "2026-11-30",
                           *(["--boundaries", str(outlines)] if outlines else [])],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in report.iterdir()} == {"programme.html", "programme.pdf",
                                                  "sessions.csv"}
    text = subprocess.run(["pdftotext", str(report / "programme.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "Laporan program Waspada" in text and "Serdang Bedagai 12" in text
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(report / "programme.pdf"), str(ARTIFACTS / "programme-page1")],
                   check=True)
    assert (ARTIFACTS / "programme-page1.png").stat().st_size > 10_000
    empty = tmp_path / "report-empty"
    done = subprocess.run([*waspada, "programme", "--data-dir", str(programme), "--out",
                           str(empty), "--from", "2027-01-01"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (empty / "sessions.csv").read_text().splitlines()[1:] == []


def boundaries_file() -> Path | None:
    """The real boundaries the design brief lets tests use (shared/testdata beside the
    checkout, or beside the worktrees' folder); the map is drawn without them otherwise."""
    here = Path(__file__).resolve().parent.parent
    for base in (here.parent, here.parent.parent):
        path = base / "shared" / "testdata" / "sumut-kabkota-boundaries.geojson"
        if path.exists():
            return path
    return None


def test_a_servers_own_rooms_join_the_programme_with_local(tmp_path, catalog, postgres_url):
    """On a district server the live rooms and the programme share one PostgreSQL database:
    ``import --local`` brings the rooms in (twice adds nothing); the preview stays out."""
    server = Store(postgres_url)
    realistic_session(server, card_piles(catalog), people=3, district="12.07")
    realistic_session(server, card_piles(catalog), people=4, district="12.71")
    preview = server.ensure_session("PRATINJAU", "Pratinjau")
    server.record_answer(preview.code, server.join(preview.code).code, "tanda-bahaya", CARD_X,
                         "aman", False)
    command = [sys.executable, "-m", "widgets.cli", "import", "--local", "--database-url",
               postgres_url, "--data-dir", str(tmp_path / "server-data")]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert done.stdout.count("0 participants and 0 answers added") == 2  # a fresh export
    programme = ProgrammeStore(postgres_url)
    assert sorted(s.district_code for s in programme.sessions()) == ["12.07", "12.71"]
    assert programme.count_answers() == server.count_answers() - 1
