"""The trainer's tools: `waspada new scenario` writes a file that passes `waspada check`, and
`waspada graph` draws a scenario as SVG with every node, choice and problem."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from widgets.authoring import Edge, NODE_H, NODE_W, TEMPLATE, layered_layout, scenario_svg, \
    write_template
from widgets.content import load_catalog
from widgets.content.scenarios import graph_problems, load_file, load_laws

KIT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "scenarios" / "broken"
SVG = "{http://www.w3.org/2000/svg}"


def waspada(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "widgets.cli", *args], cwd=KIT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def datasets(tmp_path) -> Path:
    """A trainer's copy of the kit's content."""
    copy = tmp_path / "datasets"
    shutil.copytree(KIT / "datasets", copy)
    return copy


def test_new_scenario_passes_check(datasets):
    made = waspada("new", "scenario", "magang-jepang", "--datasets", str(datasets))
    assert made.returncode == 0, made.stderr
    path = datasets / "scenarios" / "magang-jepang.yaml"
    assert path.exists()
    checked = waspada("check", "--datasets", str(datasets))
    assert checked.returncode == 0, checked.stderr
    assert "no problems" in checked.stdout


def test_the_template_is_a_draft_that_explains_its_fields(tmp_path):
    path = write_template("coba", tmp_path)
    text = path.read_text(encoding="utf-8")
    item = load_file(path)
    assert item.scenario.draft
    assert graph_problems(item, laws={}) == []
    comment_lines = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comment_lines) >= 25
    for field in ("title", "summary", "role", "place", "minutes", "difficulty",
                  "content_warning", "fictional_note", "facilitator_notes", "draft", "order",
                  "state", "flags", "start", "nodes", "choices", "ending", "debrief",
                  "reveals", "ignores", "only_if", "add", "law", "questions"):
        assert f"`{field}" in text or f"{field}:" in text, field
    assert set(item.scenario.state) and set(item.scenario.flags)
    assert {n.ending for n in item.scenario.endings.values()} == {"safe", "harmed", "mixed"}
    assert "{name}" not in text and "{laws}" not in text and "{{" not in text
    assert TEMPLATE.count("{name}") >= 2


def test_a_draft_is_hidden_from_participants_but_checked(datasets):
    write_template("coba", datasets)
    catalog = load_catalog(datasets)
    assert "coba" in catalog.scenarios
    assert "coba" not in catalog.scenarios.listed()
    assert "coba" in catalog.scenarios.listed(include_drafts=True)


def test_new_refuses_to_overwrite_or_a_bad_name(datasets):
    assert waspada("new", "scenario", "perahu-tanjungbalai", "--datasets",
                   str(datasets)).returncode == 1
    bad = waspada("new", "scenario", "Cerita Baru", "--datasets", str(datasets))
    assert bad.returncode == 1
    assert "lower-case" in bad.stderr
    with pytest.raises(FileExistsError):
        write_template("perahu-tanjungbalai", datasets)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_graph_command_draws_every_node(tmp_path):
    out = tmp_path / "peta.svg"
    result = waspada("graph", "perahu-tanjungbalai", "--out", str(out))
    assert result.returncode == 0, result.stderr
    root = _parse(out.read_text(encoding="utf-8"))
    scenario = load_file(KIT / "datasets" / "scenarios" / "perahu-tanjungbalai.yaml").scenario
    drawn = {g.get("data-node") for g in root.iter(f"{SVG}g")
             if g.get("class") == "wsp-graph-node"}
    assert drawn == set(scenario.nodes)
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    pairs = {(n, c.to) for n, node in scenario.nodes.items() for c in node.choices}
    assert len(arrows) == len(pairs)
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for node in scenario.nodes.values():
        for choice in node.choices:
            assert choice.id in words
    assert "AMAN / SAFE" in words and "CELAKA / HARMED" in words
    assert "20 nodes, 6 endings" in result.stdout


def test_graph_marks_problems_in_red_and_lists_them(tmp_path):
    out = tmp_path / "broken.svg"
    result = waspada("graph", str(BROKEN / "missing-target.yaml"), "--out", str(out))
    assert result.returncode == 0
    assert "leads to `end-saf`" in result.stderr
    svg = out.read_text(encoding="utf-8")
    assert 'data-node="end-saf"' in svg and "TIDAK ADA / MISSING" in svg
    dead = scenario_svg(load_file(BROKEN / "dead-end.yaml").scenario)
    assert "BUNTU / DEAD END" in dead
    orphan = scenario_svg(load_file(BROKEN / "unreachable.yaml").scenario)
    assert "TAK TERJANGKAU / UNREACHABLE" in orphan
    _parse(dead), _parse(orphan)


def test_graph_refuses_a_file_it_cannot_read(tmp_path):
    result = waspada("graph", str(BROKEN / "ending-with-choices.yaml"),
                     "--out", str(tmp_path / "x.svg"))
    assert result.returncode == 1
    assert "ending-with-choices.yaml, line 16" in result.stderr
    assert not (tmp_path / "x.svg").exists()


def test_graph_shows_how_many_took_each_choice():
    scenario = load_file(KIT / "datasets" / "scenarios" / "abk-kapal-ikan.yaml").scenario
    svg = scenario_svg(scenario, counts={"offer": {"go-to-agency": 7, "ask-uncle": 3}})
    words = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert "go-to-agency (7)" in words and "ask-uncle (3)" in words
    assert "keep-notes (0)" in words


SHIPPED = sorted(p.stem for p in (KIT / "datasets" / "scenarios").glob("[!_]*.yaml"))


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_layout_keeps_boxes_apart_and_layers_downward(scenario_id):
    scenario = load_file(KIT / "datasets" / "scenarios" / f"{scenario_id}.yaml").scenario
    edges = [Edge(n, c.to, c.id) for n, node in scenario.nodes.items() for c in node.choices]
    layout = layered_layout(list(scenario.nodes), edges, scenario.start)
    boxes = list(layout.position.items())
    for i, (a, (ax, ay)) in enumerate(boxes):
        for b, (bx, by) in boxes[i + 1:]:
            overlap = abs(ax - bx) < NODE_W and abs(ay - by) < NODE_H
            assert not overlap, (a, b)
    start_y = layout.position[scenario.start][1]
    assert all(y >= start_y for _, (_, y) in boxes)
    assert all(0 <= x <= layout.width and 0 <= y <= layout.height for _, (x, y) in boxes)


def test_layout_survives_loops():
    edges = [Edge("a", "b", "1"), Edge("b", "c", "2"), Edge("c", "a", "3"), Edge("c", "d", "4")]
    layout = layered_layout(["a", "b", "c", "d"], edges, "a")
    ys = {n: y for n, (_, y) in layout.position.items()}
    assert ys["a"] < ys["b"] < ys["c"] < ys["d"]
    against = [reversed_edge for edge, _, reversed_edge in layout.routes if edge.label == "3"]
    assert against == [True]


def test_laws_file_loads_for_graph_problems():
    laws = load_laws(KIT / "datasets" / "scenarios" / "_laws.yaml")
    item = load_file(KIT / "datasets" / "scenarios" / "prt-timur-tengah.yaml")
    assert graph_problems(item, laws) == []
