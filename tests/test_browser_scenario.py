"""A case simulation played on a phone in the participant app, to an ending, with every choice
found in the store (and nothing fetched from outside the machine: the `phone` fixture fails the
test if any request leaves it)."""

from __future__ import annotations

import pytest

from tests.helpers import join, open_activity, screenshot

SCENARIO = "perahu-tanjungbalai"
ACTIVITY = "simulasi-kasus"
MAX_STEPS = 30


def _play_to_the_end(phone, scenario_id: str, pick: str) -> list[tuple[str, str]]:
    """Tap the first (or last) choice at every step until the debrief; return what was tapped."""
    chosen: list[tuple[str, str]] = []
    for _ in range(MAX_STEPS):
        phone.wait_for_selector(".wsp-choice, .wsp-scenario-ending")
        if phone.locator(".wsp-scenario-ending").count():
            return chosen
        node = phone.locator(".wsp-scenario-node").get_attribute("class")
        node_id = next(c.removeprefix("wsp-node-") for c in node.split()
                       if c.startswith("wsp-node-"))
        options = phone.locator(".wsp-choice")
        tap = options.first if pick == "first" else options.last
        box = tap.bounding_box()
        assert box is not None and box["height"] >= 44, "a choice is smaller than a tap target"
        assert box["width"] <= 360, "a choice is wider than the phone"
        choice_id = next(c.removeprefix("wsp-choice-") for c in
                         tap.get_attribute("class").split() if c.startswith("wsp-choice-"))
        tap.click()
        phone.wait_for_selector(".wsp-scenario-feedback")
        chosen.append((node_id, choice_id))
        phone.click(".wsp-continue")
    pytest.fail(f"{scenario_id}: no ending after {MAX_STEPS} choices")


@pytest.mark.browser
def test_every_story_opens_and_one_plays_through_in_english(served, phone):
    from widgets.content import load_catalog

    library = load_catalog().scenarios
    session_code, participant_code = join(phone, served, lang="en")
    open_activity(phone, ACTIVITY)
    for scenario_id in library.listed():
        phone.click(f".wsp-scenario-open-{scenario_id}")
        phone.wait_for_selector(f".wsp-scenario-intro:has-text('{library[scenario_id].title.en}')")
        phone.click(".wsp-scenario-top")
        phone.wait_for_selector(".wsp-scenario-card")
    story = "kepala-desa-tanda-tangan"
    phone.click(f".wsp-scenario-open-{story}")
    phone.click(".wsp-scenario-start")
    chosen = _play_to_the_end(phone, story, pick="last")
    phone.wait_for_selector(".wsp-scenario-debrief:has-text('Questions to discuss')")
    screenshot(phone, "scenario-ending-en-360")
    stored = [(a.item, a.answer) for a in served.store.answers(
        session_code, activity=ACTIVITY, participant_code=participant_code)]
    assert stored == chosen


@pytest.mark.browser
def test_play_a_scenario_to_its_ending_on_a_phone(served, phone):
    session_code, participant_code = join(phone, served, lang="id")
    open_activity(phone, ACTIVITY)
    phone.click(f".wsp-scenario-open-{SCENARIO}")
    phone.wait_for_selector(".wsp-scenario-start")
    screenshot(phone, "scenario-intro-360")
    phone.click(".wsp-scenario-start")
    phone.wait_for_selector(".wsp-choice")
    screenshot(phone, "scenario-node-360")
    chosen = _play_to_the_end(phone, SCENARIO, pick="first")

    phone.wait_for_selector(".wsp-scenario-debrief")
    screenshot(phone, "scenario-ending-360")
    assert phone.locator(".wsp-play-again").is_visible()
    assert phone.locator(".wsp-next-activity").count() == 1

    answers = [a for a in served.store.answers(session_code, activity=ACTIVITY,
                                                participant_code=participant_code)
               if a.detail.get("scenario") == SCENARIO]
    assert chosen and [(a.item, a.answer) for a in answers] == chosen
    assert all(a.detail["play"] == 1 for a in answers)
    assert answers[-1].detail["ending"] in ("safe", "harmed", "mixed")
