"""The "Tanda Bahaya" red-flag cards: one YAML file per card in ``datasets/redflags/``.

``_deck.yaml`` in the same folder describes the deck: the migration stages in order, the
indicator families a card may come from (each with its source), the piles' meanings and the
facilitator notes. Each card names its stage, its right pile, why, what to do, the indicator it
comes from, and its own source and date. Checks here catch what a schema cannot: an unknown
stage or family, a stage without a safe card (a sort where everything is danger teaches
nothing), and agenda settings that would select no cards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..engines.cardsort import PILES, UNSURE, DeckParams, parse_params, select_deck
from .base import ContentError, Problem, Sourced, StrictModel, Text, load_folder, load_yaml
from .lessons import ID_PATTERN, FacilitatorNotes, _line

DECK_FILE = "_deck.yaml"
CARDSORT_NOTEBOOK = "tanda-bahaya.ipynb"


class Stage(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    summary: Text


class Family(Sourced):
    """An indicator family: the published list a card's warning sign comes from."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text


class PileMeaning(StrictModel):
    aman: Text
    waspada: Text
    bahaya: Text
    tidak_yakin: Text


class Deck(StrictModel):
    intro: Text
    piles: PileMeaning
    stages: list[Stage] = Field(min_length=1)
    families: list[Family] = Field(min_length=1)
    facilitator_notes: FacilitatorNotes


class Indicator(StrictModel):
    family: str
    #: The specific indicator in that family, in plain words (e.g. "retention of documents").
    item: Text


class Card(Sourced):
    stage: str
    pile: Literal["aman", "waspada", "bahaya"]
    situation: Text
    why: Text
    what_to_do: Text
    indicator: Indicator
    #: The situation is about someone the participant knows (a neighbour, a cousin's friend).
    someone_you_know: bool = False

    @field_validator("pile", mode="before")
    @classmethod
    def _not_unsure(cls, value: object) -> object:
        if value == UNSURE:
            raise ValueError("`tidak-yakin` is the participant's pile for \"not sure\"; a card's "
                             "right pile must be aman, waspada or bahaya")
        return value


@dataclass(frozen=True)
class RedFlags:
    root: Path
    deck: Deck
    cards: dict[str, Card]

    @property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.deck.stages]

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.deck.stages if s.id == stage_id)

    def family(self, family_id: str) -> Family:
        return next(f for f in self.deck.families if f.id == family_id)

    def deck_for(self, params: dict) -> tuple[list[str], DeckParams]:
        """The card ids an activity plays with its agenda ``params`` (ValueError if invalid)."""
        parsed = parse_params(params, self.stage_ids)
        pairs = {card_id: (card.stage, card.pile) for card_id, card in self.cards.items()}
        return select_deck(pairs, self.stage_ids, parsed), parsed


def load(datasets: Path) -> RedFlags:
    root = datasets / "redflags"
    problems: list[Problem] = []
    deck = cards = None
    try:
        deck = load_yaml(root / DECK_FILE, Deck)
    except ContentError as exc:
        problems.extend(exc.problems)
    try:
        cards = load_folder(root, Card, item="a card id",
                            example="tawaran-gaji-terlalu-tinggi.yaml")
    except ContentError as exc:
        problems.extend(exc.problems)
    if deck is not None:
        problems.extend(_deck_problems(root / DECK_FILE, deck))
    if deck is not None and cards is not None:
        problems.extend(_card_problems(root, deck, cards))
    if problems:
        raise ContentError(problems)
    assert deck is not None and cards is not None
    return RedFlags(root, deck, cards)


def _deck_problems(path: Path, deck: Deck) -> list[Problem]:
    problems = []
    for kind, ids in (("stages", [s.id for s in deck.stages]),
                      ("families", [f.id for f in deck.families])):
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(path, kind, f"two {kind} have the id `{twice}`",
                                    "give each its own id", _line(path, kind)))
    return problems


def _card_problems(root: Path, deck: Deck, cards: dict[str, Card]) -> list[Problem]:
    problems = []
    stages = [s.id for s in deck.stages]
    families = [f.id for f in deck.families]
    if not cards:
        return [Problem(root, "", "there are no cards in this folder",
                        "add one YAML file per card "
                        "(see docs/modules-kenali-tppo-and-tanda-bahaya.md)")]
    for card_id, card in cards.items():
        path = root / f"{card_id}.yaml"
        if card.stage not in stages:
            problems.append(Problem(path, "stage", f"`{card.stage}` is not a stage",
                                    f"use one of the stages in {DECK_FILE}: {', '.join(stages)}",
                                    _line(path, "stage")))
        if card.indicator.family not in families:
            problems.append(Problem(path, "indicator.family",
                                    f"`{card.indicator.family}` is not an indicator family",
                                    f"use one of the families in {DECK_FILE}: "
                                    f"{', '.join(families)}",
                                    _line(path, "indicator", "family")))
    for stage in stages:
        present = {card.pile for card in cards.values() if card.stage == stage}
        for pile in PILES:
            if pile not in present:
                problems.append(Problem(
                    root, f"stage {stage}", f"the stage `{stage}` has no card whose right pile "
                    f"is `{pile}`", f"add a `{pile}` card for this stage: a sort where one pile "
                    f"never appears teaches the wrong lesson"))
    return problems


def cross_check(catalog) -> list[Problem]:
    """Agenda activities that play the card sort must have settings that pick cards."""
    redflags: RedFlags = catalog.redflags
    problems = []
    for activity in catalog.agenda.activities:
        if activity.notebook != CARDSORT_NOTEBOOK:
            continue
        where = f"activities.{activity.id}.params"
        try:
            deck, _ = redflags.deck_for(activity.params)
        except ValueError as exc:
            problems.append(Problem(catalog.root / "agenda.yaml", where, str(exc),
                                    "correct the activity's `params`"))
            continue
        if not deck:
            problems.append(Problem(catalog.root / "agenda.yaml", where,
                                    "these settings select no card",
                                    "choose stages that have cards"))
    return problems
