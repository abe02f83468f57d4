"""The room's figures: pacing state, presence, tallies and small-cell suppression."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from widgets.engines import live
from widgets.engines.room import FOLLOW, FREE, Room
from widgets.engines.store import Answer, Participant, SessionClosed, Store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def answer(number: int, who: str, item: str, value: str, correct=None, activity="tanda-bahaya",
           **detail) -> Answer:
    return Answer(number, "S1", who, activity, item, value, correct, detail,
                  NOW + timedelta(seconds=number))


def test_room_round_trips_through_settings_and_counts_revisions():
    room = Room().changed(activity="tanda-bahaya").toggled("locked", "kenali-tppo")
    assert room.rev == 2 and room.following and room.is_locked("kenali-tppo")
    again = Room.from_settings({"room": room.to_settings()})
    assert again == room
    assert Room.from_settings({"room": {"mode": "nonsense"}}).mode == FOLLOW
    with pytest.raises(ValueError):
        room.changed(mode="chaos")
    assert room.toggled("locked", "kenali-tppo").locked == frozenset()


def test_suppression_hides_fewer_than_three():
    assert [live.suppressed(n) for n in (0, 1, 2, 3, 10)] == [True, True, True, False, False]


def test_card_tallies_count_each_person_once_and_put_the_most_divided_first():
    answers = [
        # card-a: 3 people, all bahaya (after one changed their mind): no spread
        answer(1, "P1", "card-a", "aman"), answer(2, "P1", "card-a", "bahaya"),
        answer(3, "P2", "card-a", "bahaya"), answer(4, "P3", "card-a", "bahaya"),
        # card-b: 4 people split 2/2: divided
        answer(5, "P1", "card-b", "aman"), answer(6, "P2", "card-b", "aman"),
        answer(7, "P3", "card-b", "bahaya"), answer(8, "P4", "card-b", "bahaya"),
        # card-c: 2 people: suppressed
        answer(9, "P1", "card-c", "waspada"), answer(10, "P2", "card-c", "aman"),
    ]
    results = live.activity_results(answers, {"card-a": "bahaya", "card-b": "bahaya",
                                              "card-c": "waspada"})
    assert [t.item for t in results.cards] == ["card-b", "card-a", "card-c"]
    card_a = results.cards[1]
    assert card_a.answered == 3 and card_a.counts["bahaya"] == 3 and card_a.counts["aman"] == 0
    assert card_a.share_right == 1.0 and card_a.spread == 0.0
    assert results.cards[0].spread == pytest.approx(0.5)  # ln 2 / ln 4 over the four piles
    assert not results.cards[2].shown and results.cards[0].shown
    assert results.people == 4
    assert [t.item for t in live.hardest_first(results.cards)] == ["card-b", "card-a"]


def test_verdicts_scenarios_and_other_items_are_sorted_by_kind():
    answers = [
        answer(1, "P1", "elements:kasus-1", "tppo", True, activity="kenali-tppo"),
        answer(2, "P2", "elements:kasus-1", "bukan-tppo", False, activity="kenali-tppo"),
        answer(3, "P1", "departures:cerita-1", "prosedural", False, activity="kenali-tppo"),
        answer(4, "P1", "checklist", "lengkap", True, activity="kenali-tppo"),
        answer(7, "P1", "plan:village", "Desa Sei Rampah", None, activity="rencana-aksi"),
        answer(5, "P1", "mulai", "ikut", scenario="perahu", play=1, to="pantai"),
        answer(6, "P2", "mulai", "tolak", scenario="perahu", play=1, to="aman", ending=True),
    ]
    results = live.activity_results(
        answers, {}, {"elements": {"kasus-1": "tppo"}, "departures": {"cerita-1": "non-prosedural"}})
    elements = results.verdicts["elements"][0]
    assert elements.item == "elements:kasus-1" and elements.right == "tppo"
    assert dict(elements.counts) == {"tppo": 1, "bukan-tppo": 1}
    assert results.verdicts["departures"][0].right == "non-prosedural"
    assert [t.item for t in results.other] == ["checklist"]
    assert results.scenarios["perahu"].count("mulai", "ikut") == 1
    assert results.scenarios["perahu"].endings["aman"] == 1


def test_shown_counts_drop_nodes_with_fewer_than_three_choices():
    assert live.shown_counts({"a": {"x": 2, "y": 1}, "b": {"x": 1, "y": 1}}) == {"a": {"x": 2, "y": 1}}


def test_presence_counts_joined_connected_on_activity_and_finished():
    seen = {"P1": NOW, "P2": NOW - timedelta(seconds=30), "P3": NOW - timedelta(minutes=5)}
    people = [Participant("S1", code, None, "id", "tanda-bahaya", stamp)
              for code, stamp in seen.items()]
    people.append(Participant("S1", "P4", None, "id", "peta", NOW))
    figures = live.presence(people, {"P1": ["tanda-bahaya"], "P3": ["tanda-bahaya"]},
                            "tanda-bahaya", NOW)
    assert figures == live.Presence(joined=4, connected=3, on_activity=2, finished=2)
    assert live.presence(people, {}, None, NOW) == live.Presence(4, 3, 0, 0)


def test_store_room_changes_are_atomic_and_closing_stops_joins(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Uji", "Sei Rampah", "2026-12-03")
    assert store.room(session.code) == Room()
    store.update_room(session.code, activity="tanda-bahaya")
    store.update_room(session.code, lambda room: room.toggled("revealed", "tanda-bahaya"))
    room = store.update_room(session.code, mode=FREE)
    assert (room.activity, room.revealed, room.mode, room.rev) == (
        "tanda-bahaya", frozenset({"tanda-bahaya"}), FREE, 3)
    first = store.join(session.code)
    store.update_room(session.code, closed=True)
    with pytest.raises(SessionClosed):
        store.join(session.code)
    assert store.get_participant(session.code, first.code) is not None  # those in stay in


def test_purge_deletes_a_session_and_nothing_else(tmp_path):
    store = Store.in_data_dir(tmp_path)
    kept, purged = store.create_session("Tetap", "", ""), store.create_session("Hapus", "", "")
    for session in (kept, purged):
        who = store.join(session.code)
        store.record_answer(session.code, who.code, "tanda-bahaya", "card", "aman", True)
        store.save_progress(session.code, who.code, "_app", {"warning_seen": True})
    assert store.purge_session(purged.code) == 1
    assert store.get_session(purged.code) is None
    assert store.answers(purged.code) == [] and store.list_participants(purged.code) == []
    assert store.count_answers(kept.code) == 1 and len(store.list_participants(kept.code)) == 1
