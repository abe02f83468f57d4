"""The scenario engine: a pure state machine over a loaded ``Scenario``.

A play is immutable: ``choose`` returns a new ``Play`` and what to tell the player. A play is
saved as the list of choices made (``Play.to_progress``) and rebuilt by replaying them
(``resume``), so a reload lands exactly where the participant was, and a scenario edited
between two sessions can never leave a saved play pointing at a node that no longer exists.

``tally`` turns stored answers into what a facilitator needs for a debrief: how many took each
choice at each node, and which endings the room reached."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..content.base import Text
from ..content.scenarios import Choice, Node, Scenario, Value, steps_to_ending
from .store import Answer


class InvalidChoice(ValueError):
    """The choice does not exist at this node or its condition does not hold."""


@dataclass(frozen=True)
class Step:
    node: str
    choice: str
    to: str


@dataclass(frozen=True)
class Play:
    """Where one play-through stands: the node, the state values, the path so far."""

    node: str
    values: tuple[tuple[str, Value], ...] = ()
    path: tuple[Step, ...] = ()

    @property
    def state(self) -> dict[str, Value]:
        return dict(self.values)

    @property
    def step_number(self) -> int:
        """1 for the first node, then one more per choice made."""
        return len(self.path) + 1

    def to_progress(self) -> list[list[str]]:
        """JSON-ready: the (node, choice) pairs made, in order."""
        return [[s.node, s.choice] for s in self.path]


@dataclass(frozen=True)
class Outcome:
    """What a choice means, shown as feedback before the next node."""

    step: Step
    choice: Choice
    feedback: Text
    revealed: tuple[str, ...]
    ignored: tuple[str, ...]
    #: State variables whose value changed: name → (before, after).
    changes: dict[str, tuple[Value, Value]] = field(default_factory=dict)
    ending: str | None = None


@dataclass(frozen=True)
class FlagReport:
    """At an ending: the red flags this play noticed, and those it overlooked."""

    seen: tuple[str, ...]
    missed: tuple[str, ...]


def start(scenario: Scenario) -> Play:
    return Play(scenario.start, tuple(sorted(scenario.initial_values().items())))


def node(scenario: Scenario, play: Play) -> Node:
    return scenario.nodes[play.node]


def choices(scenario: Scenario, play: Play) -> list[Choice]:
    """The choices offered now: those of the node whose conditions hold."""
    values = play.state
    return [c for c in scenario.nodes[play.node].choices if c.available(values)]


def is_over(scenario: Scenario, play: Play) -> bool:
    return scenario.nodes[play.node].is_ending


def choose(scenario: Scenario, play: Play, choice_id: str) -> tuple[Play, Outcome]:
    if is_over(scenario, play):
        raise InvalidChoice(f"the play has ended at `{play.node}`")
    offered = {c.id: c for c in choices(scenario, play)}
    choice = offered.get(choice_id)
    if choice is None:
        raise InvalidChoice(f"`{choice_id}` is not offered at `{play.node}`")
    before = play.state
    after = choice.apply(before)
    step = Step(play.node, choice.id, choice.to)
    new_play = Play(choice.to, tuple(sorted(after.items())), play.path + (step,))
    changes = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    target = scenario.nodes[choice.to]
    return new_play, Outcome(step, choice, choice.feedback, tuple(choice.reveals),
                             tuple(choice.ignores), changes,
                             choice.to if target.is_ending else None)


def resume(scenario: Scenario, path: Iterable[Iterable[str]]) -> Play:
    """Replay saved (node, choice) pairs; stop at the first one that no longer fits."""
    play = start(scenario)
    for pair in path or ():
        try:
            node_id, choice_id = list(pair)[:2]
        except ValueError:
            break
        if node_id != play.node:
            break
        try:
            play, _ = choose(scenario, play, choice_id)
        except InvalidChoice:
            break
    return play


def flag_report(scenario: Scenario, play: Play) -> FlagReport:
    """Seen: flags a choice on this path noticed. Missed: flags a choice overlooked, or that the
    ending is about, and that no choice noticed."""
    taken = [scenario.nodes[s.node] for s in play.path]
    chosen = [next(c for c in n.choices if c.id == s.choice) for n, s in zip(taken, play.path)]
    seen: list[str] = []
    missed: list[str] = []
    for choice in chosen:
        seen.extend(f for f in choice.reveals if f not in seen)
    for choice in chosen:
        missed.extend(f for f in choice.ignores if f not in seen and f not in missed)
    ending = scenario.nodes[play.node]
    if ending.debrief is not None:
        missed.extend(f for f in ending.debrief.flags if f not in seen and f not in missed)
    return FlagReport(tuple(seen), tuple(missed))


def progress_fraction(scenario: Scenario, play: Play) -> float:
    """How far along this play is: steps made against steps made plus the fewest still to go."""
    left = steps_to_ending(scenario).get(play.node, 0)
    made = len(play.path)
    return 1.0 if left == 0 else made / (made + left)


# --------------------------------------------------------------------------- the room's choices

@dataclass(frozen=True)
class ScenarioTally:
    """How a room played one scenario."""

    scenario: str
    #: node id → choice id → how many times it was chosen.
    choices: dict[str, Counter]
    #: ending node id → how many plays reached it.
    endings: Counter
    #: distinct participants (or teams) who made at least one choice.
    players: int
    #: distinct (participant, play number) pairs.
    plays: int

    def count(self, node_id: str, choice_id: str) -> int:
        return self.choices.get(node_id, Counter())[choice_id]

    def share(self, node_id: str, choice_id: str) -> float:
        """The fraction of the choices made at this node that went this way (0 if none)."""
        total = sum(self.choices.get(node_id, Counter()).values())
        return self.count(node_id, choice_id) / total if total else 0.0


def tally(answers: Iterable[Answer], scenario: str | None = None, *,
          first_play_only: bool = False) -> dict[str, ScenarioTally]:
    """Count choices per node from stored answers (those whose detail names a scenario).

    ``first_play_only`` keeps each participant's first play of a scenario: the honest picture
    of what the room would have done, before anyone replays to try the other branch."""
    per: dict[str, dict[str, Any]] = {}
    for answer in answers:
        detail: Mapping[str, Any] = answer.detail or {}
        name = detail.get("scenario")
        if not name or (scenario is not None and name != scenario):
            continue
        play_number = int(detail.get("play", 1) or 1)
        if first_play_only and play_number != 1:
            continue
        bucket = per.setdefault(name, {"choices": {}, "endings": Counter(), "players": set(),
                                       "plays": set()})
        bucket["choices"].setdefault(answer.item, Counter())[answer.answer] += 1
        bucket["players"].add((answer.session_code, answer.participant_code))
        bucket["plays"].add((answer.session_code, answer.participant_code, play_number))
        if detail.get("ending"):
            bucket["endings"][str(detail.get("to"))] += 1
    return {name: ScenarioTally(name, b["choices"], b["endings"], len(b["players"]),
                                len(b["plays"]))
            for name, b in per.items()}
