"""The session report on a store filled with a small known session: the CSV and XLSX hold
exactly those answers (no names), the PDF is real text with the headings and the funder
sentence, a hostile session name stays text, small cells are suppressed."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ARTIFACTS
from widgets.cli import main
from widgets.content import cached_catalog
from widgets.engines import scenario as engine
from widgets.engines.store import Store
from widgets.documents.report import COLUMNS, write_report

NAME = "<img src=x onerror=alert(1)>"
PLACE = "<script>alert(1)</script>"
TEAM = "<b>Tim Melati</b>"


def play_to_an_end(store: Store, session: str, person: str, scenario_id: str) -> None:
    """Record a first play of a scenario (first choice at each node), as the view does."""
    scenario = cached_catalog().scenarios[scenario_id]
    play = engine.start(scenario)
    while not engine.is_over(scenario, play):
        choice = engine.choices(scenario, play)[0]
        step = play.step_number
        new_play, outcome = engine.choose(scenario, play, choice.id)
        target = scenario.nodes[outcome.step.to]
        store.record_answer(session, person, "simulasi-kasus", play.node, choice.id, None,
                            {"scenario": scenario_id, "play": 1, "step": step,
                             "to": outcome.step.to, "ending": target.ending,
                             "team": TEAM})
        play = new_play


def fill(store: Store) -> tuple[str, list[str], list[tuple]]:
    """A small session: 4 participants (one a team), pre-test and post-test, card sort, one story.

    Pre-test right: A 9, B 6, C 12 of 18; D answers one item only.  Post-test: A 15, B 12, C 17.
    Paired before = 27/54 = 50 %, after = 44/54 = 81 %; gain = (6+6+5)/54 = 31 points."""
    catalog = cached_catalog()
    session = store.create_session(NAME, PLACE, "2026-12-04")
    people = [store.join(session.code).code for _ in range(3)]
    people.append(store.join(session.code, team_name=TEAM).code)
    a, b, c, d = people
    quiz = catalog.quiz
    items = quiz.select({})
    expected = []

    def take(person: str, activity: str, right_count: int, only: int | None = None) -> None:
        for index, item_id in enumerate(items[:only] if only else items):
            item = quiz.items[item_id]
            wrong = next(o.id for o in item.options if o.id != item.right)
            given = item.right if index < right_count else wrong
            store.record_answer(session.code, person, activity, item_id, given,
                                given == item.right, {"phase": activity})
            expected.append((person, "yes" if person == d else "no", activity, item_id, given,
                             "yes" if given == item.right else "no"))

    for person, right in ((a, 9), (b, 6), (c, 12)):
        take(person, "pre-test", right)
    take(d, "pre-test", 1, only=1)
    cards = catalog.redflags.cards
    hard, easy = sorted(cards)[:2]
    for person, pile in ((a, "aman"), (b, "tidak-yakin"), (c, cards[hard].pile)):
        store.record_answer(session.code, person, "tanda-bahaya", hard, pile,
                            pile == cards[hard].pile, {})
        expected.append((person, "no", "tanda-bahaya", hard, pile,
                         {True: "yes", False: "no"}[pile == cards[hard].pile]))
    for person in (a, b):  # only two answers: never shown
        store.record_answer(session.code, person, "tanda-bahaya", easy, cards[easy].pile, True, {})
        expected.append((person, "no", "tanda-bahaya", easy, cards[easy].pile, "yes"))
    for person in (a, b, d):
        before = len(store.answers(session.code))
        play_to_an_end(store, session.code, person, "perahu-tanjungbalai")
        for answer in store.answers(session.code)[before:]:
            expected.append((person, "yes" if person == d else "no", "simulasi-kasus",
                             answer.item, answer.answer, ""))
    for person, right in ((a, 15), (b, 12), (c, 17)):
        take(person, "post-test", right)
    for person, finished in ((a, ["pre-test", "post-test"]), (b, ["pre-test", "post-test"]),
                             (c, ["pre-test"])):  # the app's marks: post-test finished by 2
        store.save_progress(session.code, person, "_app", {"finished": finished})
    return session.code, people, expected


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    store = Store.in_data_dir(root / "data")
    code, people, expected = fill(store)
    paths = write_report(store, code, root / "out", "id")
    return store, code, people, expected, paths


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_four_files_are_written(written):
    *_, paths = written
    assert [p.name for p in paths] == ["answers.csv", "answers.xlsx", "report.html", "report.pdf"]
    assert all(p.stat().st_size > 0 for p in paths)


def test_the_csv_holds_exactly_the_answers_given(written):
    store, code, people, expected, paths = written
    with paths[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [tuple(r[:6]) for r in rows[1:]] == expected
    assert len(rows) - 1 == store.count_answers(code)
    assert all(r[6].endswith("Z") and "T" in r[6] for r in rows[1:])
    text = paths[0].read_text(encoding="utf-8")
    assert "Melati" not in text and NAME not in text, "no team name, no session name"


def test_the_xlsx_holds_the_same_rows(written):
    from openpyxl import load_workbook

    *_, expected, paths = written
    sheet = load_workbook(paths[1]).active
    rows = [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS
    assert [r[:6] for r in rows[1:]] == expected


def test_html_escapes_what_people_typed(written):
    *_, paths = written
    page = paths[2].read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Melati" not in page


def test_html_has_every_section_and_suppresses_small_cells(written):
    *_, paths = written
    page = paths[2].read_text(encoding="utf-8")
    for heading in ("Agenda", "Keikutsertaan", "Pengetahuan sebelum dan sesudah pelatihan",
                    "Kartu tanda bahaya yang paling sulit bagi ruangan",
                    "Akhir cerita yang dicapai (permainan pertama)", "Cara menghitung"):
        assert f">{heading}<" in page, heading
    assert "Sebelum pelatihan peserta menjawab 50 % dengan benar, sesudahnya 81 %." in page
    assert "+31 poin persen" in page and "dari 3 peserta" in page
    assert "4 peserta atau tim bergabung (1 di antaranya tim" in page
    participation = page.split(">Keikutsertaan<", 1)[1]
    finished = participation.split("Tes akhir</td>", 1)[1].split("</tr>", 1)[0]
    assert finished.count("kurang dari 3 jawaban") == 1, "post-test finished by 2: suppressed"
    started = participation.split("Tes awal</td>", 1)[1].split("</tr>", 1)[0]
    assert ">4<" in started and ">3<" in started, "pre-test answered by 4, finished by 3"
    catalog = cached_catalog()
    hard, easy = sorted(catalog.redflags.cards)[:2]
    assert catalog.redflags.cards[hard].situation("id")[:40] in page
    assert catalog.redflags.cards[easy].situation("id")[:40] not in page, "2 answers: not shown"
    assert "1 dari 3 jawaban" in page  # one of three matched the suggested pile
    # every per-item cell of the pre-test: 3 or 4 answers, so shown, with words and a number
    assert page.count("class='wsp-report-bar'") >= 2 + 18 * 2


def test_the_pdf_is_real_text_with_headings_and_the_funder_sentence(written):
    *_, paths = written
    text = pdf_text(paths[3])
    flat = " ".join(text.split())
    for words in ("Laporan sesi lokakarya", "Agenda", "Keikutsertaan",
                  "Pengetahuan sebelum dan sesudah pelatihan", "Cara menghitung",
                  "Sebelum pelatihan peserta menjawab 50 % dengan benar, sesudahnya 81 %."):
        assert words in flat, words
    assert NAME in flat and PLACE in flat, "the payloads are printed as literal text"


def test_page_one_is_rendered_for_a_look(written):
    *_, paths = written
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "report-page1"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(paths[3]), str(prefix)], check=True)
    assert prefix.with_suffix(".png").stat().st_size > 5_000
    shutil.copy(paths[3], ARTIFACTS / "report.pdf")


def test_the_command_writes_english_and_prints_each_file(written, tmp_path, capsys):
    store, code, *_ = written
    data_dir = Path(store.url.removeprefix("sqlite:///")).parent
    assert main(["report", "--data-dir", str(data_dir), "--session", code.lower(),
                 "--out", str(tmp_path), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    for name in ("answers.csv", "answers.xlsx", "report.html", "report.pdf"):
        assert str(tmp_path / name) in printed
    flat = " ".join(pdf_text(tmp_path / "report.pdf").split())
    assert "Before the training participants answered 50 % correctly, afterwards 81 %." in flat
    assert "Workshop session report" in flat and "fewer than 3 answers" in flat


def test_an_unknown_session_is_named(written, tmp_path, capsys):
    store, code, *_ = written
    data_dir = Path(store.url.removeprefix("sqlite:///")).parent
    assert main(["report", "--data-dir", str(data_dir), "--session", "NOPE22",
                 "--out", str(tmp_path)]) == 1
    assert f"There is no session 'NOPE22'" in capsys.readouterr().err


def test_a_formula_typed_as_an_answer_stays_text(tmp_path):
    from openpyxl import load_workbook

    store = Store.in_data_dir(tmp_path / "data")
    session = store.create_session("Uji", "Sei Rampah", "2026-12-04")
    person = store.join(session.code).code
    store.record_answer(session.code, person, "rencana-aksi", "langkah", "=HYPERLINK(\"x\")")
    paths = write_report(store, session.code, tmp_path / "out", "en")
    rows = list(csv.reader(paths[0].open(encoding="utf-8", newline="")))
    assert rows[1][4] == "'=HYPERLINK(\"x\")"
    cell = load_workbook(paths[1]).active["E2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"x\")"


def test_the_command_reads_a_database_url(written, tmp_path, capsys):
    store, code, *_ = written
    assert main(["report", "--database-url", store.url, "--session", code,
                 "--out", str(tmp_path)]) == 0
    assert str(tmp_path / "report.pdf") in capsys.readouterr().out


def test_a_missing_data_dir_is_explained(tmp_path, capsys):
    assert main(["report", "--data-dir", str(tmp_path / "nowhere"), "--session", "ABC",
                 "--out", str(tmp_path / "out")]) == 1
    assert "pass the --data-dir that `waspada serve` used" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists(), "no empty store is created by mistake"
