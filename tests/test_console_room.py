"""The facilitator console drives the room through the store: every action needs the PIN, two
console windows see the same room, and the live panel hides small cells."""

from __future__ import annotations

import pytest

from widgets.content import cached_catalog
from widgets.engines.access import write_pin
from widgets.engines.store import Store
from widgets.paths import DATA_DIR_ENV
from widgets.views.console import FacilitatorConsole
from widgets.views.common import html_block


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    write_pin(tmp_path, "135790")
    return Store.in_data_dir(tmp_path)


def unlocked(store) -> FacilitatorConsole:
    console = FacilitatorConsole(cached_catalog(), store)
    assert console.try_pin("135790", html_block(""))
    return console


def test_nothing_happens_without_the_pin(store):
    session = store.create_session("Uji", "", "")
    console = FacilitatorConsole(cached_catalog(), store)
    console.shown_session = session  # as if a stale button were clicked by hand
    console.open_activity("tanda-bahaya")
    console.toggle_reveal("tanda-bahaya")
    console.toggle_closed()
    assert console.purge(session.code, html_block("")) is None
    assert console.create_session("Baru", "", None, html_block("")) is None
    assert store.room(session.code).rev == 0 and store.get_session(session.code) is not None
    assert len(store.list_sessions()) == 1


def test_two_windows_share_one_room(store):
    session = store.create_session("Uji", "Aula", "2026-12-03")
    laptop, projector = unlocked(store), unlocked(store)
    for console in (laptop, projector):
        console._show(session)
    laptop.open_activity("tanda-bahaya")
    projector.toggle_lock("tanda-bahaya")
    projector.refresh()
    laptop.refresh()
    for console in (laptop, projector):
        assert console.room.activity == "tanda-bahaya" and console.room.is_locked("tanda-bahaya")
    assert "wsp-room-activity-open" in laptop.activity_control(
        cached_catalog().agenda.get("tanda-bahaya"))._dom_classes


def test_live_panel_shows_counts_only_from_three_answers(store):
    session = store.create_session("Uji", "", "")
    console = unlocked(store)
    console._show(session)
    console.open_activity("tanda-bahaya")
    card = next(iter(cached_catalog().redflags.cards))
    people = [store.join(session.code) for _ in range(3)]
    store.record_answer(session.code, people[0].code, "tanda-bahaya", card, "bahaya")
    store.record_answer(session.code, people[1].code, "tanda-bahaya", card, "aman")
    console.refresh()
    assert "Kurang dari 3 jawaban" in console.live.value and "wsp-bar-row" not in console.live.value
    store.record_answer(session.code, people[2].code, "tanda-bahaya", card, "bahaya")
    console.refresh()
    assert "2 (67%)" in console.live.value and "1 (33%)" in console.live.value
    assert "jawaban yang disepakati" not in console.live.value
    console.toggle_reveal("tanda-bahaya")
    assert "jawaban yang disepakati" in console.live.value


def test_purge_needs_the_code_typed(store):
    session = store.create_session("Uji", "", "")
    store.record_answer(session.code, store.join(session.code).code, "peta", "x", "y")
    console = unlocked(store)
    console._show(session)
    message = html_block("")
    assert console.purge("SALAH", message) is False and store.get_session(session.code)
    assert console.purge(session.code.lower(), message) is True
    assert store.get_session(session.code) is None and store.count_answers(session.code) == 0


def test_free_text_is_shown_as_text(store):
    evil = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    session = store.create_session(evil, evil, "2026-12-03")
    console = unlocked(store)
    console._show(session)
    shown = " ".join(getattr(w, "value", "") for w in console.room_box.children
                     if isinstance(getattr(w, "value", None), str))
    assert "<img" not in shown and "<script" not in shown and "&lt;img src=x" in shown


def test_the_report_button_writes_the_four_files_outside_the_served_folder(store, tmp_path):
    import csv

    session = store.create_session("Uji", "Aula", "2026-12-03")
    who = store.join(session.code)
    card = next(iter(cached_catalog().redflags.cards))
    store.record_answer(session.code, who.code, "tanda-bahaya", card, "bahaya", True)
    console = unlocked(store)
    console._show(session)
    message = html_block("")
    written = console.write_report(message)
    assert [p.name for p in written] == ["answers.csv", "answers.xlsx", "report.html", "report.pdf"]
    assert all(p.is_relative_to(tmp_path / "exports" / session.code) for p in written)
    assert "report.pdf" in message.value
    with written[0].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["participant_code"], r["item"], r["answer"]) for r in rows] == [(who.code, card, "bahaya")]


def test_the_live_panel_of_a_test_compares_before_and_after(store):
    catalog = cached_catalog()
    session = store.create_session("Uji", "", "")
    console = unlocked(store)
    console._show(session)
    console.open_activity("post-test")
    items = catalog.quiz.select(catalog.agenda.get("post-test").params)
    rights = catalog.quiz.rights(items)
    for _ in range(3):
        who = store.join(session.code)
        for phase in ("pre-test", "post-test"):
            for item in items:
                store.record_answer(session.code, who.code, phase, item, rights[item], True)
    console.refresh()
    assert "wsp-quiz-room-means" in console.live.value and "100" in console.live.value
    assert "wsp-bar-row" in console.live.value


def test_the_export_button_writes_a_bundle_that_imports(store, tmp_path):
    from widgets.programme.store import ProgrammeStore

    session = store.create_session("Uji", "Aula", "2026-12-03")
    who = store.join(session.code)
    store.record_answer(session.code, who.code, "peta", "x", "y")
    console = unlocked(store)
    console._show(session)
    message = html_block("")
    path = console.export_session(message)
    assert path is not None and path.is_relative_to(tmp_path / "exports") and path.suffix == ".zip"
    assert "KB" in message.value
    programme = ProgrammeStore.open(database_url=f"sqlite:///{tmp_path / 'programme.sqlite'}")
    first, = programme.import_files([path])
    again, = programme.import_files([path])  # twice: nothing more
    assert (first.answers_added, again.answers_added, again.already) == (1, 0, True)


def test_the_console_tells_the_server_how_many_phones_to_prepare(store, tmp_path):
    from widgets.engines.capacity import read_expected, write_status

    session = store.create_session("Uji", "", "")
    console = unlocked(store)
    console._show(session)
    assert "belum melaporkan" in console.readiness.value
    assert console.expect(35) == 35 and read_expected(tmp_path) == 35
    write_status(tmp_path, {"ready_for": 12, "starting": 2, "expected": 35})
    console.refresh()
    assert "Siap untuk 12 ponsel" in console.readiness.value
