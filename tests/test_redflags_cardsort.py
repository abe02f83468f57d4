"""The card-sort engine: judging one card, choosing a deck, summarising, resuming."""

from __future__ import annotations

import pytest

from widgets.engines.cardsort import (DeckParams, Outcome, SortedCard, Walk, graded,
                                      parse_params, score, select_deck, summarize)

STAGES = ["tawaran", "dokumen", "berangkat"]


# --------------------------------------------------------------------------- one card

@pytest.mark.parametrize("right, chosen, outcome", [
    ("bahaya", "bahaya", Outcome.MATCH),
    ("aman", "aman", Outcome.MATCH),
    ("bahaya", "aman", Outcome.TOO_CALM),
    ("bahaya", "waspada", Outcome.TOO_CALM),
    ("waspada", "aman", Outcome.TOO_CALM),
    ("aman", "bahaya", Outcome.TOO_ALARMED),
    ("waspada", "bahaya", Outcome.TOO_ALARMED),
    ("aman", "tidak-yakin", Outcome.UNSURE),
    ("bahaya", "tidak-yakin", Outcome.UNSURE),
])
def test_score_says_which_way_a_participant_was_off(right, chosen, outcome):
    assert score(right, chosen) is outcome


def test_not_sure_is_not_graded_but_a_wrong_pile_is():
    assert graded(Outcome.UNSURE) is None
    assert graded(Outcome.MATCH) is True
    assert graded(Outcome.TOO_CALM) is False
    assert graded(Outcome.TOO_ALARMED) is False


def test_score_refuses_unknown_piles():
    with pytest.raises(ValueError, match="right pile"):
        score("tidak-yakin", "aman")
    with pytest.raises(ValueError, match="unknown pile"):
        score("aman", "merah")


# --------------------------------------------------------------------------- params

def test_params_are_read_and_explained_when_wrong():
    assert parse_params({}, STAGES) == DeckParams()
    parsed = parse_params({"stages": ["dokumen", "tawaran", "dokumen"], "count": 4}, STAGES)
    assert parsed.stages == ("dokumen", "tawaran") and parsed.count == 4
    assert parse_params({"stages": "dokumen"}, STAGES).stages == ("dokumen",)
    with pytest.raises(ValueError, match="`kapal` is not a stage; the stages are tawaran"):
        parse_params({"stages": ["kapal"]}, STAGES)
    with pytest.raises(ValueError, match="`count` must be a whole number"):
        parse_params({"count": 0}, STAGES)
    with pytest.raises(ValueError, match="`count` must be a whole number"):
        parse_params({"count": "ten"}, STAGES)
    with pytest.raises(ValueError, match="`jumlah` is not a card-sort setting"):
        parse_params({"jumlah": 3}, STAGES)
    with pytest.raises(ValueError, match="list of stage ids"):
        parse_params({"stages": []}, STAGES)


def test_params_key_changes_with_the_deck():
    assert DeckParams().key != DeckParams(count=5).key != DeckParams(stages=("dokumen",)).key


# --------------------------------------------------------------------------- deck

def _cards() -> dict[str, tuple[str, str]]:
    cards = {}
    for stage in STAGES:
        for pile, n in (("aman", 2), ("waspada", 2), ("bahaya", 4)):
            for i in range(n):
                cards[f"{stage}-{pile}-{i}"] = (stage, pile)
    return cards


def test_full_deck_follows_the_stages_and_is_the_same_every_time():
    cards = _cards()
    deck = select_deck(cards, STAGES)
    assert sorted(deck) == sorted(cards)
    assert [cards[c][0] for c in deck] == sorted((cards[c][0] for c in deck), key=STAGES.index)
    assert select_deck(cards, STAGES) == deck  # every phone in the room sees the same order


def test_deck_order_is_shuffled_within_a_stage_and_depends_on_the_seed():
    cards = _cards()
    first = select_deck(cards, STAGES, DeckParams(seed="a"))
    second = select_deck(cards, STAGES, DeckParams(seed="b"))
    assert sorted(first) == sorted(second) and first != second
    assert first[:8] != sorted(first[:8])  # not simply alphabetical (piles would be guessable)


def test_count_is_shared_across_stages_and_keeps_safe_cards():
    cards = _cards()
    deck = select_deck(cards, STAGES, DeckParams(count=9))
    assert len(deck) == 9
    for stage in STAGES:
        mine = [c for c in deck if cards[c][0] == stage]
        assert len(mine) == 3
        assert {cards[c][1] for c in mine} == {"aman", "waspada", "bahaya"}


def test_count_that_does_not_divide_goes_to_the_earlier_stages():
    deck = select_deck(_cards(), STAGES, DeckParams(count=4))
    assert [c.split("-")[0] for c in deck] == ["tawaran", "tawaran", "dokumen", "berangkat"]


def test_count_beyond_a_small_stage_fills_from_the_others():
    cards = {"t-1": ("tawaran", "aman"), **{f"d-{i}": ("dokumen", "bahaya") for i in range(5)}}
    deck = select_deck(cards, ["tawaran", "dokumen"], DeckParams(count=4))
    assert len(deck) == 4 and "t-1" in deck


def test_stage_filter_and_count_larger_than_the_deck():
    cards = _cards()
    deck = select_deck(cards, STAGES, DeckParams(stages=("dokumen",), count=100))
    assert sorted(deck) == sorted(c for c in cards if c.startswith("dokumen"))


# --------------------------------------------------------------------------- summary

def _answers(*rows: tuple[str, str, str, str]) -> list[SortedCard]:
    return [SortedCard(*row) for row in rows]


def test_summary_lists_differences_in_order_and_finds_the_weakest_stage():
    answers = _answers(
        ("a", "tawaran", "bahaya", "bahaya"),
        ("b", "tawaran", "aman", "aman"),
        ("c", "dokumen", "bahaya", "aman"),        # too calm
        ("d", "dokumen", "waspada", "tidak-yakin"),
        ("e", "berangkat", "aman", "bahaya"),      # too alarmed
        ("f", "berangkat", "bahaya", "bahaya"),
    )
    summary = summarize(answers, STAGES)
    assert summary.total == 6 and summary.matched == 3
    assert [a.card for a in summary.differed] == ["c", "d", "e"]
    assert summary.weakest == "dokumen"
    dokumen = next(r for r in summary.by_stage if r.stage == "dokumen")
    assert (dokumen.matched, dokumen.unsure, dokumen.too_calm) == (0, 1, 1)


def test_weakest_stage_tie_goes_to_the_stage_with_missed_danger():
    answers = _answers(
        ("a", "tawaran", "aman", "bahaya"),   # too alarmed
        ("b", "tawaran", "bahaya", "bahaya"),
        ("c", "dokumen", "bahaya", "aman"),   # too calm: the costly mistake
        ("d", "dokumen", "aman", "aman"),
    )
    assert summarize(answers, STAGES).weakest == "dokumen"


def test_weakest_stage_tie_without_missed_danger_goes_to_the_earlier_stage():
    answers = _answers(("a", "dokumen", "aman", "tidak-yakin"),
                       ("b", "tawaran", "aman", "tidak-yakin"))
    assert summarize(answers, STAGES).weakest == "tawaran"


def test_no_weakest_stage_when_everything_matched():
    summary = summarize(_answers(("a", "tawaran", "aman", "aman")), STAGES)
    assert summary.weakest is None and summary.differed == ()


def test_summary_of_nothing():
    summary = summarize([], STAGES)
    assert (summary.total, summary.matched, summary.weakest, summary.by_stage) == (0, 0, None, ())


# --------------------------------------------------------------------------- walk

def test_walk_goes_question_feedback_question_then_done():
    walk = Walk(["x", "y"], key="k")
    assert (walk.current, walk.position, walk.done) == ("x", 1, False)
    walk.answer("x", "aman")
    assert (walk.current, walk.last, walk.feedback_open, walk.position) == (None, "x", True, 1)
    walk.next()
    assert (walk.current, walk.position) == ("y", 2)
    walk.answer("y", "bahaya")
    walk.next()
    assert walk.done and walk.current is None


def test_walk_refuses_a_stale_or_repeated_answer():
    walk = Walk(["x", "y"])
    walk.answer("x", "aman")
    with pytest.raises(ValueError, match="not the item waiting"):
        walk.answer("x", "bahaya")  # a second tap on the same card
    walk.next()
    with pytest.raises(ValueError, match="not the item waiting"):
        walk.answer("x", "bahaya")
    assert walk.answers == {"x": "aman"}


def test_walk_resumes_with_its_feedback_open():
    walk = Walk(["x", "y", "z"], key="k")
    walk.answer("x", "aman")
    walk.next()
    walk.answer("y", {"marked": ["cara"], "verdict": "tppo"})
    again = Walk.resume(walk.to_state(), ["x", "y", "z"], key="k")
    assert again.answers == walk.answers and again.feedback_open and again.last == "y"


@pytest.mark.parametrize("state", [
    None,
    {},
    {"items": ["x", "y"], "key": "other", "answers": {"x": "aman"}},        # other deck settings
    {"items": ["y", "x"], "key": "k", "answers": {"y": "aman"}},            # content changed
    {"items": ["x", "y"], "key": "k", "answers": {"y": "aman"}},            # not a prefix
])
def test_walk_starts_afresh_when_the_saved_state_does_not_fit(state):
    walk = Walk.resume(state, ["x", "y"], key="k")
    assert walk.answers == {} and walk.current == "x"
