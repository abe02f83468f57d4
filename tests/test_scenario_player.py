"""The player's behaviour without a browser: widgets driven by their own click handlers, with a
real SQLite store. Every choice is in the store before its feedback shows; a reload resumes."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw
import pytest
from sqlalchemy import text

from widgets.content.scenarios import load_files
from widgets.engines.store import Store
from widgets.participation import Participation
from widgets.views import scenario as view

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios" / "valid"
LIBRARY = load_files(FIXTURES)


def find(widget: ipw.Widget, css: str) -> list[ipw.Widget]:
    found = []

    def walk(node):
        if css in getattr(node, "_dom_classes", ()):
            found.append(node)
        for child in getattr(node, "children", ()):
            walk(child)
    walk(widget)
    return found


def one(widget, css):
    hits = find(widget, css)
    assert len(hits) == 1, f"{css}: {len(hits)} found"
    return hits[0]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.in_data_dir(tmp_path)


def participation(store, lang="id", team=None, params=None, on_next=None) -> Participation:
    session = store.create_session("Uji")
    person = store.join(session.code, lang=lang, team_name=team)
    return Participation(store, session, person, lang=lang, activity="simulasi-kasus",
                         params=params or {}, on_next=on_next)


def answers(p):
    return p.store.answers(p.session.code, participant_code=p.participant.code)


def test_a_choice_is_stored_before_its_feedback(store):
    p = participation(store)
    screen = view.picker(p, library=LIBRARY)
    one(screen, "wsp-scenario-open-mini").click()
    one(screen, "wsp-scenario-start").click()
    assert one(screen, "wsp-node-offer")
    assert answers(p) == []
    one(screen, "wsp-choice-pay").click()
    stored = answers(p)
    assert [(a.item, a.answer, a.activity) for a in stored] == [("offer", "pay",
                                                                  "simulasi-kasus")]
    assert stored[0].detail == {"scenario": "mini", "play": 1, "step": 1, "to": "waiting",
                                "ending": None, "revealed": [], "ignored": ["fee"],
                                "lang": "id"}
    feedback = one(screen, "wsp-scenario-feedback")
    assert "Hati-hati." in feedback.value and "Diminta biaya." in feedback.value
    one(screen, "wsp-continue").click()
    assert one(screen, "wsp-node-waiting")
    labels = [b.description for b in find(screen, "wsp-choice")]
    assert labels == ["Pergi", "Berhenti"]  # `report` needs the family to know


def test_reaching_an_ending_shows_the_debrief(store):
    p = participation(store, lang="en")
    screen = view.player("mini", p, library=LIBRARY)
    one(screen, "wsp-scenario-start").click()
    one(screen, "wsp-choice-pay").click()
    one(screen, "wsp-continue").click()
    one(screen, "wsp-choice-go").click()
    one(screen, "wsp-continue").click()
    ending = one(screen, "wsp-scenario-ending")
    assert "wsp-ending-harmed" in ending._dom_classes
    assert "Harmful ending" in ending.value
    debrief = one(screen, "wsp-scenario-debrief").value
    assert "Red flags you missed" in debrief and "Asked for a fee." in debrief
    assert ("Source: Pemerintah RI, “UU No. 18 Tahun 2017 tentang Pelindungan Pekerja Migran "
            "Indonesia”, 22 Nov 2017, Pasal 30") in debrief and "(as of 2020-08-17)" in debrief
    assert debrief.count("<li>") >= 2
    assert answers(p)[-1].detail["ending"] == "harmed"
    assert find(screen, "wsp-back-to-list") == []  # one story only
    assert find(screen, "wsp-next-activity") == []  # no app around it


def test_a_reload_resumes_at_the_same_step_and_feedback(store):
    p = participation(store)
    first = view.picker(p, library=LIBRARY)
    one(first, "wsp-scenario-open-mini").click()
    one(first, "wsp-scenario-start").click()
    one(first, "wsp-choice-ask").click()
    again = view.picker(p, library=LIBRARY)  # the phone reloads: a new kernel, same store
    assert "Bagus." in one(again, "wsp-scenario-feedback").value
    one(again, "wsp-continue").click()
    assert one(again, "wsp-node-waiting")
    third = view.picker(p, library=LIBRARY)
    assert one(third, "wsp-node-waiting")
    assert [b.description for b in find(third, "wsp-choice")] == ["Pergi", "Lapor"]


def test_play_again_counts_plays_and_back_to_list(store):
    p = participation(store)
    screen = view.picker(p, library=LIBRARY)
    one(screen, "wsp-scenario-open-mini").click()
    one(screen, "wsp-scenario-start").click()
    for choice in ("ask", "report"):
        one(screen, f"wsp-choice-{choice}").click()
        one(screen, "wsp-continue").click()
    assert "wsp-ending-safe" in one(screen, "wsp-scenario-ending")._dom_classes
    one(screen, "wsp-play-again").click()
    one(screen, "wsp-choice-pay").click()
    assert [a.detail["play"] for a in answers(p)] == [1, 1, 2]
    one(screen, "wsp-continue").click()
    find(screen, "wsp-back-to-list")[0].click()
    card = one(screen, "wsp-scenario-card-mini")
    assert "1 kali" in card.children[0].value
    assert one(screen, "wsp-scenario-open-mini").description == "Lanjutkan cerita ini"


def test_next_activity_button_calls_the_app(store):
    moved = []
    p = participation(store, on_next=lambda: moved.append(True))
    screen = view.player("mini", p, library=LIBRARY)
    one(screen, "wsp-scenario-start").click()
    one(screen, "wsp-choice-pay").click()
    one(screen, "wsp-continue").click()
    one(screen, "wsp-choice-quit").click()
    one(screen, "wsp-continue").click()
    one(screen, "wsp-next-activity").click()
    assert moved == [True]


def test_team_name_is_shown(store):
    p = participation(store, team="Melati")
    screen = view.picker(p, library=LIBRARY)
    assert "Tim: Melati" in one(screen, "wsp-scenario-team").value
    lone = participation(store, params={"team": True})
    banner = one(view.picker(lone, library=LIBRARY), "wsp-scenario-team").value
    assert "bersama" in banner and "Tim:" not in banner
    assert find(view.picker(participation(store), library=LIBRARY), "wsp-scenario-team") == []


def test_the_agenda_can_narrow_the_list(store):
    from widgets.content import cached_catalog
    shipped = cached_catalog().scenarios
    p = participation(store, params={"scenarios": ["abk-kapal-ikan", "no-such-story"]})
    screen = view.picker(p, library=shipped)
    assert [w for w in find(screen, "wsp-scenario-card")] == \
        find(screen, "wsp-scenario-card-abk-kapal-ikan")
    everything = view.picker(participation(store), library=shipped)
    assert len(find(everything, "wsp-scenario-card")) == len(shipped.listed())


def test_a_failed_write_is_said_and_can_be_retried(store):
    p = participation(store)
    screen = view.player("mini", p, library=LIBRARY)
    one(screen, "wsp-scenario-start").click()
    with store.engine.begin() as conn:  # the store breaks under the participant
        conn.execute(text("ALTER TABLE answers RENAME TO answers_gone"))
    one(screen, "wsp-choice-pay").click()
    assert "belum tersimpan" in one(screen, "wsp-scenario-message").value
    assert find(screen, "wsp-scenario-feedback") == []
    assert not one(screen, "wsp-choice-pay").disabled
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE answers_gone RENAME TO answers"))
    one(screen, "wsp-choice-pay").click()
    assert one(screen, "wsp-scenario-feedback")
    assert [a.answer for a in answers(p)] == ["pay"]


def test_facilitator_graph_view_draws_each_story(store):
    p = participation(store)
    graphs = view.graph(p, library=LIBRARY)
    picture = one(graphs, "wsp-scenario-graph")
    assert picture.value.startswith("<svg") and 'data-node="offer"' in picture.value
