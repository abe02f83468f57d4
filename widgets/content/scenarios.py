"""Case simulations: one branching story per file in ``datasets/scenarios/``.

A scenario is a graph. Nodes carry bilingual story text; a node either offers choices (each
leading to another node, with feedback and the red flags it notices or overlooks) or is an
ending (safe, harmed or mixed) with a debrief. Optional state variables (a debt, a passport
held by someone else) change with choices and make other choices available or not.

Loading checks the shape of each file. The graph checks (targets exist, every node reachable,
every path ends, no unused state, ...) run as the catalog's cross-check, so ``waspada check``
reports them, each naming the file, the node and the line. The legal notes endings cite live
once, in ``datasets/scenarios/_laws.yaml``, so a correction is made in one place."""

from __future__ import annotations

import difflib
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Mapping, Union

from pydantic import Field, RootModel, StrictBool, StrictInt, ValidationError, field_validator, \
    model_validator

from .base import ID_PATTERN, ContentError, Problem, Sourced, StrictModel, Text, \
    problems_from_validation, read_yaml

FOLDER = "scenarios"
LAWS_FILE = "_laws.yaml"
ENDING_KINDS = ("safe", "harmed", "mixed")
#: Above this many (node, state) combinations the state-aware checks give up (a loop that keeps
#: adding to a number); the plain graph checks still run.
MAX_STATES = 20_000

Value = Union[StrictBool, StrictInt]


# --------------------------------------------------------------------------- the file model

class Flag(StrictModel):
    """A warning sign the story contains; ``card`` links a red-flag card where one exists."""

    text: Text
    card: str | None = Field(default=None, pattern=ID_PATTERN)


class LawNote(Sourced):
    """What the law says about this ending, in plain words, with where that comes from."""

    title: Text
    text: Text


class NumberTest(StrictModel):
    """A condition on a number variable: ``{at_least: 5}``, ``{at_most: 0}`` or both."""

    at_least: StrictInt | None = None
    at_most: StrictInt | None = None

    @model_validator(mode="after")
    def _has_a_bound(self) -> "NumberTest":
        if self.at_least is None and self.at_most is None:
            raise ValueError("write `at_least:` or `at_most:` (or both)")
        return self

    def holds(self, value: int) -> bool:
        return ((self.at_least is None or value >= self.at_least)
                and (self.at_most is None or value <= self.at_most))


Test = Union[StrictBool, StrictInt, NumberTest]


def condition_holds(test: Test, value: Value) -> bool:
    """A yes/no variable must equal the test; a number must equal it or fall within its bounds."""
    if isinstance(test, NumberTest):
        return not isinstance(value, bool) and test.holds(value)
    return type(test) is type(value) and test == value


class Choice(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    label: Text
    to: str
    feedback: Text
    #: Flags this choice notices (asks about, checks, refuses) ...
    reveals: list[str] = Field(default_factory=list)
    #: ... and flags it overlooks.
    ignores: list[str] = Field(default_factory=list)
    #: State changes: ``set`` gives a value, ``add`` adds to a number (negative to subtract).
    set: dict[str, Value] = Field(default_factory=dict)
    add: dict[str, StrictInt] = Field(default_factory=dict)
    #: The choice is offered only when every test holds.
    only_if: dict[str, Test] = Field(default_factory=dict)

    def available(self, values: Mapping[str, Value]) -> bool:
        return all(name in values and condition_holds(test, values[name])
                   for name, test in self.only_if.items())

    def apply(self, values: Mapping[str, Value]) -> dict[str, Value]:
        changed = dict(values)
        changed.update(self.set)
        for name, amount in self.add.items():
            changed[name] = int(changed.get(name, 0)) + amount
        return changed


class Debrief(StrictModel):
    what_happened: Text
    #: Flags this ending turns on; the player shows each as seen or missed on this play.
    flags: list[str] = Field(default_factory=list)
    #: Ids of notes in ``_laws.yaml``, or a note written here with its own source and as_of.
    law: list[Union[str, LawNote]] = Field(min_length=1)
    questions: list[Text] = Field(min_length=2, max_length=3)


class Node(StrictModel):
    text: Text
    choices: list[Choice] = Field(default_factory=list)
    ending: Literal["safe", "harmed", "mixed"] | None = None
    #: A short name for an ending ("Sari stays home"); shown above the debrief.
    title: Text | None = None
    debrief: Debrief | None = None

    @model_validator(mode="after")
    def _ending_shape(self) -> "Node":
        if self.ending is not None:
            if self.choices:
                raise ValueError("an ending has no choices: remove `choices:` or `ending:`")
            if self.debrief is None:
                raise ValueError("an ending needs a `debrief:` (what happened, law, questions)")
        elif self.debrief is not None or self.title is not None:
            raise ValueError("only an ending has `title:` and `debrief:`; add `ending: safe`, "
                             "`harmed` or `mixed`, or remove them")
        return self

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


class StateVariable(StrictModel):
    """Something the story keeps track of. ``start`` is a number or true/false."""

    label: Text
    start: Value
    #: Show the current value to the player (e.g. a debt that grows).
    show: bool = False


class Scenario(StrictModel):
    title: Text
    summary: Text
    #: Who the participant plays ("a 19-year-old from a village in Serdang Bedagai").
    role: Text
    place: Text
    minutes: int = Field(gt=0, le=120)
    difficulty: Literal["easy", "medium", "hard"]
    content_warning: Text
    fictional_note: Text
    facilitator_notes: Text | None = None
    #: Drafts are checked but not offered to participants.
    draft: bool = False
    #: Position in the list participants pick from (smaller first).
    order: int = 100
    state: dict[str, StateVariable] = Field(default_factory=dict)
    flags: dict[str, Flag] = Field(default_factory=dict)
    start: str
    nodes: dict[str, Node] = Field(min_length=1)

    @field_validator("nodes", "flags", "state")
    @classmethod
    def _ids(cls, value: dict[str, Any]) -> dict[str, Any]:
        bad = [key for key in value if not re.match(ID_PATTERN, str(key))]
        if bad:
            raise ValueError(f"the id `{bad[0]}` may only use lower-case letters, digits and "
                             "dashes (like `ask-contract`)")
        return value

    def initial_values(self) -> dict[str, Value]:
        return {name: variable.start for name, variable in self.state.items()}

    @property
    def endings(self) -> dict[str, Node]:
        return {node_id: node for node_id, node in self.nodes.items() if node.is_ending}


class LawLibrary(RootModel[dict[str, LawNote]]):
    """``_laws.yaml``: law notes by id, shared by every scenario."""


# --------------------------------------------------------------------------- the loaded kind

@dataclass(frozen=True)
class ScenarioFile:
    """One loaded scenario and where its keys are, so a check can point at a line."""

    id: str
    path: Path
    scenario: Scenario
    lines: dict[tuple, int] = field(repr=False, compare=False)

    def line(self, *key: object) -> int | None:
        probe = tuple(key)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return None


@dataclass(frozen=True)
class ScenarioLibrary:
    """``catalog.scenarios``: every scenario by id, plus the shared law notes."""

    files: dict[str, ScenarioFile]
    laws: dict[str, LawNote]
    laws_path: Path | None = None

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, scenario_id: str) -> Scenario:
        return self.files[scenario_id].scenario

    def listed(self, include_drafts: bool = False) -> list[str]:
        """Scenario ids in the order participants see them."""
        ids = [i for i, f in self.files.items() if include_drafts or not f.scenario.draft]
        return sorted(ids, key=lambda i: (self.files[i].scenario.order, i))

    def law(self, reference: str | LawNote) -> LawNote:
        return reference if isinstance(reference, LawNote) else self.laws[reference]


def load_file(path: Path) -> ScenarioFile:
    data, lines = read_yaml(path)
    if data is None:
        raise ContentError([Problem(path, "", "the file is empty",
                                    "fill it in (start from `waspada new scenario NAME`)")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(path, exc, lines, Scenario)) from exc
    return ScenarioFile(path.stem, path, scenario, lines)


def load_laws(path: Path) -> dict[str, LawNote]:
    if not path.exists():
        return {}
    data, lines = read_yaml(path)
    try:
        return LawLibrary.model_validate(data or {}).root
    except ValidationError as exc:
        raise ContentError(problems_from_validation(path, exc, lines, LawLibrary)) from exc


def load_files(folder: Path) -> ScenarioLibrary:
    """Every scenario in one folder (files starting with ``_`` or ``.`` are not scenarios)."""
    problems: list[Problem] = []
    files: dict[str, ScenarioFile] = {}
    laws: dict[str, LawNote] = {}
    try:
        laws = load_laws(folder / LAWS_FILE)
    except ContentError as exc:
        problems.extend(exc.problems)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name.startswith(("_", ".")):
            continue
        try:
            files[path.stem] = load_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return ScenarioLibrary(files, laws, folder / LAWS_FILE)


def load(datasets: Path) -> ScenarioLibrary:
    return load_files(Path(datasets) / FOLDER)


# --------------------------------------------------------------------------- graph checks

def successors(scenario: Scenario, node_id: str) -> list[str]:
    node = scenario.nodes.get(node_id)
    return [c.to for c in node.choices if c.to in scenario.nodes] if node else []


def reachable_from(scenario: Scenario, start: str) -> set[str]:
    """Nodes reachable by following choices, ignoring conditions."""
    if start not in scenario.nodes:
        return set()
    seen = {start}
    queue = deque([start])
    while queue:
        for target in successors(scenario, queue.popleft()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def can_end(scenario: Scenario) -> set[str]:
    """Nodes from which some path (ignoring conditions) reaches an ending."""
    parents: dict[str, set[str]] = {n: set() for n in scenario.nodes}
    for node_id in scenario.nodes:
        for target in successors(scenario, node_id):
            parents[target].add(node_id)
    good = set(scenario.endings)
    queue = deque(good)
    while queue:
        for parent in parents[queue.popleft()]:
            if parent not in good:
                good.add(parent)
                queue.append(parent)
    return good


def steps_to_ending(scenario: Scenario) -> dict[str, int]:
    """Fewest choices from each node to any ending (for a progress estimate)."""
    parents: dict[str, set[str]] = {n: set() for n in scenario.nodes}
    for node_id in scenario.nodes:
        for target in successors(scenario, node_id):
            parents[target].add(node_id)
    distance = {node_id: 0 for node_id in scenario.endings}
    queue = deque(distance)
    while queue:
        current = queue.popleft()
        for parent in parents[current]:
            if parent not in distance:
                distance[parent] = distance[current] + 1
                queue.append(parent)
    return distance


StateKey = tuple[str, tuple[tuple[str, Value], ...]]


def _freeze(values: Mapping[str, Value]) -> tuple[tuple[str, Value], ...]:
    return tuple(sorted(values.items()))


@dataclass
class Exploration:
    """Every (node, state) a play can be in, found by trying every available choice."""

    states: dict[str, list[dict[str, Value]]]
    #: (node, choice) pairs taken at least once.
    taken: set[tuple[str, str]]
    #: Non-ending states with no available choice: (node, values).
    stuck: list[tuple[str, dict[str, Value]]]
    #: States from which no ending can be reached any more.
    trapped: list[tuple[str, dict[str, Value]]]
    complete: bool


def explore(scenario: Scenario, limit: int = MAX_STATES) -> Exploration:
    """Breadth-first over (node, state), applying conditions and effects as the engine does."""
    start_key: StateKey = (scenario.start, _freeze(scenario.initial_values()))
    edges: dict[StateKey, list[StateKey]] = {}
    taken: set[tuple[str, str]] = set()
    queue = deque([start_key])
    seen = {start_key}
    complete = True
    while queue:
        key = queue.popleft()
        node_id, frozen = key
        node = scenario.nodes.get(node_id)
        values = dict(frozen)
        edges[key] = []
        if node is None:
            continue
        for choice in node.choices:
            if choice.to not in scenario.nodes or not choice.available(values):
                continue
            taken.add((node_id, choice.id))
            nxt: StateKey = (choice.to, _freeze(choice.apply(values)))
            edges[key].append(nxt)
            if nxt not in seen:
                if len(seen) >= limit:
                    complete = False
                    continue
                seen.add(nxt)
                queue.append(nxt)
    states: dict[str, list[dict[str, Value]]] = {}
    for node_id, frozen in seen:
        states.setdefault(node_id, []).append(dict(frozen))
    stuck = [(n, dict(f)) for (n, f) in seen
             if n in scenario.nodes and not scenario.nodes[n].is_ending and not edges.get((n, f))]
    trapped: list[tuple[str, dict[str, Value]]] = []
    if complete:
        parents: dict[StateKey, list[StateKey]] = {k: [] for k in seen}
        for key, targets in edges.items():
            for target in targets:
                parents.setdefault(target, []).append(key)
        good = {k for k in seen if k[0] in scenario.nodes and scenario.nodes[k[0]].is_ending}
        queue = deque(good)
        while queue:
            for parent in parents.get(queue.popleft(), []):
                if parent not in good:
                    good.add(parent)
                    queue.append(parent)
        stuck_keys = {(n, _freeze(v)) for n, v in stuck}
        trapped = [(n, dict(f)) for (n, f) in seen if (n, f) not in good
                   and (n, f) not in stuck_keys]
    return Exploration(states, taken, stuck, trapped, complete)


def _describe(values: Mapping[str, Value]) -> str:
    if not values:
        return ""
    parts = [f"{k}={'true' if v is True else 'false' if v is False else v}"
             for k, v in sorted(values.items())]
    return " when " + ", ".join(parts)


def _hint(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean `{close[0]}`? " if close else ""


def graph_problems(item: ScenarioFile, laws: Mapping[str, LawNote] | None = None,
                   redflag_ids: set[str] | None = None) -> list[Problem]:
    """Everything that would strand or confuse a player, each tied to a node and a line.

    ``redflag_ids``: ids of the red-flag cards, when that content kind is loaded; then a flag's
    ``card`` must be one of them."""
    scenario, path = item.scenario, item.path
    problems: list[Problem] = []
    #: False once something is wrong that the state-aware pass cannot work around.
    sound = True

    def report(where: tuple, what: str, fix: str, blocking: bool = False) -> None:
        nonlocal sound
        sound = sound and not blocking
        problems.append(Problem(path, ".".join(str(p) for p in where), what, fix,
                                item.line(*where)))

    nodes = scenario.nodes
    # -- the start and the endings
    if scenario.start not in nodes:
        report(("start",), f"the start node `{scenario.start}` does not exist",
               f"{_hint(scenario.start, nodes)}set `start:` to the id of the first node",
               blocking=True)
    if not scenario.endings:
        report(("nodes",), "the scenario has no ending",
               "give at least one node `ending: safe`, `harmed` or `mixed` and a debrief")
    elif not any(n.ending == "safe" for n in scenario.endings.values()):
        report(("nodes",), "the scenario has no safe ending",
               "add an ending with `ending: safe` that some realistic choices lead to: "
               "participants must see that a safe way out exists")

    # -- nodes, choices and their references
    declared_vars = scenario.state
    declared_flags = set(scenario.flags)
    used_flags: set[str] = set()
    changed_vars: set[str] = set()
    tested_vars: set[str] = set()
    for node_id, node in nodes.items():
        here = ("nodes", node_id)
        if not node.is_ending and not node.choices:
            report(here, f"node `{node_id}` has no choices and is not an ending: a player "
                   "would be stuck there",
                   "add `choices:`, or make it an ending with `ending:` and a `debrief:`",
                   blocking=True)
        seen_choice_ids: set[str] = set()
        for index, choice in enumerate(node.choices):
            at = here + ("choices", index)
            if choice.id in seen_choice_ids:
                report(at + ("id",), f"node `{node_id}` has two choices with the id "
                       f"`{choice.id}`", "give each choice of a node its own id")
            seen_choice_ids.add(choice.id)
            if choice.to not in nodes:
                report(at + ("to",), f"node `{node_id}`: choice `{choice.id}` leads to "
                       f"`{choice.to}`, which is not a node",
                       f"{_hint(choice.to, nodes)}write the id of an existing node after `to:`, "
                       f"or add a node `{choice.to}`", blocking=True)
            for kind in ("reveals", "ignores"):
                for flag in getattr(choice, kind):
                    used_flags.add(flag)
                    if flag not in declared_flags:
                        report(at + (kind,), f"node `{node_id}`: choice `{choice.id}` "
                               f"{kind} the flag `{flag}`, which is not declared",
                               f"{_hint(flag, declared_flags)}add `{flag}` under `flags:` "
                               "at the top, or correct the id")
            for name, value in choice.set.items():
                changed_vars.add(name)
                variable = declared_vars.get(name)
                if variable is None:
                    report(at + ("set", name), f"node `{node_id}`: choice `{choice.id}` sets "
                           f"`{name}`, which is not declared under `state:`",
                           f"{_hint(name, declared_vars)}declare it under `state:` with a "
                           "label and a start value", blocking=True)
                elif type(value) is not type(variable.start):
                    report(at + ("set", name), f"node `{node_id}`: choice `{choice.id}` sets "
                           f"`{name}` to {value!r} but it starts as {variable.start!r}",
                           "use the same kind of value: true/false, or a whole number",
                           blocking=True)
            for name in choice.add:
                changed_vars.add(name)
                variable = declared_vars.get(name)
                if variable is None:
                    report(at + ("add", name), f"node `{node_id}`: choice `{choice.id}` adds "
                           f"to `{name}`, which is not declared under `state:`",
                           f"{_hint(name, declared_vars)}declare it under `state:` with a "
                           "label and a start number", blocking=True)
                elif isinstance(variable.start, bool):
                    report(at + ("add", name), f"node `{node_id}`: choice `{choice.id}` adds "
                           f"to `{name}`, which is true/false, not a number",
                           f"use `set: {{{name}: true}}` instead of `add:`", blocking=True)
            for name, test in choice.only_if.items():
                tested_vars.add(name)
                variable = declared_vars.get(name)
                if variable is None:
                    report(at + ("only_if", name), f"node `{node_id}`: choice `{choice.id}` "
                           f"tests `{name}`, which is not declared under `state:`",
                           f"{_hint(name, declared_vars)}declare it under `state:`, or "
                           "correct the name", blocking=True)
                elif isinstance(variable.start, bool) != isinstance(test, bool):
                    report(at + ("only_if", name), f"node `{node_id}`: choice `{choice.id}` "
                           f"tests `{name}` with {test!r}, which does not fit its start value "
                           f"{variable.start!r}",
                           "test a true/false variable with true or false, and a number with "
                           "a number or `{at_least: N}` / `{at_most: N}`", blocking=True)
        if node.debrief is not None:
            for index, flag in enumerate(node.debrief.flags):
                used_flags.add(flag)
                if flag not in declared_flags:
                    report(here + ("debrief", "flags", index),
                           f"ending `{node_id}` lists the flag `{flag}`, which is not declared",
                           f"{_hint(flag, declared_flags)}add it under `flags:` or correct it")
            for index, reference in enumerate(node.debrief.law):
                if isinstance(reference, str) and reference not in (laws or {}):
                    report(here + ("debrief", "law", index),
                           f"ending `{node_id}` cites the law note `{reference}`, which is "
                           f"not in scenarios/{LAWS_FILE}",
                           f"{_hint(reference, laws or {})}use an id from {LAWS_FILE}, or write "
                           "the note here with title, text, source and as_of")

    # -- declared but unused
    for flag in sorted(declared_flags - used_flags):
        report(("flags", flag), f"the flag `{flag}` is declared but no choice reveals or "
               "ignores it and no ending lists it", "use it in a choice or remove it")
    if redflag_ids is not None:
        for flag_id, flag in scenario.flags.items():
            if flag.card is not None and flag.card not in redflag_ids:
                report(("flags", flag_id, "card"), f"the flag `{flag_id}` links the red-flag "
                       f"card `{flag.card}`, which does not exist",
                       f"{_hint(flag.card, redflag_ids)}use the file name (without .yaml) of a "
                       "card in datasets/redflags/, or remove `card:`")
    for name, variable in declared_vars.items():
        if name not in changed_vars and name not in tested_vars:
            report(("state", name), f"the state `{name}` is declared but never used",
                   "change it in a choice (`set:` / `add:`) and test it (`only_if:`) or "
                   "show it (`show: true`), or remove it")
        elif name not in changed_vars:
            report(("state", name), f"the state `{name}` is tested but no choice ever changes "
                   "it, so those conditions always give the same answer",
                   "change it in some choice with `set:` or `add:`, or remove the tests")
        elif name not in tested_vars and not variable.show:
            report(("state", name), f"the state `{name}` changes but nothing uses it: no "
                   "choice tests it and it is not shown",
                   "test it with `only_if:`, or add `show: true`, or remove it")

    # -- reachability and ends, ignoring conditions
    if scenario.start not in nodes:
        return problems
    reachable = reachable_from(scenario, scenario.start)
    for node_id in nodes:
        if node_id not in reachable:
            report(("nodes", node_id), f"node `{node_id}` cannot be reached from the start "
                   f"`{scenario.start}`", "add a choice that leads to it, or remove it")
    ending_reachable = can_end(scenario)
    for node_id in nodes:
        if node_id in reachable and node_id not in ending_reachable and nodes[node_id].choices:
            report(("nodes", node_id), f"from node `{node_id}` no path leads to an ending "
                   "(the choices go round in a circle)",
                   "give one of the choices on that loop a way out to an ending", blocking=True)
    if not sound:
        return problems  # the state-aware pass below assumes a sound graph

    # -- with conditions and state, as a player meets them
    found = explore(scenario)
    if not found.complete:
        report(("state",), f"the scenario has more than {MAX_STATES} combinations of node and "
               "state (a loop keeps changing a number?), so conditions were not checked fully",
               "cap the loop with an `only_if:` test, or drop the `add:` inside it")
    for node_id, values in found.stuck[:20]:
        report(("nodes", node_id), f"at node `{node_id}` no choice is available"
               f"{_describe(values)}: a player would be stuck",
               "add a choice without `only_if:`, or loosen the conditions")
    for node_id, values in found.trapped[:20]:
        report(("nodes", node_id), f"from node `{node_id}`{_describe(values)} no ending can be "
               "reached any more", "add a way out of that loop that needs no condition")
    for node_id in nodes:
        if node_id in reachable and node_id not in found.states:
            report(("nodes", node_id), f"node `{node_id}` can never be reached in play: every "
                   "choice leading to it has a condition that is never met",
                   "check the `only_if:` tests on the choices that lead here")
    for node_id, node in nodes.items():
        if node_id not in found.states:
            continue
        for index, choice in enumerate(node.choices):
            if (node_id, choice.id) not in found.taken:
                report(("nodes", node_id, "choices", index, "only_if"),
                       f"node `{node_id}`: choice `{choice.id}` is never offered: its "
                       "condition is never met when a player gets here",
                       "change the `only_if:` test, or the choices that set the state before")
    return problems


def _redflag_ids(catalog: Any) -> set[str] | None:
    """Ids of the red-flag cards if that kind is loaded, whatever container it uses."""
    try:
        cards = getattr(catalog, "redflags")
    except AttributeError:
        return None
    for candidate in (cards, getattr(cards, "cards", None), getattr(cards, "root", None)):
        if isinstance(candidate, Mapping):
            return set(candidate)
        if isinstance(candidate, (list, tuple)):
            return {getattr(c, "id", None) for c in candidate} - {None}
    try:
        return set(iter(cards))
    except TypeError:
        return None


def cross_check(catalog: Any) -> list[Problem]:
    library: ScenarioLibrary = catalog.scenarios
    redflags = _redflag_ids(catalog)
    problems: list[Problem] = []
    for item in library.files.values():
        problems.extend(graph_problems(item, library.laws, redflags))
    return problems


def check_folder(folder: Path, redflag_ids: set[str] | None = None) -> list[Problem]:
    """Load and graph-check one folder of scenarios (a trainer's draft folder, a test fixture)."""
    try:
        library = load_files(folder)
    except ContentError as exc:
        return exc.problems
    problems: list[Problem] = []
    for item in library.files.values():
        problems.extend(graph_problems(item, library.laws, redflag_ids))
    return problems
