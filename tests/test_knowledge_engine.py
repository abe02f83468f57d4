"""The knowledge-gain figures against a small example worked out by hand, the t quantiles
against published tables, and small-cell suppression."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from itertools import count

import pytest

from widgets.engines import knowledge as kn
from widgets.engines.store import Answer

ITEMS = ["i1", "i2", "i3"]
RIGHTS = {"i1": "a", "i2": "b", "i3": "c"}
_ids = count(1)


def answer(person: str, item: str, given: str, activity: str = "pre-test",
           session: str = "S1") -> Answer:
    return Answer(next(_ids), session, person, activity, item, given, None, {},
                  datetime(2026, 12, 4, tzinfo=timezone.utc))


def test(person: str, given: str, activity: str) -> list[Answer]:
    """One person's answers to i1, i2, i3 in order ('-' = not answered)."""
    return [answer(person, item, g, activity) for item, g in zip(ITEMS, given) if g != "-"]


test.__test__ = False  # a helper, not a pytest test


def hand_example() -> tuple[list[Answer], list[Answer]]:
    before = (test("P1", "abx", "pre-test")
              + [answer("P2", "i1", "x")]      # P2 first answers i1 wrong, then changes it:
              + test("P2", "axx", "pre-test")  # the latest answer (a) counts
              + test("P3", "xxx", "pre-test") + test("P4", "abc", "pre-test")
              + test("P5", "x--", "pre-test"))
    after = (test("P1", "abc", "post-test") + test("P2", "abx", "post-test")
             + test("P3", "axc", "post-test") + test("P6", "abc", "post-test"))
    return before, after


def test_every_figure_matches_the_hand_computation():
    """Items i1, i2, i3; right answers a, b, c. Scores (right / 3), complete tests only:

    before: P1 abx 2/3 · P2 axx 1/3 (its earlier i1 'x' is replaced by the latest 'a') ·
            P3 xxx 0/3 · P4 abc 3/3 · P5 answered only i1 → not a complete test
    after:  P1 abc 3/3 · P2 abx 2/3 · P3 axc 2/3 · P6 abc 3/3 (no pre-test)

    takers: before 4 (P1–P4), after 4 (P1, P2, P3, P6)
    mean before (all takers) = (2+1+0+3)/12 = 6/12 = 0.5
    mean after  (all takers) = (3+2+2+3)/12 = 10/12 = 0.8333…
    pairs: P1, P2, P3 → n = 3
    paired before = (2+1+0)/9 = 1/3; paired after = (3+2+2)/9 = 7/9
    differences d = +1/3, +1/3, +2/3; mean d = 4/9 = 0.4444…
    deviations −1/9, −1/9, +2/9; squares sum to 6/81; sd = √(6/81 / 2) = √(1/27) = 0.19245
    se = sd/√3 = 1/9; t(0.975, 2) = 4.302653 (two-sided 95 %, df = 2)
    half-width = 4.302653 / 9 = 0.478073 → CI = [0.444444 − 0.478073, 0.444444 + 0.478073]
                                              = [−0.033629, 0.922517]
    per item, every person's latest answer:
      before i1: P1 a, P2 a, P3 x, P4 a, P5 x → 3/5; i2: b, x, x, b → 2/4; i3: x, x, x, c → 1/4
      after  i1: a, a, a, a → 4/4; i2: b, b, x, b → 3/4; i3: c, x, c, c → 3/4
    funder sentence (whole percent): before 33 %, after 78 %, gain +44 points, CI −3 to +92."""
    before, after = hand_example()
    result = kn.knowledge(before, after, ITEMS, RIGHTS)
    assert result.takers_before == 4 and result.takers_after == 4
    assert result.mean_before == pytest.approx(0.5)
    assert result.mean_after == pytest.approx(10 / 12)
    assert result.pairs == 3
    assert result.paired_before == pytest.approx(1 / 3)
    assert result.paired_after == pytest.approx(7 / 9)
    assert result.gain == pytest.approx(4 / 9)
    assert result.gain_low == pytest.approx(4 / 9 - 4.302653 / 9, abs=1e-6)
    assert result.gain_high == pytest.approx(4 / 9 + 4.302653 / 9, abs=1e-6)
    assert result.gain_low == pytest.approx(-0.033629, abs=1e-6)
    assert result.gain_high == pytest.approx(0.922517, abs=1e-6)
    shares = {c.item: (c.before.answered, c.before.correct, c.after.answered, c.after.correct)
              for c in result.per_item}
    assert shares == {"i1": (5, 3, 4, 4), "i2": (4, 2, 4, 3), "i3": (4, 1, 4, 3)}
    assert result.per_item[0].before.share == pytest.approx(0.6)
    assert result.per_item[2].after.share == pytest.approx(0.75)

    strings = {"quiz.funder_before_after": "before {before} after {after}.",
               "quiz.funder_gain": "gain {gain} ({low} to {high}), {pairs} pairs.",
               "quiz.funder_too_few": "fewer than {minimum}"}
    sentence = kn.funder_sentence(result, lambda key, **v: strings[key].format(**v))
    assert sentence == "before 33 after 78. gain +44 (-3 to +92), 3 pairs."


def test_scores_are_per_session_and_participant():
    """The same code in two sessions is two people: no pair across sessions."""
    before = [answer("P1", i, RIGHTS[i], session="S1") for i in ITEMS]
    after = [answer("P1", i, RIGHTS[i], "post-test", session="S2") for i in ITEMS]
    assert kn.knowledge(before, after, ITEMS, RIGHTS).pairs == 0
    twice = before + [answer("P1", i, "x", session="S2") for i in ITEMS]
    scores = kn.score_tests(twice, ITEMS, RIGHTS)
    assert {k: s.correct for k, s in scores.items()} == {"S1/P1": 3, "S2/P1": 0}
    assert kn.item_shares(twice, ITEMS, RIGHTS)["i1"] == kn.ItemShare(2, 1)


def test_small_cells_are_suppressed():
    """Two pairs and two answers per item: no gain, no mean, no share — only the counts."""
    before, after = hand_example()
    keep = {"P1", "P2"}
    result = kn.knowledge([a for a in before if a.participant_code in keep],
                          [a for a in after if a.participant_code in keep], ITEMS, RIGHTS)
    assert result.pairs == 2 and not result.shown
    assert result.gain is None and result.gain_low is None
    assert result.mean_before is None and result.paired_after is None
    assert all(c.before.share is None and c.before.answered == 2 for c in result.per_item)
    sentence = kn.funder_sentence(result, lambda key, **v: f"{key}:{v}")
    assert sentence == "quiz.funder_too_few:{'minimum': 3}"


def test_an_item_nobody_answered_has_no_share():
    assert kn.item_shares([], ITEMS, RIGHTS)["i1"] == kn.ItemShare(0, 0)
    assert kn.ItemShare(0, 0).share is None


# --------------------------------------------------------------------------- t distribution

@pytest.mark.parametrize("df, expected", [
    # Two-sided 95 % critical values as printed in standard tables (e.g. NIST/SEMATECH
    # e-Handbook of Statistical Methods, 1.3.6.7.2, "Critical values of the t distribution").
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (9, 2.262), (10, 2.228),
    (20, 2.086), (29, 2.045), (30, 2.042), (60, 2.000), (100, 1.984)])
def test_t_quantiles_match_the_published_table(df, expected):
    assert kn.t_quantile(0.975, df) == pytest.approx(expected, abs=0.0006)


def test_t_quantile_closed_forms():
    """df = 1 is the Cauchy distribution: t = tan(π (p − ½)); df = 2 has
    t = (2p − 1) / √(2 p (1 − p))."""
    for p in (0.9, 0.975, 0.995):
        assert kn.t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9)
        assert kn.t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)),
                                                    rel=1e-9)


def test_t_tends_to_the_normal_quantile():
    assert kn.t_quantile(0.975, 5000) == pytest.approx(1.95996, abs=0.001)


def test_bad_degrees_of_freedom_are_refused():
    with pytest.raises(ValueError):
        kn.t_quantile(0.975, 0)
    with pytest.raises(ValueError):
        kn.t_quantile(0.4, 3)


def test_percent_rounds_halves_away_from_zero():
    assert [kn.percent(x) for x in (0.125, -0.125, 0.5833, 0.0)] == [13, -13, 58, 0]


def test_interval_with_equal_gains_has_no_width():
    mean, low, high = kn.gain_interval([0.2, 0.2, 0.2])
    assert (mean, low, high) == pytest.approx((0.2, 0.2, 0.2), abs=1e-9)
