"""The "Rencana aksi" (action plan) activity's texts (``datasets/plan.yaml``).

The risk options are the red-flag deck's stages and the people to call are the help contacts,
so the plan adds only its own prompts here."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .base import Problem, StrictModel, Text, load_yaml
from .lessons import FacilitatorNotes

FILE = "plan.yaml"
PLAN_NOTEBOOK = "rencana-aksi.ipynb"
#: How many actions a plan has (the brief: three, each with who and by when).
ACTIONS = 3


class PlanTexts(StrictModel):
    intro: Text
    title: Text
    village: Text
    village_hint: Text
    risks: Text
    risks_other: Text
    actions: Text
    action: Text = Field(description="label of one action, with {n}")
    action_hint: Text
    who: Text
    who_hint: Text
    by_when: Text
    by_when_hint: Text
    call: Text
    saved: Text
    not_saved: Text
    download: Text
    download_note: Text
    empty: Text
    facilitator_notes: FacilitatorNotes


def load(datasets: Path) -> PlanTexts:
    return load_yaml(datasets / FILE, PlanTexts)


def cross_check(catalog) -> list[Problem]:
    problems = []
    for lang in ("id", "en"):
        if "{n}" not in catalog.plan.action(lang):
            problems.append(Problem(catalog.root / FILE, f"action.{lang}",
                                    "the label has no {n}", "write {n} for the action's number"))
    return problems
