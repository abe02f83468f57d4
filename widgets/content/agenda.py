"""The agenda: the ordered activities of a workshop, each played from a module notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from .base import StrictModel, Text, load_yaml


class Activity(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    summary: Text
    minutes: int = Field(gt=0, le=480)
    notebook: str = Field(description="module notebook, relative to notebooks/")
    #: Passed to the module's views, e.g. a subset of red-flag cards for a short session.
    params: dict[str, Any] = Field(default_factory=dict)
    facilitator_notes: Text | None = None

    @field_validator("notebook")
    @classmethod
    def _is_notebook(cls, value: str) -> str:
        if not value.endswith(".ipynb") or "/" in value or value.startswith("."):
            raise ValueError("notebook must be a file name in notebooks/, ending in .ipynb")
        return value


class Agenda(StrictModel):
    title: Text
    activities: list[Activity] = Field(default_factory=list)

    def get(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


def load(datasets: Path) -> Agenda:
    return load_yaml(datasets / "agenda.yaml", Agenda)
