"""Help contacts: the numbers a participant can call, each with its source and date."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .base import Sourced, StrictModel, Text, load_yaml


class Contact(Sourced):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: Text
    what_for: Text
    #: As printed for people: "0800-1000".
    number: str | None = None
    whatsapp: str | None = None
    website: str | None = None
    hours: Text | None = None

    @property
    def dial(self) -> str | None:
        """The number for a tel: link: digits and a leading +."""
        if not self.number:
            return None
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")

    def call_label(self, lang: str) -> str:
        """Its name with the number to call, once: some names already carry their number
        ("Polisi — panggilan darurat 110")."""
        number, name = self.number or self.whatsapp or "", self.name(lang)
        return name if not number or number in name else f"{name} — {number}"

    @property
    def whatsapp_link(self) -> str | None:
        if not self.whatsapp:
            return None
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        return "https://wa.me/62" + digits.removeprefix("62").removeprefix("0")


class HelpDirectory(StrictModel):
    intro: Text
    content_warning: Text
    contacts: list[Contact] = Field(min_length=1)
    call_first: Text


def load(datasets: Path) -> HelpDirectory:
    return load_yaml(datasets / "help.yaml", HelpDirectory)
