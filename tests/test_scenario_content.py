"""Every shipped scenario: big enough, every ending reachable by actually playing it, both
languages, facts that point to the law notes, and only the verified help numbers."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from pydantic import BaseModel

from widgets.content import load_catalog
from widgets.content.base import Text
from widgets.engines import scenario as engine

KIT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog(KIT / "datasets")
LIBRARY = CATALOG.scenarios
SHIPPED = LIBRARY.listed(include_drafts=True)
#: The scenarios the issue asks for, by theme.
REQUIRED = {"perahu-tanjungbalai", "kerja-online-thailand", "abk-kapal-ikan",
            "prt-timur-tengah", "kepala-desa-tanda-tangan"}


def explore_by_playing(scenario):
    """Breadth-first over every play the engine allows: the endings reached and the nodes seen."""
    start = engine.start(scenario)
    seen = {(start.node, start.values)}
    queue = deque([start])
    endings, nodes = set(), {start.node}
    while queue:
        play = queue.popleft()
        if engine.is_over(scenario, play):
            endings.add(play.node)
            continue
        offered = engine.choices(scenario, play)
        assert offered, f"stuck at {play.node} with {play.state}"
        for choice in offered:
            nxt, _ = engine.choose(scenario, play, choice.id)
            nodes.add(nxt.node)
            if (nxt.node, nxt.values) not in seen:
                seen.add((nxt.node, nxt.values))
                queue.append(nxt)
    return endings, nodes


def texts(value, where=""):
    """Every bilingual text inside a model, with where it is."""
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from texts(item, f"{where}[{index}]")


def test_the_five_required_scenarios_are_shipped_and_listed():
    assert REQUIRED <= set(LIBRARY.listed())


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_size_and_endings(scenario_id):
    scenario = LIBRARY[scenario_id]
    assert not scenario.draft
    assert len(scenario.nodes) >= 12
    assert len(scenario.endings) >= 3
    kinds = {node.ending for node in scenario.endings.values()}
    assert "safe" in kinds and kinds & {"harmed", "mixed"}


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_every_ending_and_node_is_reached_by_playing(scenario_id):
    scenario = LIBRARY[scenario_id]
    endings, nodes = explore_by_playing(scenario)
    assert endings == set(scenario.endings)
    assert nodes == set(scenario.nodes)


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_every_choice_can_be_taken(scenario_id):
    scenario = LIBRARY[scenario_id]
    taken = set()
    start = engine.start(scenario)
    queue, seen = deque([start]), {(start.node, start.values)}
    while queue:
        play = queue.popleft()
        for choice in engine.choices(scenario, play):
            taken.add((play.node, choice.id))
            nxt, _ = engine.choose(scenario, play, choice.id)
            if (nxt.node, nxt.values) not in seen:
                seen.add((nxt.node, nxt.values))
                queue.append(nxt)
    declared = {(n, c.id) for n, node in scenario.nodes.items() for c in node.choices}
    assert declared == taken


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_both_languages_differ_and_are_filled(scenario_id):
    for where, text in texts(LIBRARY[scenario_id]):
        assert text.id.strip() and text.en.strip(), where
    long_texts = [t for _, t in texts(LIBRARY[scenario_id]) if len(t.en) > 40]
    untranslated = [t.en for t in long_texts if t.id == t.en]
    assert not untranslated, untranslated[:3]


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_every_ending_cites_law_with_source_and_date(scenario_id):
    for node_id, node in LIBRARY[scenario_id].endings.items():
        assert node.title is not None, node_id
        for reference in node.debrief.law:
            note = LIBRARY.law(reference)
            assert note.source and note.as_of, (node_id, reference)
        assert 2 <= len(node.debrief.questions) <= 3


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_every_step_is_a_real_decision(scenario_id):
    """Each node offers at least two choices (not a bare "continue"), each with feedback."""
    for node_id, node in LIBRARY[scenario_id].nodes.items():
        if node.is_ending:
            continue
        assert len(node.choices) >= 2, node_id
        for choice in node.choices:
            assert choice.feedback.id and choice.feedback.en, (node_id, choice.id)


PHONE = re.compile(r"(?<![\w+.,])(\+?\d(?:[\d -]*\d)?)")
#: The help numbers confirmed by two or more sources (datasets/help.yaml; domain facts §4).
VERIFIED = {"110", "129", "0800-1000", "08111-129-129", "+62 21 2924 4800"}
SHORT_CODE_CUE = re.compile(r"telepon|telp|hubungi|nomor|call|dial|sapa|polisi|police|"
                            r"hotline|whatsapp|darurat|emergency|\(\s*$|line\s*$")


def _numbers(text: str) -> set[str]:
    """What looks like a phone number: starts with 0 or +, has 7+ digits, or is a short
    service code (1xx). Amounts, years and counts are left alone."""
    found = set()
    for hit in PHONE.finditer(text):
        match = hit.group(1).strip()
        digits = re.sub(r"\D", "", match)
        before = text[max(0, hit.start() - 24):hit.start()].lower()
        short_code = len(digits) == 3 and digits.startswith("1") and SHORT_CODE_CUE.search(before)
        if (match.startswith(("0", "+")) and len(digits) >= 3) or len(digits) >= 7 or short_code:
            found.add(match)
    return found


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_only_verified_help_numbers_appear(scenario_id):
    """A wrong hotline number in a story could send a person in danger to nobody."""
    for where, text in texts(LIBRARY[scenario_id]):
        for lang in ("id", "en"):
            for number in _numbers(text(lang)):
                assert number in VERIFIED, f"{scenario_id}{where} ({lang}): {number}"


def test_the_number_finder_finds_numbers():
    assert _numbers("Hubungi 0811 129 129 sekarang.") == {"0811 129 129"}
    assert _numbers("call 112 or 110, or 1500630") == {"112", "110", "1500630"}
    assert _numbers("+62 21 2924 4800).") == {"+62 21 2924 4800"}
    assert _numbers("1.500 ringgit, 400 dolar, Rp5 juta, tahun 2015, 15 tahun") == set()
    assert _numbers("133 orang dari Sumut; polisi (119)") == {"119"}


def test_the_law_notes_use_only_verified_numbers():
    for law_id, note in LIBRARY.laws.items():
        for lang in ("id", "en"):
            for number in _numbers(note.text(lang)):
                assert number in VERIFIED, f"{law_id} ({lang}): {number}"


def test_verified_numbers_match_the_help_directory():
    listed = {c.number for c in CATALOG.help.contacts} | {c.whatsapp for c in
                                                            CATALOG.help.contacts}
    assert {"110", "129", "0800-1000", "08111-129-129"} <= listed


def test_every_law_note_is_cited_by_some_ending():
    cited = {ref for sid in SHIPPED for node in LIBRARY[sid].endings.values()
             for ref in node.debrief.law if isinstance(ref, str)}
    assert cited == set(LIBRARY.laws)


def test_interface_strings_used_by_the_player_exist():
    source = (KIT / "widgets" / "views" / "scenario.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"self\.t\(\s*[\"']([a-z_]+)[\"']", source))
    keys |= set(re.findall(r"p\.t\(\s*[\"']scenario\.([a-z_]+)[\"']", source))
    keys |= {f"difficulty_{d}" for d in ("easy", "medium", "hard")}
    keys |= {f"ending_{k}" for k in ("safe", "harmed", "mixed")}
    missing = sorted(k for k in keys if not k.endswith("_")
                     and f"scenario.{k}" not in CATALOG.strings)
    assert not missing


def test_flags_link_existing_red_flag_cards():
    cards = CATALOG.redflags.cards
    linked = [(sid, flag.card) for sid in SHIPPED for flag in LIBRARY[sid].flags.values()
              if flag.card]
    assert len(linked) >= 15
    assert [pair for pair in linked if pair[1] not in cards] == []
