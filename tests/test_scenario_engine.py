"""The scenario state machine and the room tally, on a small fixture scenario and a real
SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.content.scenarios import load_file
from widgets.engines import scenario as engine
from widgets.engines.store import Store

MINI = load_file(Path(__file__).parent / "fixtures" / "scenarios" / "valid" / "mini.yaml").scenario


def ids(choices):
    return [c.id for c in choices]


def test_start_uses_the_start_node_and_initial_state():
    play = engine.start(MINI)
    assert play.node == "offer"
    assert play.state == {"debt": 0, "told": False}
    assert play.path == ()
    assert play.step_number == 1
    assert not engine.is_over(MINI, play)


def test_conditions_decide_which_choices_are_offered():
    paid, _ = engine.choose(MINI, engine.start(MINI), "pay")
    assert ids(engine.choices(MINI, paid)) == ["go", "quit"]  # debt 5, family not told
    asked, _ = engine.choose(MINI, engine.start(MINI), "ask")
    assert ids(engine.choices(MINI, asked)) == ["go", "report"]  # told, no debt


def test_choose_returns_the_new_play_and_the_feedback():
    play, outcome = engine.choose(MINI, engine.start(MINI), "pay")
    assert play.node == "waiting"
    assert play.state == {"debt": 5, "told": False}
    assert play.to_progress() == [["offer", "pay"]]
    assert outcome.feedback.en == "Careful."
    assert outcome.ignored == ("fee",) and outcome.revealed == ()
    assert outcome.changes == {"debt": (0, 5)}
    assert outcome.ending is None


def test_reaching_an_ending():
    play, _ = engine.choose(MINI, engine.start(MINI), "ask")
    play, outcome = engine.choose(MINI, play, "report")
    assert outcome.ending == "safe"
    assert engine.is_over(MINI, play)
    assert engine.choices(MINI, play) == []
    with pytest.raises(engine.InvalidChoice):
        engine.choose(MINI, play, "go")


def test_a_choice_that_is_not_offered_is_refused():
    paid, _ = engine.choose(MINI, engine.start(MINI), "pay")
    with pytest.raises(engine.InvalidChoice):
        engine.choose(MINI, paid, "report")  # needs `told`
    with pytest.raises(engine.InvalidChoice):
        engine.choose(MINI, paid, "no-such-choice")


def test_flags_seen_and_missed_at_the_ending():
    play, _ = engine.choose(MINI, engine.start(MINI), "pay")   # ignores fee
    play, _ = engine.choose(MINI, play, "go")                  # ignores secret
    report = engine.flag_report(MINI, play)
    assert report.seen == ()
    assert report.missed == ("fee", "secret")
    play, _ = engine.choose(MINI, engine.start(MINI), "ask")   # reveals fee
    play, _ = engine.choose(MINI, play, "report")              # reveals secret
    report = engine.flag_report(MINI, play)
    assert report.seen == ("fee", "secret")
    assert report.missed == ()


def test_a_flag_noticed_later_is_not_also_missed():
    play, _ = engine.choose(MINI, engine.start(MINI), "ask")   # reveals fee
    play, _ = engine.choose(MINI, play, "go")                  # ignores secret; ending lists fee
    report = engine.flag_report(MINI, play)
    assert report.seen == ("fee",)
    assert report.missed == ("secret",)


def test_resume_replays_a_saved_path():
    play, _ = engine.choose(MINI, engine.start(MINI), "pay")
    play, _ = engine.choose(MINI, play, "quit")
    again = engine.resume(MINI, play.to_progress())
    assert again == play
    assert engine.is_over(MINI, again)


def test_resume_stops_where_a_saved_path_no_longer_fits():
    # "report" is not offered after "pay"; a stale or tampered path keeps only what fits
    assert engine.resume(MINI, [["offer", "pay"], ["waiting", "report"]]).node == "waiting"
    assert engine.resume(MINI, [["offer", "vanished"]]) == engine.start(MINI)
    assert engine.resume(MINI, [["elsewhere", "pay"]]) == engine.start(MINI)
    assert engine.resume(MINI, [["offer"]]) == engine.start(MINI)
    assert engine.resume(MINI, None) == engine.start(MINI)


def test_progress_fraction_grows_to_one():
    start = engine.start(MINI)
    assert engine.progress_fraction(MINI, start) == 0.0
    middle, _ = engine.choose(MINI, start, "pay")
    assert engine.progress_fraction(MINI, middle) == 0.5
    end, _ = engine.choose(MINI, middle, "go")
    assert engine.progress_fraction(MINI, end) == 1.0


def _record_play(store, session, participant, play_number, choice_ids, scenario="mini"):
    play = engine.start(MINI)
    for choice_id in choice_ids:
        node_id = play.node
        play, outcome = engine.choose(MINI, play, choice_id)
        store.record_answer(session, participant, "simulasi-kasus", node_id, choice_id,
                            detail={"scenario": scenario, "play": play_number,
                                    "to": outcome.step.to,
                                    "ending": MINI.nodes[outcome.step.to].ending})


def test_tally_counts_choices_per_node_from_the_store(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Uji").code
    a, b, c = (store.join(session).code for _ in range(3))
    _record_play(store, session, a, 1, ["pay", "go"])
    _record_play(store, session, a, 2, ["ask", "report"])
    _record_play(store, session, b, 1, ["pay", "quit"])
    _record_play(store, session, c, 1, ["ask", "report"])
    store.record_answer(session, c, "kenali-tppo", "case-1", "tppo")  # another activity
    _record_play(store, session, c, 1, ["pay"], scenario="other")

    tallies = engine.tally(store.answers(session))
    assert set(tallies) == {"mini", "other"}
    mini = tallies["mini"]
    assert mini.choices["offer"] == {"pay": 2, "ask": 2}
    assert mini.choices["waiting"] == {"go": 1, "report": 2, "quit": 1}
    assert mini.endings == {"harmed": 1, "safe": 2, "mixed": 1}
    assert mini.players == 3 and mini.plays == 4
    assert mini.count("waiting", "report") == 2
    assert mini.share("offer", "pay") == 0.5
    assert mini.share("nowhere", "pay") == 0.0

    first = engine.tally(store.answers(session), "mini", first_play_only=True)["mini"]
    assert first.choices["offer"] == {"pay": 2, "ask": 1}
    assert first.plays == 3
    assert engine.tally(store.answers(session), "absent") == {}
