"""Texts for the slides and printed papers that live nowhere else in ``datasets/``
(``printables.yaml``): ground rules, take-home points, the three elements in one line each,
the guide's agendas, preparation, module objectives and steps, safeguarding, the certificate.

Agendas name activities by id; the cross-check makes sure each id is in ``agenda.yaml``."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from .base import Problem, Sourced, StrictModel, Text, load_yaml
from .lessons import ID_PATTERN


class ThreeElements(Sourced):
    proses: Text
    cara: Text
    tujuan: Text
    rule: Text


class AgendaItem(StrictModel):
    """One line of a printed agenda: an agenda activity by id, or a plain item (break)."""

    activity: str | None = Field(default=None, pattern=ID_PATTERN)
    title: Text | None = None
    minutes: int = Field(gt=0, le=480)

    @model_validator(mode="after")
    def _one_of(self) -> "AgendaItem":
        if (self.activity is None) == (self.title is None):
            raise ValueError("give either `activity:` (an id from agenda.yaml) or `title:`")
        return self


class PrintedAgenda(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    note: Text
    items: list[AgendaItem] = Field(min_length=1)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


class ModuleGuide(StrictModel):
    objectives: list[Text] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    #: Only for modules whose content has no facilitator prompts of its own (e.g. the map).
    prompts: list[Text] = Field(default_factory=list)


class Safeguarding(Sourced):
    intro: Text
    disclosure: list[Text] = Field(min_length=1)
    referral: list[Text] = Field(min_length=1)


class Certificate(StrictModel):
    title: Text
    given_to: Text
    body: Text
    signed: Text


class Printables(StrictModel):
    ground_rules: list[Text] = Field(min_length=1)
    what_we_learned: list[Text] = Field(min_length=1)
    three_elements: ThreeElements
    agendas: list[PrintedAgenda] = Field(min_length=1)
    preparation: list[Text] = Field(min_length=1)
    modules: dict[str, ModuleGuide] = Field(default_factory=dict)
    safeguarding: Safeguarding
    kit_source_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    certificate: Certificate


FILE = "printables.yaml"


def load(datasets: Path) -> Printables:
    return load_yaml(datasets / FILE, Printables)


def cross_check(catalog) -> list[Problem]:
    """Agendas and module guides name activities that exist in agenda.yaml."""
    printables: Printables = catalog.printables
    path = catalog.root / FILE
    known = {activity.id for activity in catalog.agenda.activities}
    problems = []
    for agenda in printables.agendas:
        for index, item in enumerate(agenda.items):
            if item.activity is not None and item.activity not in known:
                problems.append(Problem(path, f"agendas.{agenda.id}.items.{index}.activity",
                                        f"`{item.activity}` is not an activity in agenda.yaml",
                                        f"use one of: {', '.join(sorted(known))}"))
    for activity_id in printables.modules:
        if activity_id not in known:
            problems.append(Problem(path, f"modules.{activity_id}",
                                    f"`{activity_id}` is not an activity in agenda.yaml",
                                    f"use one of: {', '.join(sorted(known))}"))
    body = printables.certificate.body
    for lang in ("id", "en"):
        for name in ("{session}", "{place}", "{date}"):
            if name not in body(lang):
                problems.append(Problem(path, f"certificate.body.{lang}",
                                        f"the text has no {name}",
                                        f"write {name} where it belongs in the sentence"))
    return problems
