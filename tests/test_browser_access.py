"""Accessibility in a real Chromium: an axe-core audit (WCAG 2.1 A/AA rules, bundled by
axe-playwright-python, nothing fetched) of every screen a participant or facilitator sees, in both
languages, and the app driven by keyboard alone. A screen passes when axe finds no violation of
impact "serious" or "critical"; every finding is kept in test-artifacts/axe-*.json to read."""

from __future__ import annotations

import json

import pytest

from tests.helpers import (answer_the_test, ARTIFACTS, hold_voila_scripts, join, open_activity,
                           open_door)
from widgets.content import cached_catalog
from widgets.engines.plan import ACTION_COUNT

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"], "iframes": False}
SERIOUS = {"serious", "critical"}


def audit(page, name: str, lang: str, also: frozenset[str] = frozenset()) -> list[str]:
    """Run axe in the page and in each of its frames (the map is an iframe of its own);
    return the serious and critical violations as readable lines, and those of the rules in
    ``also`` whatever their impact (a fixed fault of lower impact must not come back)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for frame in page.frames:
        if frame.is_detached() or frame.url.startswith("about:blank") and frame != page.main_frame \
                and not frame.evaluate("document.body && document.body.children.length"):
            continue
        frame.evaluate(axe.axe_script)
        result = frame.evaluate(f"axe.run(document, {json.dumps(WCAG)})")
        for violation in result["violations"]:
            found.append({"frame": "page" if frame == page.main_frame else frame.url[:60],
                          "id": violation["id"], "impact": violation["impact"],
                          "help": violation["help"],
                          "nodes": [n["target"] for n in violation["nodes"]][:8]})
    # Every text block on screen says its language, so a screen reader and the phone's voice say
    # it right (the app drawn out of sight behind the join door is neither seen nor read).
    unmarked = page.evaluate(f"""() => [...document.querySelectorAll('.wsp-app .widget-html-content')]
        .filter(e => e.checkVisibility({{visibilityProperty: true}}) && e.closest('[lang]').getAttribute('lang') !== {json.dumps(lang)})
        .map(e => e.textContent.slice(0, 40))""")
    if unmarked:
        found.append({"frame": "page", "id": "wsp-lang", "impact": "serious",
                      "help": f"text blocks not marked lang={lang}", "nodes": unmarked[:8]})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))
    return [f"{v['id']} ({v['impact']}) in {v['frame']}: {v['help']} — {v['nodes']}"
            for v in found if v["impact"] in SERIOUS or v["id"] in also]


def _play_to_debrief(page) -> None:
    for _ in range(30):
        page.wait_for_selector(".wsp-choice, .wsp-scenario-ending")
        if page.locator(".wsp-scenario-ending").count():
            return
        page.locator(".wsp-choice").first.click()
        page.wait_for_selector(".wsp-scenario-feedback")
        page.click(".wsp-continue")
    pytest.fail("no ending after 30 choices")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_participant_screens_have_no_serious_accessibility_faults(served, phone, lang):
    faults: dict[str, list[str]] = {}
    open_door(phone, served, lang, name="Uji aksesibilitas")
    faults["home"] = audit(phone, f"home-{lang}", lang)
    phone.click(".wsp-join")
    phone.wait_for_selector(".wsp-warning-ok")
    faults["warning"] = audit(phone, f"warning-{lang}", lang)
    phone.click(".wsp-warning-ok")
    phone.wait_for_selector(".wsp-agenda")
    faults["agenda"] = audit(phone, f"agenda-{lang}", lang)
    phone.click(".wsp-help-button")
    phone.wait_for_selector(".wsp-help")
    faults["help"] = audit(phone, f"help-{lang}", lang)
    phone.click(".wsp-help-close")

    open_activity(phone, "tanda-bahaya")
    phone.wait_for_selector(".wsp-rf-card")
    phone.click(".wsp-choose-waspada")
    phone.wait_for_selector(".wsp-rf-feedback")
    faults["cardsort-feedback"] = audit(phone, f"cardsort-feedback-{lang}", lang)

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "simulasi-kasus")
    phone.click(".wsp-scenario-open-perahu-tanjungbalai")
    phone.click(".wsp-scenario-start")
    phone.wait_for_selector(".wsp-choice")
    faults["scenario-step"] = audit(phone, f"scenario-step-{lang}", lang)
    _play_to_debrief(phone)
    phone.wait_for_selector(".wsp-scenario-debrief")
    faults["scenario-debrief"] = audit(phone, f"scenario-debrief-{lang}", lang)

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "peta")
    phone.frame_locator("iframe.wsp-map-frame").locator(".leaflet-container").wait_for()
    phone.frame_locator("iframe.wsp-map-frame").locator("path.wsp-origin").first.wait_for()
    # The map frame lets people pinch-zoom (axe: meta-viewport, moderate): pinned here too.
    faults["map"] = audit(phone, f"map-{lang}", lang, also=frozenset({"meta-viewport"}))
    assert {screen: found for screen, found in faults.items() if found} == {}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_join_door_while_the_app_arrives_has_no_serious_faults(served, phone, lang):
    """What a slow phone shows for up to a minute: the door's help panel, then the code and
    content warning after Join, with Voilà's front end held back the whole time."""
    faults: dict[str, list[str]] = {}
    hold_voila_scripts(phone)
    open_door(phone, served, lang, name="Uji pintu aksesibel", wait_until="commit")
    phone.click(".wsp-door-help")
    phone.wait_for_selector(f".wsp-door-help-panel [data-l='{lang}'] .wsp-help")
    faults["door-help"] = audit(phone, f"door-help-{lang}", lang)
    phone.click(".wsp-door-help-close")
    phone.click(".wsp-join")
    phone.wait_for_selector(".wsp-door-waiting .wsp-door-code:not(:empty)")
    faults["door-waiting"] = audit(phone, f"door-waiting-{lang}", lang)
    assert phone.evaluate("document.documentElement.lang") == lang
    assert {screen: found for screen, found in faults.items() if found} == {}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_quiz_and_plan_screens_have_no_serious_accessibility_faults(served, phone, lang):
    """The pre-test and post-test (a question and the end: the pre-test's thanks, the post-test's
    score with every answer explained, its only feedback) and the action plan, on a phone."""
    faults: dict[str, list[str]] = {}
    join(phone, served, lang=lang, team="Tim Pematang")
    open_activity(phone, "pre-test")
    phone.wait_for_selector(".wsp-quiz-question")
    faults["pre-test-question"] = audit(phone, f"pre-test-question-{lang}", lang)
    answer_the_test(phone)
    faults["pre-test-done"] = audit(phone, f"pre-test-done-{lang}", lang)

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "post-test")
    phone.wait_for_selector(".wsp-quiz-question")
    faults["post-test-question"] = audit(phone, f"post-test-question-{lang}", lang)
    answer_the_test(phone)
    phone.wait_for_selector(".wsp-quiz-review-card .wsp-feedback-wrong")
    faults["post-test-feedback"] = audit(phone, f"post-test-feedback-{lang}", lang)

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "rencana-aksi")
    phone.wait_for_selector(".wsp-plan-village")
    faults["plan"] = audit(phone, f"plan-{lang}", lang)
    # Each field is named by the label the eye reads above it (not only by its hint).
    texts = cached_catalog().plan
    assert phone.get_by_label(texts.village(lang), exact=True).count() == 1
    for part in ("who", "by_when"):
        assert phone.get_by_label(getattr(texts, part)(lang), exact=True).count() == ACTION_COUNT
    assert phone.get_by_label(texts.action(lang).format(n=1), exact=True).count() == 1
    phone.locator(".wsp-plan-village input").fill("Desa Pematang")
    phone.locator(".wsp-plan-village input").press("Tab")
    phone.wait_for_selector(".wsp-save-message .wsp-muted")
    faults["plan-saved"] = audit(phone, f"plan-saved-{lang}", lang)
    assert {screen: found for screen, found in faults.items() if found} == {}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_console_screens_have_no_serious_accessibility_faults(served, projector, lang):
    faults: dict[str, list[str]] = {}
    projector.goto(f"{served.url}fasilitator")
    projector.wait_for_selector(".wsp-pin-input", timeout=120_000)
    if lang == "en":
        projector.click(".wsp-language")
        projector.wait_for_selector(".wsp-pin-enter:has-text('Enter')")
    faults["pin"] = audit(projector, f"console-pin-{lang}", lang)
    projector.fill(".wsp-pin-input input", served.pin)
    projector.click(".wsp-pin-enter")
    projector.wait_for_selector(".wsp-create-session")
    faults["console-home"] = audit(projector, f"console-home-{lang}", lang)
    projector.fill(".wsp-session-name input", "Pelatihan kepala desa")
    projector.fill(".wsp-session-place input", "Sei Rampah")
    projector.click(".wsp-create-session")
    projector.wait_for_selector(".wsp-join-panel svg")
    faults["join-screen"] = audit(projector, f"console-join-{lang}", lang)
    assert {screen: found for screen, found in faults.items() if found} == {}
