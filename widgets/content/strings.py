"""Interface strings: ``datasets/strings/<area>.yaml`` maps keys to bilingual texts.

A key is used as ``<area>.<key>`` (``app.join_button`` is key ``join_button`` in
``strings/app.yaml``), so each module keeps its own file and translators see both languages
side by side."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import RootModel

from .base import ContentError, Problem, Text, load_folder

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class StringFile(RootModel[dict[str, Text]]):
    """One area's strings."""


class Strings:
    def __init__(self, texts: dict[str, Text]):
        self.texts = texts

    def __contains__(self, key: str) -> bool:
        return key in self.texts

    def __call__(self, key: str, lang: str, **values: object) -> str:
        """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled in."""
        text = self.texts[key](lang)
        return text.format(**values) if values else text


def load(datasets: Path) -> Strings:
    files = load_folder(datasets / "strings", StringFile)
    texts: dict[str, Text] = {}
    problems = []
    for area, strings in files.items():
        for key, text in strings.root.items():
            if not KEY_PATTERN.match(key):
                problems.append(Problem(datasets / "strings" / f"{area}.yaml", key,
                                        "a key may only use lower-case letters, digits and _",
                                        "rename the key, e.g. `join_button`"))
            placeholders = {lang: set(re.findall(r"\{(\w+)\}", text(lang))) for lang in ("id", "en")}
            if placeholders["id"] != placeholders["en"]:
                problems.append(Problem(
                    datasets / "strings" / f"{area}.yaml", key,
                    f"the two languages use different {{placeholders}}: "
                    f"id has {sorted(placeholders['id'])}, en has {sorted(placeholders['en'])}",
                    "use the same {name} placeholders in both texts"))
            texts[f"{area}.{key}"] = text
    if problems:
        raise ContentError(problems)
    return Strings(texts)
