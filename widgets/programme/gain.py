"""Knowledge gain across a programme: the pre-test and post-test paired by participant.

The statistics are the session report's (``engines.knowledge.knowledge``: complete tests only,
latest answer per item, paired mean gain with its 95 % t interval, nothing for fewer than 3
pairs). What this module adds is the programme's concern: which answers may be pooled. An
answer given to an item whose content fingerprint (recorded at export) differs from today's was
given to another version of the question; it is kept apart — left out of the gain and counted
in ``Gain.other_version`` — rather than scored against an answer key it never had."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..engines.knowledge import knowledge
from ..engines.store import Answer


@dataclass(frozen=True)
class Quiz:
    """The pre/post test as today's content defines it."""

    pre: tuple[str, ...]  # agenda activity ids of the pre-test(s)
    post: tuple[str, ...]
    rights: Mapping[str, str]  # item id → right option, in the order the test asks them
    fingerprints: Mapping[str, str]  # item id → today's content fingerprint ("" = unknown)


@dataclass(frozen=True)
class Gain:
    """Paired figures; the means and the interval are None when fewer than 3 pairs."""

    pairs: int
    before: float | None
    after: float | None
    gain: float | None
    low: float | None
    high: float | None
    other_version: int = 0  # test answers left out: given to another version of an item

    @property
    def shown(self) -> bool:
        return self.gain is not None


def _current(answer: Answer, quiz: Quiz) -> bool:
    wanted = quiz.fingerprints.get(answer.item, "")
    have = getattr(answer, "fingerprint", "")
    return not wanted or not have or wanted == have


def gain(answers: Iterable[Answer], quiz: Quiz) -> Gain | None:
    """Paired knowledge gain over these answers, or None when nobody took both tests."""
    tests = [a for a in answers if a.activity in quiz.pre + quiz.post and a.item in quiz.rights]
    usable = [a for a in tests if _current(a, quiz)]
    found = knowledge([a for a in usable if a.activity in quiz.pre],
                      [a for a in usable if a.activity in quiz.post],
                      list(quiz.rights), quiz.rights)
    if found.pairs == 0:
        return None
    return Gain(found.pairs, found.paired_before, found.paired_after, found.gain,
                found.gain_low, found.gain_high, len(tests) - len(usable))
