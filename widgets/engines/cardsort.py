"""The red-flag card sort: which cards a session plays, how one sorted card is judged, and what
the participant should take away at the end. Pure Python; the view only shows these results.

Piles: ``aman`` (done the legal way), ``waspada`` (check before going further), ``bahaya``
(strong sign of fraud, trafficking or an illegal departure). A participant may also choose
``tidak-yakin`` (not sure); that is never a card's right pile and is not graded as wrong.

Also here: ``Walk``, the one-item-at-a-time progress every exercise of the two modules shares,
so a participant who reloads the page resumes on the same card, with the same feedback open."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence

PILES = ("aman", "waspada", "bahaya")
UNSURE = "tidak-yakin"
CHOICES = (*PILES, UNSURE)
#: How alarming a pile is; used to say whether a participant was too calm or too alarmed.
SEVERITY = {"aman": 0, "waspada": 1, "bahaya": 2}
DEFAULT_SEED = "waspada"


class Outcome(str, Enum):
    MATCH = "match"
    UNSURE = "unsure"
    TOO_CALM = "too_calm"          # chose a safer pile than the card's: the costly mistake
    TOO_ALARMED = "too_alarmed"    # chose a more alarming pile than the card's


def score(right: str, chosen: str) -> Outcome:
    """Judge one sorted card."""
    if right not in PILES:
        raise ValueError(f"a card's right pile must be one of {PILES}, not {right!r}")
    if chosen not in CHOICES:
        raise ValueError(f"unknown pile {chosen!r}; expected one of {CHOICES}")
    if chosen == UNSURE:
        return Outcome.UNSURE
    if chosen == right:
        return Outcome.MATCH
    return Outcome.TOO_CALM if SEVERITY[chosen] < SEVERITY[right] else Outcome.TOO_ALARMED


def graded(outcome: Outcome) -> bool | None:
    """The store's ``correct`` value: None for "not sure" (no judgement), else match or not."""
    return None if outcome is Outcome.UNSURE else outcome is Outcome.MATCH


# --------------------------------------------------------------------------- deck selection

@dataclass(frozen=True)
class DeckParams:
    """What a facilitator may set for a short session (agenda ``params``)."""

    stages: tuple[str, ...] | None = None
    count: int | None = None
    seed: str = DEFAULT_SEED

    @property
    def key(self) -> str:
        """Identifies the deck, so saved progress from another deck is not resumed."""
        stages = ",".join(self.stages) if self.stages else "*"
        return f"{stages}|{self.count or '*'}|{self.seed}"


PARAM_KEYS = ("stages", "count", "seed")


def parse_params(params: Mapping[str, Any], known_stages: Sequence[str]) -> DeckParams:
    """Read the activity's params; raise ValueError with a plain explanation when one is wrong."""
    unknown = [key for key in params if key not in PARAM_KEYS]
    if unknown:
        raise ValueError(f"`{unknown[0]}` is not a card-sort setting; the settings are "
                         f"{', '.join(PARAM_KEYS)}")
    stages = params.get("stages")
    if stages is not None:
        if isinstance(stages, str):
            stages = [stages]
        if not isinstance(stages, list) or not stages:
            raise ValueError("`stages` must be a list of stage ids, e.g. [tawaran, dokumen]")
        wrong = [s for s in stages if s not in known_stages]
        if wrong:
            raise ValueError(f"`{wrong[0]}` is not a stage; the stages are "
                             f"{', '.join(known_stages)}")
        stages = tuple(dict.fromkeys(stages))
    count = params.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise ValueError("`count` must be a whole number of at least 1, e.g. `count: 12`")
    seed = str(params.get("seed", DEFAULT_SEED))
    return DeckParams(stages, count, seed)


def select_deck(cards: Mapping[str, tuple[str, str]], stage_order: Sequence[str],
                params: DeckParams = DeckParams()) -> list[str]:
    """The card ids to play, in order. ``cards`` maps id → (stage, right pile).

    The deck follows a migration from offer to return. Within a stage the order is shuffled
    with a fixed seed, so every phone in the room sees the same cards in the same order (the
    debrief can go card by card) and the right pile is not guessable from the position. When
    ``count`` is smaller than the deck, stages share the cards as evenly as possible and each
    stage's cards rotate through the piles, so a short deck still has safe cards in it."""
    stages = [s for s in stage_order if params.stages is None or s in params.stages]
    by_stage: dict[str, list[str]] = {stage: [] for stage in stages}
    for card_id in sorted(cards):
        stage, _pile = cards[card_id]
        if stage in by_stage:
            by_stage[stage].append(card_id)
    rng = random.Random(params.seed)
    for stage in stages:
        rng.shuffle(by_stage[stage])
    total = sum(len(ids) for ids in by_stage.values())
    if params.count is None or params.count >= total:
        return [card_id for stage in stages for card_id in by_stage[stage]]

    quota = _share(params.count, {s: len(by_stage[s]) for s in stages})
    chosen: list[str] = []
    for stage in stages:
        picked = set(_rotate_piles(by_stage[stage], cards)[:quota[stage]])
        chosen.extend(card_id for card_id in by_stage[stage] if card_id in picked)
    return chosen


def _share(count: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split ``count`` across stages as evenly as their sizes allow (earlier stages first)."""
    quota = {stage: 0 for stage in sizes}
    left = count
    while left > 0:
        open_stages = [s for s in sizes if quota[s] < sizes[s]]
        if not open_stages:
            break
        for stage in open_stages:
            if left == 0:
                break
            quota[stage] += 1
            left -= 1
    return quota


def _rotate_piles(ids: list[str], cards: Mapping[str, tuple[str, str]]) -> list[str]:
    """Order a stage's (shuffled) cards bahaya, aman, waspada, bahaya, aman, ..."""
    rotation = ("bahaya", "aman", "waspada")
    queues = {pile: [i for i in ids if cards[i][1] == pile] for pile in rotation}
    out: list[str] = []
    while any(queues.values()):
        for pile in rotation:
            if queues[pile]:
                out.append(queues[pile].pop(0))
    return out


# --------------------------------------------------------------------------- summary

@dataclass(frozen=True)
class SortedCard:
    card: str
    stage: str
    right: str
    chosen: str

    @property
    def outcome(self) -> Outcome:
        return score(self.right, self.chosen)


@dataclass(frozen=True)
class StageResult:
    stage: str
    total: int
    matched: int
    unsure: int
    too_calm: int
    too_alarmed: int

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0


@dataclass(frozen=True)
class Summary:
    total: int
    matched: int
    #: Cards where the participant's pile was not the card's (including "not sure"), in order.
    differed: tuple[SortedCard, ...]
    by_stage: tuple[StageResult, ...]
    #: The stage to talk about again: lowest share matched; ties go to more "too calm"
    #: answers (a missed danger costs most), then to the earlier stage. None if all matched.
    weakest: str | None


def summarize(answers: Sequence[SortedCard], stage_order: Sequence[str]) -> Summary:
    results = []
    for stage in stage_order:
        mine = [a for a in answers if a.stage == stage]
        if not mine:
            continue
        outcomes = [a.outcome for a in mine]
        results.append(StageResult(
            stage, len(mine), outcomes.count(Outcome.MATCH), outcomes.count(Outcome.UNSURE),
            outcomes.count(Outcome.TOO_CALM), outcomes.count(Outcome.TOO_ALARMED)))
    imperfect = [r for r in results if r.matched < r.total]
    weakest = None
    if imperfect:
        order = {stage: i for i, stage in enumerate(stage_order)}
        weakest = min(imperfect, key=lambda r: (r.share, -r.too_calm, order[r.stage])).stage
    differed = tuple(a for a in answers if a.outcome is not Outcome.MATCH)
    return Summary(len(answers), sum(r.matched for r in results), differed, tuple(results),
                   weakest)


# --------------------------------------------------------------------------- progress

@dataclass
class Walk:
    """One item at a time: answer it, read the feedback, go on. Serialisable for resume.

    ``answers`` maps item id → the participant's answer (any JSON value), in answer order.
    ``feedback_open`` is True while the feedback of the last answered item is on screen."""

    items: list[str]
    key: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    feedback_open: bool = False

    @property
    def current(self) -> str | None:
        """The item waiting for an answer (None while feedback is open or when done)."""
        if self.feedback_open or len(self.answers) >= len(self.items):
            return None
        return self.items[len(self.answers)]

    @property
    def last(self) -> str | None:
        """The item whose feedback is open."""
        if not self.feedback_open or not self.answers:
            return None
        return self.items[len(self.answers) - 1]

    @property
    def done(self) -> bool:
        return not self.feedback_open and len(self.answers) >= len(self.items)

    @property
    def position(self) -> int:
        """1-based number of the item on screen (for "card 3 of 12")."""
        return min(len(self.answers) + (0 if self.feedback_open else 1), len(self.items))

    def answer(self, item: str, value: Any) -> None:
        """Accept the answer for the current item; refuse a stale or repeated one."""
        if item != self.current:
            raise ValueError(f"{item!r} is not the item waiting for an answer "
                             f"(that is {self.current!r})")
        self.answers[item] = value
        self.feedback_open = True

    def next(self) -> None:
        self.feedback_open = False

    def to_state(self) -> dict:
        return {"items": list(self.items), "key": self.key, "answers": dict(self.answers),
                "feedback_open": self.feedback_open}

    @classmethod
    def resume(cls, state: Mapping[str, Any] | None, items: Sequence[str], key: str = ""
               ) -> "Walk":
        """Continue a saved walk if it was over the same items; otherwise start afresh."""
        fresh = cls(list(items), key)
        if not state or state.get("key") != key or list(state.get("items", [])) != list(items):
            return fresh
        answers = state.get("answers") or {}
        ordered = {}
        for item in items:  # answers must be a prefix of the items, in order
            if item not in answers:
                break
            ordered[item] = answers[item]
        if len(ordered) != len(answers):
            return fresh
        return cls(list(items), key, ordered, bool(state.get("feedback_open")) and bool(ordered))
