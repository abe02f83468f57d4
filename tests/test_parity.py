"""Every participant-facing string exists in Bahasa Indonesia and English, and every string
key the code asks for exists in datasets/strings."""

from __future__ import annotations

import json
import re

import pytest

from widgets.content import cached_catalog
from widgets.content.base import Text, iter_texts
from widgets.content.notebooks import check as check_notebook
from widgets.paths import KIT_ROOT, NOTEBOOKS

KEY_USE = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def all_texts(value, path="") -> list[tuple[str, Text]]:
    """Every bilingual text anywhere in the loaded catalog."""
    return list(iter_texts(value, path))


def test_every_text_has_both_languages_filled():
    catalog = cached_catalog()
    texts = all_texts(catalog.strings.texts, "strings") + all_texts(catalog.agenda, "agenda") \
        + all_texts(catalog.help, "help")
    for name, value in catalog.extra.items():
        texts += all_texts(value, name)
    assert len(texts) > 50
    gaps = [path for path, text in texts if not text.id.strip() or not text.en.strip()]
    assert gaps == []


def test_no_text_is_left_untranslated():
    """The same long sentence in both languages is a translation someone forgot."""
    catalog = cached_catalog()
    texts = all_texts(catalog.strings.texts, "strings") + all_texts(catalog.help, "help")
    for name, value in catalog.extra.items():
        texts += all_texts(value, name)
    same = [path for path, text in texts if len(text.id) > 25 and text.id == text.en]
    assert same == []


def test_every_string_key_used_in_code_exists():
    strings = cached_catalog().strings
    used = set()
    for path in (KIT_ROOT / "widgets").rglob("*.py"):
        used |= set(KEY_USE.findall(path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in strings)
    assert used and missing == []


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_markdown_is_paired_and_outputs_are_stripped(notebook):
    assert [str(p) for p in check_notebook(notebook)] == []
    raw = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


def test_the_pairing_check_catches_a_missing_translation(tmp_path):
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {"tags": ["id"]}, "source": "Halo"},
        {"cell_type": "markdown", "metadata": {}, "source": "Untagged"},
        {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [{"x": 1}],
         "execution_count": 3}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "module.ipynb"
    path.write_text(json.dumps(notebook))
    messages = [str(p) for p in check_notebook(path)]
    assert any("cell 1" in m and "no English cell after it" in m for m in messages)
    assert any("cell 2" in m and "no language tag" in m for m in messages)
    assert any("saved with outputs" in m for m in messages)
