"""The pre-test and post-test item bank: one YAML file per item in ``datasets/quiz/``.

``_bank.yaml`` in the same folder holds the topics and the two introductions. Each item has a
topic, a question, options (exactly one marked ``right: true``), an explanation, and its own
source and date. The same items are asked before and after the workshop, so the agenda's
pre-test and post-test must select the same items: a gain measured on two different tests
would mean nothing. Checks here catch what a schema cannot: an item with no or two right
answers, option ids used twice, an unknown topic, and agenda settings that break the pairing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from pydantic import Field

from .base import ContentError, Problem, Sourced, StrictModel, Text, load_folder, load_yaml
from .lessons import ID_PATTERN, _line

BANK_FILE = "_bank.yaml"
PRE_TEST_NOTEBOOK = "tes-awal.ipynb"
POST_TEST_NOTEBOOK = "tes-akhir.ipynb"
QUIZ_NOTEBOOKS = {PRE_TEST_NOTEBOOK: "pre", POST_TEST_NOTEBOOK: "post"}
#: Agenda params of a test activity.
QUIZ_PARAMS = ("topics",)


class Topic(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    name: Text


class Bank(StrictModel):
    intro_pre: Text
    intro_post: Text
    topics: list[Topic] = Field(min_length=1)


class Option(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    text: Text
    right: bool = False


class Item(Sourced):
    topic: str
    question: Text
    options: list[Option] = Field(min_length=2, max_length=5)
    explanation: Text

    @property
    def right(self) -> str:
        """The id of the right option (the loader checks there is exactly one)."""
        return next(option.id for option in self.options if option.right)

    def option(self, option_id: str) -> Option:
        return next(option for option in self.options if option.id == option_id)


@dataclass(frozen=True)
class Quiz:
    root: Path
    bank: Bank
    items: dict[str, Item]

    @property
    def topic_ids(self) -> list[str]:
        return [topic.id for topic in self.bank.topics]

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.bank.topics if t.id == topic_id)

    def select(self, params: Mapping[str, Any]) -> list[str]:
        """The item ids a test activity asks, in bank order (topic, then file name).

        Raises ValueError, in plain words, when the agenda's params are wrong."""
        unknown = [key for key in params if key not in QUIZ_PARAMS]
        if unknown:
            raise ValueError(f"`{unknown[0]}` is not a test setting; the settings are "
                             f"{', '.join(QUIZ_PARAMS)}")
        topics = params.get("topics")
        if topics is None:
            topics = self.topic_ids
        if isinstance(topics, str):
            topics = [topics]
        if not isinstance(topics, list) or not topics:
            raise ValueError("`topics` must be a list of topic ids, e.g. [unsur, bantuan]")
        wrong = [t for t in topics if t not in self.topic_ids]
        if wrong:
            raise ValueError(f"`{wrong[0]}` is not a topic; the topics are "
                             f"{', '.join(self.topic_ids)}")
        return [item_id for topic in self.topic_ids if topic in topics
                for item_id in sorted(self.items) if self.items[item_id].topic == topic]


    def rights(self, items: Sequence[str] | None = None) -> dict[str, str]:
        """Item id → right option id (for tallies: ``live.activity_results(rights=...)``)."""
        return {i: self.items[i].right for i in (items if items is not None else self.items)}

    def options(self, items: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Item id → its option ids, so a tally shows options nobody chose as 0."""
        return {i: [o.id for o in self.items[i].options]
                for i in (items if items is not None else self.items)}


def load(datasets: Path) -> Quiz:
    root = datasets / "quiz"
    problems: list[Problem] = []
    bank = items = None
    try:
        bank = load_yaml(root / BANK_FILE, Bank)
    except ContentError as exc:
        problems.extend(exc.problems)
    try:
        items = load_folder(root, Item, item="an item id", example="bantuan-polisi-110.yaml")
    except ContentError as exc:
        problems.extend(exc.problems)
    if bank is not None:
        topic_ids = [t.id for t in bank.topics]
        for twice in sorted({t for t in topic_ids if topic_ids.count(t) > 1}):
            problems.append(Problem(root / BANK_FILE, "topics", f"two topics have the id `{twice}`",
                                    "give each topic its own id", _line(root / BANK_FILE, "topics")))
    if items is not None:
        if not items:
            problems.append(Problem(root, "", "there are no test items in this folder",
                                    "add one YAML file per item (see datasets/quiz/_bank.yaml)"))
        for item_id, item in items.items():
            problems.extend(item_problems(root / f"{item_id}.yaml", item,
                                          [t.id for t in bank.topics] if bank else None))
    if problems:
        raise ContentError(problems)
    assert bank is not None and items is not None
    return Quiz(root, bank, items)


def item_problems(path: Path, item: Item, topics: list[str] | None) -> list[Problem]:
    """One right answer, distinct option ids, a known topic."""
    problems = []
    right = [index for index, option in enumerate(item.options) if option.right]
    if not right:
        problems.append(Problem(path, "options", "no option is marked as the right answer",
                                "add `right: true` under the one right option",
                                _line(path, "options")))
    elif len(right) > 1:
        problems.append(Problem(path, f"options.{right[1]}.right",
                                f"{len(right)} options are marked `right: true`",
                                "keep `right: true` on exactly one option",
                                _line(path, "options", right[1], "right")))
    ids = [option.id for option in item.options]
    for index, option_id in enumerate(ids):
        if option_id in ids[:index]:
            problems.append(Problem(path, f"options.{index}.id",
                                    f"two options have the id `{option_id}`",
                                    "give each option its own id, e.g. a, b, c",
                                    _line(path, "options", index, "id")))
    if topics is not None and item.topic not in topics:
        problems.append(Problem(path, "topic", f"`{item.topic}` is not a topic",
                                f"use one of the topics in {BANK_FILE}: {', '.join(topics)}",
                                _line(path, "topic")))
    return problems


def cross_check(catalog) -> list[Problem]:
    """Test activities have valid params, and every pre-test asks the same items as every
    post-test (otherwise the before/after comparison is meaningless)."""
    quiz: Quiz = catalog.quiz
    agenda_path = catalog.root / "agenda.yaml"
    problems: list[Problem] = []
    selected: dict[str, tuple[str, list[str]]] = {}
    for activity in catalog.agenda.activities:
        phase = QUIZ_NOTEBOOKS.get(activity.notebook)
        if phase is None:
            continue
        where = f"activities.{activity.id}.params"
        try:
            items = quiz.select(activity.params)
        except ValueError as exc:
            problems.append(Problem(agenda_path, where, str(exc), "correct the activity's `params`"))
            continue
        if not items:
            problems.append(Problem(agenda_path, where, "these settings select no test item",
                                    "choose topics that have items"))
            continue
        selected[activity.id] = (phase, items)
    phases = {phase for phase, _ in selected.values()}
    if phases == {"pre", "post"}:
        reference_id, (_, reference) = next((a, s) for a, s in selected.items() if s[0] == "pre")
        for activity_id, (phase, items) in selected.items():
            if items != reference:
                problems.append(Problem(
                    agenda_path, f"activities.{activity_id}.params",
                    f"this test asks other items than `{reference_id}`",
                    "give the pre-test and the post-test the same `params`, so the same "
                    "questions are asked before and after"))
    return problems


def phases_of(catalog) -> dict[str, str]:
    """Agenda activity id → "pre" or "post", for the activities that play a test."""
    return {activity.id: QUIZ_NOTEBOOKS[activity.notebook]
            for activity in catalog.agenda.activities if activity.notebook in QUIZ_NOTEBOOKS}


__all__ = ["Bank", "Item", "Option", "Quiz", "Topic", "cross_check", "item_problems", "load",
           "phases_of"]
