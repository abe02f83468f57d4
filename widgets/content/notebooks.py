"""Module notebooks as the app plays them.

The convention a trainer follows (see docs/extending.md):
- a markdown cell carries the cell tag ``id`` (Bahasa Indonesia) or ``en`` (English); each
  ``id`` cell is followed directly by its ``en`` cell, so a translator sees both together;
- a cell tagged ``facilitator`` is shown in the facilitator's view only, never to participants;
- every other code cell is run in the participant's kernel, in its place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .base import LANGUAGES, ContentError, Problem

FACILITATOR_TAG = "facilitator"


@dataclass(frozen=True)
class Cell:
    index: int
    kind: str  # "markdown" or "code"
    source: str
    tags: frozenset[str]

    @property
    def lang(self) -> str | None:
        found = [t for t in LANGUAGES if t in self.tags]
        return found[0] if len(found) == 1 else None

    @property
    def for_facilitator(self) -> bool:
        return FACILITATOR_TAG in self.tags


def read_cells(path: Path) -> list[Cell]:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError([Problem(path, "", "the notebook does not exist",
                                    "check the `notebook:` name in datasets/agenda.yaml")]) from exc
    except json.JSONDecodeError as exc:
        raise ContentError([Problem(path, "", f"the notebook is not valid JSON ({exc.msg})",
                                    "open and save it again in JupyterLab", exc.lineno)]) from exc
    cells = []
    for index, raw in enumerate(notebook.get("cells", [])):
        source = raw.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        tags = frozenset(raw.get("metadata", {}).get("tags", []))
        cells.append(Cell(index, raw.get("cell_type", ""), source, tags))
    return cells


def cells_for(path: Path, lang: str, facilitator: bool = False) -> list[Cell]:
    """The cells one audience sees, in order: markdown in their language, then code."""
    shown = []
    for cell in read_cells(path):
        if cell.for_facilitator and not facilitator:
            continue
        if cell.kind == "markdown" and cell.lang != lang:
            continue
        if cell.kind in ("markdown", "code") and cell.source.strip():
            shown.append(cell)
    return shown


def check(path: Path) -> list[Problem]:
    """Bilingual pairing of markdown cells, and no stored outputs."""
    problems: list[Problem] = []
    try:
        cells = read_cells(path)
    except ContentError as exc:
        return exc.problems
    for position, cell in enumerate(cells):
        where = f"cell {cell.index + 1}"
        if cell.kind == "markdown":
            if cell.lang is None:
                problems.append(Problem(
                    path, where, "this markdown cell has no language tag (or both)",
                    "in JupyterLab open the property inspector (gear icon) and give the cell "
                    "exactly one tag: `id` for Bahasa Indonesia or `en` for English"))
            elif cell.lang == "id":
                following = cells[position + 1] if position + 1 < len(cells) else None
                if following is None or following.kind != "markdown" or following.lang != "en":
                    problems.append(Problem(
                        path, where, "this Bahasa Indonesia cell has no English cell after it",
                        "add a markdown cell tagged `en` with the English text right after it"))
            elif cell.lang == "en":
                before = cells[position - 1] if position > 0 else None
                if before is None or before.kind != "markdown" or before.lang != "id":
                    problems.append(Problem(
                        path, where, "this English cell has no Bahasa Indonesia cell before it",
                        "add a markdown cell tagged `id` with the Indonesian text right before it"))
    raw = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(raw.get("cells", [])):
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(Problem(path, f"cell {index + 1}", "the notebook was saved with outputs",
                                    "clear all outputs (Edit → Clear Outputs of All Cells) and save"))
            break
    return problems
