"""Graph checks: each kind of mistake a trainer can make in a scenario file is caught, and the
message names the file, the node (or key) and the line, with a fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from widgets.content.base import ContentError
from widgets.content.scenarios import check_folder, cross_check, graph_problems, load_file, \
    load_files

KIT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
BROKEN = FIXTURES / "broken"

#: fixture → (what the message must say, the node or key it must name, its line in the file)
CASES = {
    "missing-target": ("leads to `end-saf`, which is not a node", "node `offer`", 15),
    "unreachable": ("cannot be reached from the start", "node `orphan`", 16),
    "dead-end": ("has no choices and is not an ending", "node `stuck`", 17),
    "no-way-out": ("no path leads to an ending", "node `loop-a`", 17),
    "unused-state": ("declared but never used", "`trust`", 11),
    "undeclared-state": ("not declared under `state:`", "node `offer`", 15),
    "constant-state": ("no choice ever changes it", "`passport`", 11),
    "stuck-by-condition": ("no choice is available when paid=false", "node `waiting`", 19),
    "never-offered": ("is never offered", "node `shop`", 21),
    "wrong-type": ("true/false, not a number", "node `offer`", 17),
    "undeclared-flag": ("the flag `fees`, which is not declared", "node `offer`", 17),
    "unused-flag": ("declared but no choice reveals or ignores it", "`secret`", 11),
    "missing-start": ("the start node `ofer` does not exist", "`start`", 10),
    "no-safe-ending": ("has no safe ending", "`nodes`", 11),
    "unknown-law": ("cites the law note `uu-no-such-law`", "ending `end-safe`", 21),
    "unknown-card": ("red-flag card `no-such-card`, which does not exist", "`fee`", 11),
}


def _problems(name: str):
    path = BROKEN / f"{name}.yaml"
    return graph_problems(load_file(path), laws={}, redflag_ids={"real-card"})


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_graph_error_names_file_node_and_line(name):
    what, where, line = CASES[name]
    problems = _problems(name)
    matching = [p for p in problems if what in p.what]
    assert matching, f"{name}: no problem says {what!r}; got {[str(p) for p in problems]}"
    problem = matching[0]
    text = str(problem)
    assert f"{name}.yaml" in text
    assert where in text
    assert problem.line == line, text
    assert f"line {line}" in text
    assert problem.fix and "Fix:" in text


def test_every_broken_fixture_is_covered():
    """A new fixture file must come with its expected message (and vice versa)."""
    names = {p.stem for p in BROKEN.glob("*.yaml")} - {"ending-with-choices"}
    assert names == set(CASES)


def test_spelling_hints_for_near_misses():
    assert "did you mean `end-safe`?" in str(_problems("missing-target")[0])
    assert "did you mean `offer`?" in str(_problems("missing-start")[0])
    assert "did you mean `fee`?" in str(_problems("undeclared-flag")[0])


def test_a_schema_error_stops_loading_with_file_and_line():
    with pytest.raises(ContentError) as caught:
        load_file(BROKEN / "ending-with-choices.yaml")
    problem = caught.value.problems[0]
    assert problem.file.name == "ending-with-choices.yaml"
    assert problem.where == "nodes.end-safe"
    assert problem.line == 16
    assert "an ending has no choices" in problem.what


def test_a_valid_scenario_has_no_problems():
    assert graph_problems(load_file(FIXTURES / "valid" / "mini.yaml"), laws={}) == []


def test_card_links_are_checked_only_when_red_flags_are_loaded(tmp_path):
    shutil.copy(BROKEN / "unknown-card.yaml", tmp_path)
    library = load_files(tmp_path)
    assert cross_check(SimpleNamespace(scenarios=library)) == []
    found = cross_check(SimpleNamespace(scenarios=library, redflags={"real-card": object()}))
    assert [p.where for p in found] == ["flags.fee.card"]
    assert cross_check(SimpleNamespace(scenarios=library, redflags={"no-such-card": 1})) == []


def test_check_folder_reports_every_file(tmp_path):
    for name in ("dead-end", "unreachable"):
        shutil.copy(BROKEN / f"{name}.yaml", tmp_path)
    files = {p.file.name for p in check_folder(tmp_path)}
    assert files == {"dead-end.yaml", "unreachable.yaml"}


def test_waspada_check_reports_graph_problems(tmp_path):
    """The graph checks run inside `waspada check`, on a trainer's copy of the content."""
    datasets = tmp_path / "datasets"
    shutil.copytree(KIT / "datasets", datasets)
    shutil.copy(BROKEN / "missing-target.yaml", datasets / "scenarios" / "draft-story.yaml")
    result = subprocess.run([sys.executable, "-m", "widgets.cli", "check", "--datasets",
                             str(datasets)], cwd=KIT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "draft-story.yaml, line 15" in result.stderr
    assert "node `offer`: choice `go` leads to `end-saf`" in result.stderr
