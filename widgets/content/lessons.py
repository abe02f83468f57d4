"""The "Kenali TPPO" module: the law in plain words, and the exercises that practise it.

Layout of ``datasets/lessons/`` (a trainer edits these files; see
docs/modules-kenali-tppo-and-tanda-bahaya.md):

- ``texts.yaml`` — the module's sections (what trafficking is, consent, legal departure, how to
  check a recruiter), each a short bilingual markdown text with its source;
- ``elements/`` — the three-element cases, one file per case, plus ``_exercise.yaml``;
- ``departures/`` — the departure stories, one file per story, plus ``_exercise.yaml``;
- ``checklist.yaml`` — what a legal (procedural) placement needs, item by item;
- ``village-role.yaml`` — what a kepala desa signs, whom to call, what not to do.

Every exercise carries facilitator notes (``FacilitatorNotes``), shown only in the facilitator
console. The rules that keep a case honest (its verdict follows from its elements; the words
quoted as evidence really are in the story; a departure judged non-procedural names the
requirements it breaks) are checked here, so a trainer's slip is caught by ``waspada check``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..engines.elements import ELEMENTS, element_verdict
from .base import (AS_OF_PATTERN, ID_PATTERN, ContentError, Problem, Source, Sourced,
                   StrictModel, Text, load_folder, load_yaml, read_yaml)


# --------------------------------------------------------------------------- shared pieces

class Misconception(StrictModel):
    """Something participants often believe, and how the facilitator can answer it."""

    belief: Text
    reply: Text


class FacilitatorNotes(StrictModel):
    """Notes for one exercise: shown in the facilitator console, never to participants."""

    minutes: int = Field(gt=0, le=240, description="how long the exercise takes with discussion")
    goal: Text
    prompts: list[Text] = Field(min_length=1, description="questions to open the discussion")
    misconceptions: list[Misconception] = Field(default_factory=list)
    tips: list[Text] = Field(default_factory=list)


class Section(Sourced):
    """One short text of the module (bilingual markdown) with the source of what it states."""

    title: Text
    body: Text
    facilitator_notes: FacilitatorNotes | None = None


class ModuleTexts(StrictModel):
    sections: dict[str, Section] = Field(min_length=1)


# --------------------------------------------------------------------------- three elements

class ElementFinding(StrictModel):
    """Whether one element (PROSES, CARA or TUJUAN) is in the story, shown with its own words."""

    present: Literal["ya", "tidak", "belum-jelas"]
    #: Words copied exactly from the story (both languages) that show the element, or its absence.
    quote: Text | None = None
    explain: Text


class ElementCase(Sourced):
    """A short fictional case; ``source`` names the real pattern it is modelled on."""

    title: Text
    story: Text
    proses: ElementFinding
    cara: ElementFinding
    tujuan: ElementFinding
    verdict: Literal["tppo", "bukan-tppo", "belum-tahu"]
    verdict_why: Text

    def finding(self, element: str) -> ElementFinding:
        return getattr(self, element)

    @property
    def status(self) -> dict[str, str]:
        return {element: self.finding(element).present for element in ELEMENTS}


class Exercise(StrictModel):
    """The ``_exercise.yaml`` of an exercise folder: how it is introduced, and its notes."""

    intro: Text
    facilitator_notes: FacilitatorNotes


# --------------------------------------------------------------------------- legal departure

class ChecklistItem(Sourced):
    """One requirement of a legal (procedural) placement, phrased so that "ya" means met."""

    id: str = Field(pattern=ID_PATTERN)
    short: Text = Field(description="a few words, used as a label in the departure exercise")
    statement: Text
    why: Text
    how_to_check: Text


class Checklist(StrictModel):
    intro: Text
    items: list[ChecklistItem] = Field(min_length=1)
    if_not_met: Text
    if_unknown: Text
    if_all_met: Text
    facilitator_notes: FacilitatorNotes

    def get(self, item_id: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.id == item_id), None)


class DepartureStory(Sourced):
    """A short fictional departure to judge; ``broken`` lists the checklist items it breaks."""

    title: Text
    story: Text
    verdict: Literal["prosedural", "non-prosedural"]
    broken: list[str] = Field(default_factory=list)
    explain: Text


# --------------------------------------------------------------------------- village leader

class RolePoint(StrictModel):
    """A thing to do or not do, and why. A point stating a law or a fact carries its source."""

    what: Text
    why: Text
    source: Source | None = None
    as_of: str | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return None if value is None else str(value).strip()

    @model_validator(mode="after")
    def _source_pair(self) -> "RolePoint":
        if (self.source is None) != (self.as_of is None):
            raise ValueError("give `source` and `as_of` together (or neither, for advice that "
                             "states no fact)")
        if self.as_of is not None and not AS_OF_PATTERN.match(self.as_of):
            raise ValueError("as_of must be a date written YYYY-MM-DD, YYYY-MM or YYYY")
        return self


class Office(Sourced):
    """A place to go in person (no phone numbers here: numbers live in datasets/help.yaml)."""

    name: Text
    what_for: Text


class VillageRole(StrictModel):
    intro: Text
    signs: list[RolePoint] = Field(min_length=1)
    before_signing: list[Text] = Field(min_length=1)
    call: list[str] = Field(min_length=1, description="contact ids from datasets/help.yaml")
    offices: list[Office] = Field(default_factory=list)
    keep_evidence: RolePoint
    dont: list[RolePoint] = Field(min_length=1)
    facilitator_notes: FacilitatorNotes


# --------------------------------------------------------------------------- the whole module

@dataclass(frozen=True)
class Lessons:
    root: Path
    texts: ModuleTexts
    elements: Exercise
    cases: dict[str, ElementCase]
    departures: Exercise
    stories: dict[str, DepartureStory]
    checklist: Checklist
    village: VillageRole

    def section(self, section_id: str) -> Section:
        try:
            return self.texts.sections[section_id]
        except KeyError:
            known = ", ".join(self.texts.sections)
            raise KeyError(f"no section `{section_id}` in lessons/texts.yaml (known: {known})"
                           ) from None


def _line(path: Path, *key: str | int) -> int | None:
    """The line of a key in a YAML file, for messages about a value that loaded fine."""
    try:
        return read_yaml(path)[1].get(tuple(key))
    except ContentError:
        return None


def load(datasets: Path) -> Lessons:
    root = datasets / "lessons"
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    jobs = {
        "texts": lambda: load_yaml(root / "texts.yaml", ModuleTexts),
        "elements": lambda: load_yaml(root / "elements" / "_exercise.yaml", Exercise),
        "cases": lambda: load_folder(root / "elements", ElementCase,
                                     example="03-kapal-malam.yaml"),
        "departures": lambda: load_yaml(root / "departures" / "_exercise.yaml", Exercise),
        "stories": lambda: load_folder(root / "departures", DepartureStory,
                                       example="03-kapal-malam.yaml"),
        "checklist": lambda: load_yaml(root / "checklist.yaml", Checklist),
        "village": lambda: load_yaml(root / "village-role.yaml", VillageRole),
    }
    for name, job in jobs.items():
        try:
            parts[name] = job()
        except ContentError as exc:
            problems.extend(exc.problems)
    for folder, kind in (("elements", "cases"), ("departures", "stories")):
        if kind in parts and not parts[kind]:
            problems.append(Problem(root / folder, "", f"there are no {kind} in this folder",
                                    f"add at least one file, e.g. {folder}/01-example.yaml"))
    for case_id, case in (parts.get("cases") or {}).items():  # type: ignore[union-attr]
        problems.extend(case_problems(root / "elements" / f"{case_id}.yaml", case))
    if "checklist" in parts:
        path = root / "checklist.yaml"
        seen: set[str] = set()
        for index, item in enumerate(parts["checklist"].items):  # type: ignore[attr-defined]
            if item.id in seen:
                problems.append(Problem(path, f"items.{index}.id",
                                        f"two checklist items have the id `{item.id}`",
                                        "give each item its own id",
                                        _line(path, "items", index, "id")))
            seen.add(item.id)
    if "stories" in parts and "checklist" in parts:
        known = [item.id for item in parts["checklist"].items]  # type: ignore[attr-defined]
        for story_id, story in parts["stories"].items():  # type: ignore[attr-defined]
            problems.extend(story_problems(root / "departures" / f"{story_id}.yaml", story, known))
    if problems:
        raise ContentError(problems)
    return Lessons(root=root, **parts)  # type: ignore[arg-type]


def case_problems(path: Path, case: ElementCase) -> list[Problem]:
    """What keeps a case honest: its verdict follows from its elements, and the words quoted as
    evidence are really in the story (so feedback explains each element in the case's words)."""
    problems = []
    expected = element_verdict(case.status)
    if case.verdict != expected:
        states = ", ".join(f"{e}: {s}" for e, s in case.status.items())
        problems.append(Problem(
            path, "verdict", f"the verdict `{case.verdict}` does not follow from the elements "
            f"({states}); with these elements it is `{expected}`",
            "change the verdict or the elements. Rule: all three `ya` → tppo; any `tidak` → "
            "bukan-tppo; otherwise → belum-tahu", _line(path, "verdict")))
    for element in ELEMENTS:
        finding = case.finding(element)
        if finding.present == "ya" and finding.quote is None:
            problems.append(Problem(
                path, f"{element}.quote", f"`{element}` is present but has no quote",
                "add `quote:` with the words of the story that show it, in both languages",
                _line(path, element, "present")))
        if finding.quote is None:
            continue
        for lang in ("id", "en"):
            if finding.quote(lang) not in case.story(lang):
                problems.append(Problem(
                    path, f"{element}.quote.{lang}",
                    f"the quote \"{finding.quote(lang)}\" is not in the story word for word",
                    f"copy the words exactly from `story.{lang}` (same spelling and punctuation)",
                    _line(path, element, "quote", lang)))
    return problems


def story_problems(path: Path, story: DepartureStory, known: list[str]) -> list[Problem]:
    """A story's verdict matches what it breaks, and what it breaks is on the checklist."""
    problems = []
    if story.verdict == "prosedural" and story.broken:
        problems.append(Problem(path, "broken", "a `prosedural` story cannot break requirements",
                                "empty `broken`, or change the verdict to `non-prosedural`",
                                _line(path, "broken")))
    if story.verdict == "non-prosedural" and not story.broken:
        problems.append(Problem(path, "verdict", "a `non-prosedural` story must say what it breaks",
                                "list the checklist item ids it breaks under `broken:`",
                                _line(path, "verdict")))
    for index, item_id in enumerate(story.broken):
        if item_id not in known:
            problems.append(Problem(
                path, f"broken.{index}", f"`{item_id}` is not a checklist item",
                f"use one of the ids in lessons/checklist.yaml: {', '.join(known)}",
                _line(path, "broken", index)))
    return problems

def cross_check(catalog) -> list[Problem]:
    """The village-role contacts exist in help.yaml; the agenda's lesson params make sense."""
    lessons: Lessons = catalog.lessons
    problems: list[Problem] = []
    known = {contact.id for contact in catalog.help.contacts}
    path = lessons.root / "village-role.yaml"
    for index, contact_id in enumerate(lessons.village.call):
        if contact_id not in known:
            problems.append(Problem(path, f"call.{index}",
                                    f"`{contact_id}` is not a contact in help.yaml",
                                    f"use one of: {', '.join(sorted(known))}",
                                    _line(path, "call", index)))
    for activity in catalog.agenda.activities:
        if activity.notebook != LESSONS_NOTEBOOK:
            continue
        for key, value in activity.params.items():
            where = f"activities.{activity.id}.params.{key}"
            if key not in LESSON_PARAMS:
                problems.append(Problem(catalog.root / "agenda.yaml", where,
                                        f"`{key}` is not a setting of {LESSONS_NOTEBOOK}",
                                        f"use {', '.join(LESSON_PARAMS)}"))
            elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(Problem(catalog.root / "agenda.yaml", where,
                                        f"`{key}` must be a whole number of at least 1",
                                        f"e.g. `{key}: 4` to play only the first four"))
    return problems


LESSONS_NOTEBOOK = "kenali-tppo.ipynb"
#: Agenda params of the Kenali TPPO activity: how many cases/stories to play (from the first).
LESSON_PARAMS = ("cases", "stories")

__all__ = ["Checklist", "ChecklistItem", "DepartureStory", "ElementCase", "Exercise",
           "FacilitatorNotes", "Lessons", "Misconception", "ModuleTexts", "Section",
           "VillageRole", "case_problems", "cross_check", "load", "story_problems"]
