"""The room, live: who is where, and how the room answered.

Pure Python over the store's ``Answer`` rows, shared by the facilitator console, the projector
view and the session report, so all three show the same figures and the same suppression.

Small cells: no count is shown for an item until ``MIN_ANSWERS`` people answered it; fewer
could point at a person in a room of neighbours. Each person counts once per item (their
latest answer), so a replayed card or story does not weigh twice."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping, Sequence

from .cardsort import CHOICES
from .scenario import ScenarioTally, tally
from .store import Answer, Participant

MIN_ANSWERS = 3


def suppressed(count: int) -> bool:
    """True when a figure built on ``count`` people must not be shown."""
    return count < MIN_ANSWERS


# ------------------------------------------------------------------------- the room's people

@dataclass(frozen=True)
class Presence:
    """How many phones joined, are still connected, are on the open activity, finished it."""

    joined: int
    connected: int
    on_activity: int
    finished: int


#: A phone sends a sign of life every ``HEARTBEAT_SECONDS``; one silent for longer than
#: ``CONNECTED_SECONDS`` has slept, closed the page or left.
HEARTBEAT_SECONDS = 20
CONNECTED_SECONDS = 60


def presence(participants: Sequence[Participant], finished: Mapping[str, Sequence[str]],
             activity: str | None, now: datetime) -> Presence:
    """``finished``: participant code → the activities they finished."""
    connected = [p for p in participants if p.last_seen_at is not None
                 and (now - p.last_seen_at).total_seconds() <= CONNECTED_SECONDS]
    if activity is None:
        return Presence(len(participants), len(connected), 0, 0)
    return Presence(len(participants), len(connected),
                    sum(1 for p in connected if p.current_activity == activity),
                    sum(1 for p in participants if activity in finished.get(p.code, ())))


# --------------------------------------------------------------------------------- tallies

def latest_per_person(answers: Iterable[Answer]) -> list[Answer]:
    """One answer per (participant, item): their latest."""
    latest: dict[tuple[str, str, str], Answer] = {}
    for answer in answers:
        latest[(answer.participant_code, answer.activity, answer.item)] = answer
    return sorted(latest.values(), key=lambda a: a.id)


@dataclass(frozen=True)
class ItemTally:
    """How the room answered one item: counts per answer, the right answer if any."""

    item: str
    counts: Counter
    right: str | None = None

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> bool:
        return not suppressed(self.answered)

    @property
    def share_right(self) -> float | None:
        if self.right is None or not self.answered:
            return None
        return self.counts[self.right] / self.answered

    @property
    def spread(self) -> float:
        """How much the room differed, 0 (all alike) to 1 (spread evenly over every option):
        normalised entropy over the answers given."""
        total = self.answered
        if total == 0 or len(self.counts) < 2:
            return 0.0
        entropy = -sum((n / total) * math.log(n / total) for n in self.counts.values() if n)
        return entropy / math.log(len(self.counts))


def item_tallies(answers: Iterable[Answer], rights: Mapping[str, str] | None = None,
                 options: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
                 prefix: str = "") -> list[ItemTally]:
    """Count the latest answer of each person per item (items starting with ``prefix``), in
    the order items were first answered. ``options`` (per item, or one list for all) adds
    zero counts so every option shows, which also makes ``spread`` compare like with like."""
    rights = rights or {}
    per: dict[str, Counter] = {}
    for answer in latest_per_person(answers):
        if not answer.item.startswith(prefix):
            continue
        per.setdefault(answer.item, Counter())[answer.answer] += 1
    result = []
    for item, counts in per.items():
        wanted = options.get(item, ()) if isinstance(options, Mapping) else (options or ())
        for option in wanted:
            counts.setdefault(option, 0)
        result.append(ItemTally(item, counts, rights.get(item)))
    return result


def most_divided_first(tallies: Iterable[ItemTally]) -> list[ItemTally]:
    """Shown items ordered by how much the room differed; suppressed ones last."""
    return sorted(tallies, key=lambda t: (not t.shown, -t.spread if t.shown else 0.0, t.item))


def hardest_first(tallies: Iterable[ItemTally]) -> list[ItemTally]:
    """Shown items with a right answer, the lowest share right first (for the report)."""
    graded = [t for t in tallies if t.shown and t.right is not None]
    return sorted(graded, key=lambda t: (t.share_right, -t.answered, t.item))


def shown_counts(counts: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Per-node choice counts with small nodes left out (for the scenario graph)."""
    return {node: dict(choices) for node, choices in counts.items()
            if not suppressed(sum(choices.values()))}


@dataclass(frozen=True)
class ActivityResults:
    """One activity's answers sorted by kind, for the live panel and the report."""

    #: red-flag cards: counts per pile, the agreed pile as ``right``; most divided first
    cards: list[ItemTally]
    #: three-element cases and departure stories: counts per verdict, keyed "elements"/"departures"
    verdicts: dict[str, list[ItemTally]]
    #: case simulations by scenario id (choices per node, endings)
    scenarios: dict[str, ScenarioTally]
    #: every other graded item (the checklist): counts per answer; ungraded answers, which
    #: may be free text, are left out
    other: list[ItemTally]
    #: distinct participants (or teams) with at least one answer here
    people: int


def activity_results(answers: Sequence[Answer], card_piles: Mapping[str, str],
                     verdicts: Mapping[str, Mapping[str, str]] | None = None,
                     rights: Mapping[str, str] | None = None,
                     options: Mapping[str, Sequence[str]] | None = None) -> ActivityResults:
    """Sort an activity's answers by kind. ``card_piles``: card id → agreed pile;
    ``verdicts``: "elements"/"departures" → case or story id → right verdict; ``rights`` and
    ``options``: right answer and options of any other item (quiz items)."""
    verdicts = verdicts or {}
    scenario_answers = [a for a in answers if (a.detail or {}).get("scenario")]
    rest = [a for a in answers if not (a.detail or {}).get("scenario")]
    cards = item_tallies([a for a in rest if a.item in card_piles], card_piles,
                         options=CHOICES)
    by_kind: dict[str, list[ItemTally]] = {}
    for kind, right in verdicts.items():
        prefix = f"{kind}:"
        kind_rights = {f"{prefix}{item}": verdict for item, verdict in right.items()}
        found = item_tallies([a for a in rest if a.item.startswith(prefix)], kind_rights)
        if found:
            by_kind[kind] = found
    known_prefixes = tuple(f"{kind}:" for kind in verdicts)
    # Only graded answers: an ungraded one may be free text (a village's name in an action
    # plan), which is never counted on a screen.
    other = item_tallies([a for a in rest if a.item not in card_piles and a.correct is not None
                          and not a.item.startswith(known_prefixes)], rights, options)
    return ActivityResults(cards=most_divided_first(cards), verdicts=by_kind,
                           scenarios=tally(scenario_answers, first_play_only=True),
                           other=other,
                           people=len({a.participant_code for a in answers}))
