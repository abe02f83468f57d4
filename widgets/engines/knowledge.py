"""What the room learned: the pre-test and the post-test, scored and paired.

Pure Python over the store's ``Answer`` rows, for the report, the console and the projector.

- A participant's score is the share of the test's items answered right, counted only for a
  participant who answered every item (a half-done test would pull a mean down for the wrong
  reason). Each person counts once per item: their latest answer (``live.latest_per_person``,
  the rule every tally in the kit uses). Right or wrong is judged against the item bank now, so
  a corrected answer key re-scores old answers.
- Pre and post are paired by participant code within a session (a phone keeps its code all day).
- The mean paired gain has a 95 % confidence interval from the t distribution with n − 1
  degrees of freedom: mean ± t(0.975, n − 1) · sd / √n.
- Small cells (``live.MIN_ANSWERS``): a per-item share needs 3 answers, a mean 3 complete tests,
  the gain 3 pairs; below that the figure is ``None`` and the report says so in words."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from .live import MIN_ANSWERS, latest_per_person, suppressed
from .store import Answer

CONFIDENCE = 0.95


# --------------------------------------------------------------------------- t distribution

def t_two_sided(t: float, df: int) -> float:
    """P(|T| ≤ t) for Student's t with an integer ``df`` ≥ 1.

    Closed form for integer degrees of freedom, Abramowitz & Stegun, *Handbook of Mathematical
    Functions* (1964), 26.7.3 (odd df) and 26.7.4 (even df), with θ = arctan(t / √df)."""
    if df < 1 or int(df) != df:
        raise ValueError("degrees of freedom must be a whole number of at least 1")
    df = int(df)
    theta = math.atan(abs(t) / math.sqrt(df))
    sin, cos2 = math.sin(theta), math.cos(theta) ** 2
    if df % 2 == 1:
        # 2/π [θ + sinθ (cosθ + 2/3 cos³θ + … + (2·4…(df−3))/(1·3…(df−2)) cos^(df−2)θ)]
        series = 0.0
        if df > 1:
            term = series = math.cos(theta)
            for k in range(3, df - 1, 2):
                term *= cos2 * (k - 1) / k
                series += term
        return 2 / math.pi * (theta + sin * series)
    # sinθ [1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3…(df−3))/(2·4…(df−2)) cos^(df−2)θ]
    term = series = 1.0
    for k in range(2, df - 1, 2):
        term *= cos2 * (k - 1) / k
        series += term
    return sin * series


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile (p > 0.5) of Student's t with ``df`` degrees of freedom, found by
    bisection on ``t_two_sided`` (no scipy on a workshop laptop); e.g. t(0.975, 2) = 4.3027."""
    if not 0.5 < p < 1:
        raise ValueError("p must be between 0.5 and 1")
    target = 2 * p - 1
    low, high = 0.0, 1.0
    while t_two_sided(high, df) < target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_two_sided(middle, df) < target:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


# --------------------------------------------------------------------------- scoring

@dataclass(frozen=True)
class TestScore:
    participant: str
    correct: int
    total: int

    @property
    def score(self) -> float:
        return self.correct / self.total


def _key(answer: Answer) -> str:
    return f"{answer.session_code}/{answer.participant_code}"


def _latest(answers: Iterable[Answer]) -> list[Answer]:
    """Each person's latest answer per item, session by session (a code is unique only within
    its session, and ``live.latest_per_person`` keys on the code)."""
    by_session: dict[str, list[Answer]] = {}
    for answer in answers:
        by_session.setdefault(answer.session_code, []).append(answer)
    return [a for group in by_session.values() for a in latest_per_person(group)]


def score_tests(answers: Iterable[Answer], items: Sequence[str], rights: Mapping[str, str]
                ) -> dict[str, TestScore]:
    """Complete tests only: "session/participant" → score over ``items``."""
    wanted = set(items)
    by_person: dict[str, dict[str, str]] = {}
    for answer in _latest(answers):
        if answer.item in wanted:
            by_person.setdefault(_key(answer), {})[answer.item] = answer.answer
    return {person: TestScore(person.split("/", 1)[1],
                              sum(given[item] == rights[item] for item in items), len(items))
            for person, given in by_person.items() if set(given) == wanted}


@dataclass(frozen=True)
class ItemShare:
    """How many answered one item and how many of them were right (latest answer each)."""

    answered: int
    correct: int

    @property
    def share(self) -> float | None:
        """None when nobody answered or when too few did to show it."""
        if self.answered == 0 or suppressed(self.answered):
            return None
        return self.correct / self.answered


def item_shares(answers: Iterable[Answer], items: Sequence[str], rights: Mapping[str, str]
                ) -> dict[str, ItemShare]:
    """Per item, every participant's latest answer (complete test or not)."""
    counts = {item: [0, 0] for item in items}
    for answer in _latest(answers):
        if answer.item in counts:
            counts[answer.item][0] += 1
            counts[answer.item][1] += answer.answer == rights[answer.item]
    return {item: ItemShare(n, right) for item, (n, right) in counts.items()}


# --------------------------------------------------------------------------- before and after

@dataclass(frozen=True)
class ItemChange:
    item: str
    before: ItemShare
    after: ItemShare


@dataclass(frozen=True)
class Knowledge:
    """The knowledge-gain figures of one session. Means and gain are fractions (0–1); a figure
    built on fewer than ``MIN_ANSWERS`` people is None."""

    items: tuple[str, ...]
    takers_before: int
    takers_after: int
    mean_before: float | None
    mean_after: float | None
    pairs: int
    paired_before: float | None
    paired_after: float | None
    gain: float | None
    gain_low: float | None
    gain_high: float | None
    per_item: tuple[ItemChange, ...]

    @property
    def shown(self) -> bool:
        """Whether the paired figures (and the funder sentence) may be shown."""
        return self.gain is not None


def _mean(values: Sequence[float]) -> float | None:
    return None if suppressed(len(values)) or not values else sum(values) / len(values)


def gain_interval(differences: Sequence[float], confidence: float = CONFIDENCE
                  ) -> tuple[float, float, float]:
    """Mean of paired differences and its two-sided t interval: (mean, low, high); n ≥ 2."""
    n = len(differences)
    if n < 2:
        raise ValueError("a confidence interval needs at least two pairs")
    mean = sum(differences) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / (n - 1))
    half = t_quantile(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def knowledge(before: Iterable[Answer], after: Iterable[Answer], items: Sequence[str],
              rights: Mapping[str, str]) -> Knowledge:
    """The figures for a funder, from the pre-test's and the post-test's answers."""
    before, after = list(before), list(after)
    pre = score_tests(before, items, rights)
    post = score_tests(after, items, rights)
    paired = sorted(set(pre) & set(post))
    pre_shares, post_shares = item_shares(before, items, rights), item_shares(after, items, rights)
    gain = low = high = None
    if not suppressed(len(paired)):
        gain, low, high = gain_interval([post[p].score - pre[p].score for p in paired])
    return Knowledge(
        items=tuple(items), takers_before=len(pre), takers_after=len(post),
        mean_before=_mean([s.score for s in pre.values()]),
        mean_after=_mean([s.score for s in post.values()]),
        pairs=len(paired),
        paired_before=_mean([pre[p].score for p in paired]),
        paired_after=_mean([post[p].score for p in paired]),
        gain=gain, gain_low=low, gain_high=high,
        per_item=tuple(ItemChange(i, pre_shares[i], post_shares[i]) for i in items))


def session_knowledge(catalog, answers: Sequence[Answer]) -> Knowledge | None:
    """The figures for one session's answers, with the agenda's pre-test and post-test
    activities and the item bank from ``catalog``; None when the agenda has no such pair.
    The report, the console and the projector all call this."""
    from ..content.quiz import phases_of

    phases = phases_of(catalog)
    pre = [activity for activity, phase in phases.items() if phase == "pre"]
    post = [activity for activity, phase in phases.items() if phase == "post"]
    if not pre or not post:
        return None
    items = catalog.quiz.select(catalog.agenda.get(pre[0]).params)
    return knowledge([a for a in answers if a.activity in pre],
                     [a for a in answers if a.activity in post], items,
                     catalog.quiz.rights(items))


# --------------------------------------------------------------------------- in words

def percent(fraction: float) -> int:
    """A fraction as a whole percent, halves rounded away from zero (0.125 → 13, −0.125 → −13)."""
    value = abs(fraction) * 100
    return int(math.copysign(math.floor(value + 0.5 + 1e-9), fraction))


def funder_sentence(result: Knowledge, t: Callable[..., str]) -> str:
    """The plain-words sentence for a funder; ``t(key, **values)`` gives ``quiz.<key>`` in the
    reader's language (``datasets/strings/quiz.yaml``)."""
    if not result.shown:
        return t("quiz.funder_too_few", minimum=MIN_ANSWERS)
    assert result.paired_before is not None and result.paired_after is not None
    assert result.gain is not None and result.gain_low is not None and result.gain_high is not None
    return " ".join([
        t("quiz.funder_before_after", before=percent(result.paired_before),
          after=percent(result.paired_after)),
        t("quiz.funder_gain", gain=f"{percent(result.gain):+d}",
          low=f"{percent(result.gain_low):+d}", high=f"{percent(result.gain_high):+d}",
          pairs=result.pairs)])


__all__ = ["CONFIDENCE", "ItemChange", "ItemShare", "Knowledge", "MIN_ANSWERS", "TestScore",
           "funder_sentence", "gain_interval", "item_shares", "knowledge", "percent",
           "item_order", "score_tests", "session_knowledge", "t_quantile", "t_two_sided"]


# --------------------------------------------------------------------------- order on a phone

def item_order(items: Sequence[str], phase: str, session_code: str, participant_code: str
               ) -> list[str]:
    """The test's items in this participant's own order: shuffled so neighbours do not copy
    and the post-test is not recited by position, yet the same on every reload (seeded by the
    phase, the session and the participant code; a str seed is hashed with SHA-512, so the
    order does not depend on the Python process)."""
    import random

    order = list(items)
    random.Random(f"{phase}|{session_code}|{participant_code}").shuffle(order)
    return order
