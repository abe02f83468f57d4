"""A case simulation played on a phone in the participant app, to an ending, with every choice
found in the store (and nothing fetched from outside the machine: the `phone` fixture fails the
test if any request leaves it)."""

from __future__ import annotations

import pytest

from tests.helpers import join, open_activity, screenshot

SCENARIO = "perahu-tanjungbalai"
ACTIVITY = "simulasi-kasus"
MAX_STEPS = 30


@pytest.mark.browser
def test_play_a_scenario_to_its_ending_on_a_phone(served, phone):
    session_code, participant_code = join(phone, served, lang="id")
    open_activity(phone, ACTIVITY)
    phone.click(f".wsp-scenario-open-{SCENARIO}")
    phone.wait_for_selector(".wsp-scenario-start")
    screenshot(phone, "scenario-intro-360")
    phone.click(".wsp-scenario-start")

    chosen: list[tuple[str, str]] = []
    for _ in range(MAX_STEPS):
        phone.wait_for_selector(".wsp-choice, .wsp-scenario-ending")
        if phone.locator(".wsp-scenario-ending").count():
            break
        node = phone.locator(".wsp-scenario-node").get_attribute("class")
        node_id = next(c.removeprefix("wsp-node-") for c in node.split()
                       if c.startswith("wsp-node-"))
        first = phone.locator(".wsp-choice").first
        box = first.bounding_box()
        assert box is not None and box["height"] >= 44, "a choice is smaller than a tap target"
        assert box["width"] <= 360, "a choice is wider than the phone"
        choice_id = next(c.removeprefix("wsp-choice-") for c in
                         first.get_attribute("class").split()
                         if c.startswith("wsp-choice-"))
        if not chosen:
            screenshot(phone, "scenario-node-360")
        first.click()
        phone.wait_for_selector(".wsp-scenario-feedback")
        chosen.append((node_id, choice_id))
        if len(chosen) == 1:
            screenshot(phone, "scenario-feedback-360")
        phone.click(".wsp-continue")
    else:
        pytest.fail(f"no ending after {MAX_STEPS} choices")

    phone.wait_for_selector(".wsp-scenario-debrief")
    screenshot(phone, "scenario-ending-360")
    assert phone.locator(".wsp-play-again").is_visible()
    assert phone.locator(".wsp-next-activity").count() == 1

    answers = [a for a in served.store.answers(session_code, activity=ACTIVITY,
                                                participant_code=participant_code)
               if a.detail.get("scenario") == SCENARIO]
    assert [(a.item, a.answer) for a in answers] == chosen
    assert all(a.detail["play"] == 1 for a in answers)
    assert answers[-1].detail["ending"] in ("safe", "harmed", "mixed")
