"""Everything in ``datasets/``, loaded and cross-checked as one catalog.

Each content kind has a module with ``load(datasets: Path)``; cross-reference checks take the
whole catalog. ``waspada check`` runs all of them and reports every problem at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from ..paths import NOTEBOOKS, datasets_dir
from . import agenda, audio, help, notebooks, strings
from .base import ContentError, Problem


@dataclass(frozen=True)
class Catalog:
    root: Path
    strings: strings.Strings
    agenda: agenda.Agenda
    help: help.HelpDirectory
    # Module content, one field per kind (added with each module).
    extra: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None


#: name → loader for module content; each module registers itself in ``register_kind``.
KINDS: dict[str, Callable[[Path], Any]] = {}
#: Cross-reference checks over the whole catalog.
CHECKS: list[Callable[[Catalog], list[Problem]]] = []


def register_kind(name: str, loader: Callable[[Path], Any],
                  check: Callable[[Catalog], list[Problem]] | None = None) -> None:
    KINDS[name] = loader
    if check is not None and check not in CHECKS:
        CHECKS.append(check)


def _register_modules() -> None:
    """Import the module content kinds so they register (kept in one place, in order)."""
    from . import modules  # noqa: F401


def _check_agenda_notebooks(catalog: Catalog, notebooks_dir: Path) -> list[Problem]:
    problems = []
    for activity in catalog.agenda.activities:
        path = notebooks_dir / activity.notebook
        if not path.exists():
            problems.append(Problem(catalog.root / "agenda.yaml", f"activities.{activity.id}.notebook",
                                    f"the notebook `{activity.notebook}` does not exist in {notebooks_dir}",
                                    "correct the file name or add the notebook"))
        else:
            problems.extend(notebooks.check(path))
    ids = [a.id for a in catalog.agenda.activities]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(catalog.root / "agenda.yaml", f"activities.{duplicate}",
                                "two activities have the same id", "give each activity its own id"))
    return problems


def _check_datapackage(root: Path) -> list[Problem]:
    """Every tabular file is described in datapackage.json and every description has its file."""
    path = root / "datapackage.json"
    if not path.exists():
        return [Problem(path, "", "datapackage.json is missing",
                        "describe each CSV table in datasets/datapackage.json")]
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [Problem(path, "", f"not valid JSON ({exc.msg})", "fix the JSON syntax", exc.lineno)]
    problems = []
    described = {}
    for resource in package.get("resources", []):
        described[resource.get("path")] = resource
        if not (root / str(resource.get("path"))).exists():
            problems.append(Problem(path, f"resources.{resource.get('name')}",
                                    f"describes `{resource.get('path')}`, which does not exist",
                                    "remove the resource or add the file"))
            continue
        with (root / resource["path"]).open(encoding="utf-8") as handle:
            header = handle.readline().strip().split(",")
        fields = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        if header != fields:
            problems.append(Problem(path, f"resources.{resource.get('name')}.schema.fields",
                                    f"the fields {fields} do not match the CSV header {header}",
                                    "list the CSV's columns, in order, in the schema"))
    for csv_path in sorted(root.rglob("*.csv")):
        relative = csv_path.relative_to(root).as_posix()
        if relative not in described:
            problems.append(Problem(path, "resources", f"`{relative}` is not described",
                                    "add a resource for it with its fields, source and licence"))
    return problems


def load_catalog(root: Path | None = None, notebooks_dir: Path | None = None) -> Catalog:
    """Load and cross-check everything; raise ContentError listing every problem."""
    _register_modules()
    root = Path(root or datasets_dir())
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, loader in [("strings", strings.load), ("agenda", agenda.load),
                         ("help", help.load), *KINDS.items()]:
        try:
            loaded[name] = loader(root)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    catalog = Catalog(root=root, strings=loaded.pop("strings"), agenda=loaded.pop("agenda"),
                      help=loaded.pop("help"), extra=loaded)
    problems.extend(_check_agenda_notebooks(catalog, Path(notebooks_dir or NOTEBOOKS)))
    problems.extend(_check_datapackage(root))
    problems.extend(audio.check(root, {"help": catalog.help, "agenda": catalog.agenda,
                                       **catalog.extra}))
    for check in CHECKS:
        problems.extend(check(catalog))
    if problems:
        raise ContentError(problems)
    return catalog


@lru_cache(maxsize=4)
def cached_catalog(root: str | None = None) -> Catalog:
    """The catalog for a kernel's lifetime (content does not change during a workshop)."""
    return load_catalog(Path(root) if root else None)


def check(root: Path | None = None, notebooks_dir: Path | None = None) -> list[Problem]:
    try:
        load_catalog(root, notebooks_dir)
    except ContentError as exc:
        return exc.problems
    return []
