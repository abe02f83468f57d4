"""Many rooms, one PostgreSQL database: two ``waspada serve --database-url`` instances serve
two rooms at once without mixing their sessions, and a session played in a real browser
travels as a bundle into an empty SQLite and an empty PostgreSQL programme store, where the
programme report counts exactly its answers."""

from __future__ import annotations

import pytest

from tests.conftest import start_server, stop_server
from tests.helpers import join
from widgets.content import cached_catalog
from widgets.documents.programme import card_piles, ending_kinds
from widgets.engines.store import Store, sqlite_url
from widgets.programme import figures
from widgets.programme.bundle import export_bundle
from widgets.programme.store import ProgrammeStore

pytestmark = [pytest.mark.server, pytest.mark.browser]


def sort_cards(page, piles: list[str]) -> list[str]:
    """Sort the next cards into these piles; the card ids, in order."""
    cards = []
    for pile in piles:
        page.wait_for_selector(".wsp-rf-card")
        classes = page.locator(".wsp-rf-card").get_attribute("class")
        cards.append(next(c.removeprefix("wsp-rf-card-") for c in classes.split()
                          if c.startswith("wsp-rf-card-")))
        page.click(f".wsp-choose-{pile}")
        page.locator(".wsp-rf-feedback").wait_for()
        page.click(".wsp-next")
    return cards


def test_two_servers_on_one_postgres_serve_two_rooms_and_a_played_session_travels(
        tmp_path, postgres, postgres_url, phone, projector):
    store = Store(postgres_url)
    room_a = store.create_session("Ruang A", "Aula", "2026-12-01", district_code="12.18")
    room_b = store.create_session("Ruang B", "Aula", "2026-12-01", district_code="12.71")
    store.update_room(room_a.code, activity="tanda-bahaya")
    servers = [start_server(tmp_path / f"data-{n}", tmp_path / f"serve-{n}.log",
                            extra=("--database-url", postgres_url)) for n in (1, 2)]
    try:
        _, code_a = join(phone, servers[0], session_code=room_a.code, until=".wsp-rf-card")
        _, code_b = join(projector, servers[1], session_code=room_b.code)
        cards = sort_cards(phone, ["bahaya", "aman", "waspada"])
        assert [p.code for p in store.list_participants(room_a.code)] == [code_a]
        assert [p.code for p in store.list_participants(room_b.code)] == [code_b]
        given = store.answers(room_a.code)
        assert [a.item for a in given] == cards and {a.participant_code for a in given} == {
            code_a}
        assert store.answers(room_b.code) == []
    finally:
        for server in servers:
            stop_server(server.process)
    bundle = export_bundle(store, room_a.code, tmp_path / "room-a.zip",
                           data_dir=tmp_path / "data-1")
    catalog = cached_catalog()
    for url in (sqlite_url(tmp_path / "programme"), postgres.new_database()):
        programme = ProgrammeStore(url)
        programme.import_files([bundle])
        found = figures.compute(programme, catalog.geo, card_piles(catalog),
                                ending_kinds(catalog), None)
        assert found.answers == len(given) == 3
        assert [(s.session.code, s.people, s.answers) for s in found.sessions] == [
            (room_a.code, 1, 3)]
        assert {d.code: d.workshops for d in found.districts if d.workshops} == {"12.18": 1}
