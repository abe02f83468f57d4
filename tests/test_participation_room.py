"""What a phone does with the room: answers refused while an activity is locked, and an
activity counted finished once every exercise on its page has reached its end."""

from __future__ import annotations

import pytest

from widgets.engines.store import Store
from widgets.participation import ActivityLocked, Participation


@pytest.fixture
def participation(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Uji", "", "")
    return Participation(store, session, store.join(session.code), activity="kenali-tppo")


def test_a_locked_activity_refuses_answers_and_stores_nothing(participation):
    store, code = participation.store, participation.session.code
    participation.record("elements:kasus-1", "tppo", True)
    store.update_room(code, lambda room: room.toggled("locked", "kenali-tppo"))
    with pytest.raises(ActivityLocked):
        participation.record("elements:kasus-2", "tppo", True)
    participation.record("card", "aman", True, activity="tanda-bahaya")  # other activities open
    assert [a.item for a in store.answers(code)] == ["elements:kasus-1", "card"]


def test_an_activity_is_finished_when_each_registered_exercise_ends(participation):
    participation.expect("kenali-tppo/elements")
    participation.expect("kenali-tppo/departures")
    participation.finished("kenali-tppo/elements")
    assert "kenali-tppo" not in participation.app_state().get("finished", [])
    participation.finished("kenali-tppo/departures")
    participation.finished("kenali-tppo/departures")  # again: no change
    assert participation.app_state()["finished"] == ["kenali-tppo"]


def test_an_activity_without_exercises_is_finished_when_told(participation):
    participation.finished(activity="peta")
    assert participation.app_state()["finished"] == ["peta"]
