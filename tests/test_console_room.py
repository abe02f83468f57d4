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
