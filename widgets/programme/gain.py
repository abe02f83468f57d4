"""Knowledge gain across a programme: the pre-test and post-test paired by participant.

Which test items count: the ones of today's content. An answer given to an item whose
content fingerprint (recorded at export) differs from today's was given to another version of
the question; it is kept apart — left out of the gain and counted in ``Gain.other_version`` —
rather than scored against an answer key it never had.

INTERIM: issue 8's knowledge-gain engine (``widgets/engines/knowledge.py``) had not landed on
main when this was written, so ``paired_gain`` below computes the paired mean gain and its
95 % t interval itself. When the engine lands, ``gain`` should call it instead and
``paired_gain``/``t_quantile`` go away."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from ..engines.store import Answer


@dataclass(frozen=True)
class Quiz:
    """The pre/post test as today's content defines it."""

    pre: str  # agenda activity id of the pre-test
    post: str
    rights: Mapping[str, str]  # item id → right option
    fingerprints: Mapping[str, str]  # item id → today's content fingerprint ("" = unknown)


@dataclass(frozen=True)
class Gain:
    pairs: int
    before: float  # mean share right of the paired participants before
    after: float
    gain: float  # mean of the paired differences
    low: float  # 95 % confidence interval of the mean gain (t distribution)
    high: float
    other_version: int = 0  # answers left out: given to another version of an item


def _current(answer, quiz: Quiz) -> bool:
    wanted = quiz.fingerprints.get(answer.item, "")
    have = getattr(answer, "fingerprint", "")
    return not wanted or not have or wanted == have


def gain(answers: Iterable[Answer], quiz: Quiz) -> Gain | None:
    """Paired knowledge gain over these answers, or None when nobody took both tests."""
    tests = [a for a in answers if a.activity in (quiz.pre, quiz.post) and a.item in quiz.rights]
    usable = [a for a in tests if _current(a, quiz)]
    found = paired_gain([a for a in usable if a.activity == quiz.pre],
                        [a for a in usable if a.activity == quiz.post], quiz.rights)
    if found is None:
        return None
    return Gain(*found, other_version=len(tests) - len(usable))


# ------------------------------------------------------------------ interim (see module docstring)

def _scores(answers: Sequence[Answer], rights: Mapping[str, str]) -> dict[str, float]:
    """Share right per participant over every item, latest answer per item; only complete
    tests count (someone who left early is not scored on half a test)."""
    latest: dict[tuple[str, str], str] = {}
    for answer in sorted(answers, key=lambda a: a.id):
        latest[(answer.participant_code, answer.item)] = answer.answer
    people = {person for person, _ in latest}
    return {person: sum(latest[(person, item)] == right for item, right in rights.items())
            / len(rights)
            for person in people if all((person, item) in latest for item in rights)}


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile by bisection on the CDF (Simpson's rule on the density)."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def density(x: float) -> float:
        return math.exp(log_norm - (df + 1) / 2 * math.log1p(x * x / df))

    def cdf(x: float, steps: int = 2000) -> float:
        h = x / steps
        total = density(0) + density(x) + sum((4 if i % 2 else 2) * density(i * h)
                                               for i in range(1, steps))
        return 0.5 + total * h / 3

    low, high = 0.0, 1000.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < p else (low, middle)
    return (low + high) / 2


def paired_gain(before: Sequence[Answer], after: Sequence[Answer], rights: Mapping[str, str]
                ) -> tuple[int, float, float, float, float, float] | None:
    """(pairs, mean before, mean after, mean gain, CI low, CI high) over participants with a
    complete pre-test and post-test; the interval is ±t(0.975, n−1)·sd/√n (none for n = 1)."""
    if not rights:
        return None
    first, second = _scores(before, rights), _scores(after, rights)
    paired = sorted(set(first) & set(second))
    n = len(paired)
    if n == 0:
        return None
    diffs = [second[p] - first[p] for p in paired]
    mean = sum(diffs) / n
    mean_before = sum(first[p] for p in paired) / n
    mean_after = sum(second[p] for p in paired) / n
    if n < 2:
        return n, mean_before, mean_after, mean, math.nan, math.nan
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    return n, mean_before, mean_after, mean, mean - half, mean + half
