"""The layers stay apart: content and engines never import ipywidgets (they are tested and
reused without a browser), and views reach the store only through a Participation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from widgets.paths import KIT_ROOT

PACKAGE = KIT_ROOT / "widgets"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ["content", "engines"])
def test_pure_layers_do_not_import_widgets_libraries(layer):
    offenders = {path.name: sorted(m for m in imported_modules(path)
                                   if m.split(".")[0] in ("ipywidgets", "IPython"))
                 for path in (PACKAGE / layer).glob("*.py")}
    assert {name: mods for name, mods in offenders.items() if mods} == {}


@pytest.mark.parametrize("layer", ["content", "engines"])
def test_pure_layers_do_not_depend_on_views(layer):
    for path in (PACKAGE / layer).glob("*.py"):
        views = {m for m in imported_modules(path) if m.startswith("views") or ".views" in m}
        assert views == set(), path.name
