"""Reaching everyone in the room, in a real Chromium: read-aloud in the phone's own voice (the
speech API is replaced by a recorder, so the test sees what would be said, in which language),
the text-size setting across a reload with nothing wider than the phone, and the app used with a
keyboard alone."""

from __future__ import annotations

import json

import pytest

from tests.helpers import (answer_the_test, hold_voila_scripts, item_on_screen, join, open_activity,
                           open_door, screenshot, wait_for_app)
from widgets.content import cached_catalog

pytestmark = pytest.mark.browser

VOICES = [{"lang": "id-ID", "name": "Bahasa Indonesia"}, {"lang": "en-US", "name": "English"}]


def record_speech(page, voices: list[dict]) -> None:
    """Replace the Web Speech API with one that records what it is asked to say."""
    page.add_init_script(f"""
      window.__spoken = []; window.__cancelled = 0;
      const voices = {json.dumps(voices)};
      window.SpeechSynthesisUtterance = class {{
        constructor(text) {{ this.text = text; this.lang = ""; this.voice = null; }}
      }};
      Object.defineProperty(window, "speechSynthesis", {{configurable: true, value: {{
        speaking: false, pending: false, paused: false,
        getVoices() {{ return voices; }},
        speak(u) {{ window.__spoken.push({{text: u.text, lang: u.lang,
                                          voice: u.voice && u.voice.lang}}); }},
        cancel() {{ window.__cancelled += 1; }},
        addEventListener() {{}}, removeEventListener() {{}}, pause() {{}}, resume() {{}},
      }}}});
    """)


def spoken(page) -> list[dict]:
    return page.evaluate("window.__spoken")


def said(page) -> str:
    return " ".join(" ".join(u["text"] for u in spoken(page)).split())


def words(text: str) -> str:
    return " ".join(text.split())


def card_id(page) -> str:
    classes = page.locator(".wsp-rf-card").get_attribute("class").split()
    return next(c.removeprefix("wsp-rf-card-") for c in classes if c.startswith("wsp-rf-card-"))


@pytest.mark.parametrize("lang,voice", [("id", "id-ID"), ("en", "en-US")])
def test_read_aloud_speaks_the_text_in_the_participants_language(served, phone, lang, voice):
    catalog = cached_catalog()
    record_speech(phone, VOICES)
    join_and_stay_on_warning(phone, served, lang)
    control = phone.locator(".wsp-warning-screen .wsp-readaloud-button")
    assert control.get_attribute("lang") == lang
    assert control.inner_text().strip().endswith(catalog.strings("app.listen", lang))
    control.click()
    phone.wait_for_function("window.__spoken.length > 0")
    assert words(catalog.help.content_warning(lang)) in said(phone)
    assert {u["lang"] for u in spoken(phone)} == {voice}
    assert {u["voice"] for u in spoken(phone)} == {voice}
    assert control.get_attribute("aria-pressed") == "true"
    screenshot(phone, f"readaloud-warning-{lang}")
    cancelled = phone.evaluate("window.__cancelled")
    control.click()  # a second tap stops it
    phone.wait_for_function(f"window.__cancelled > {cancelled}")
    assert control.get_attribute("aria-pressed") == "false"

    phone.click(".wsp-warning-ok")
    phone.wait_for_selector(".wsp-agenda")
    open_activity(phone, "tanda-bahaya")
    phone.wait_for_selector(".wsp-rf-card")
    card = catalog.redflags.cards[card_id(phone)]
    phone.evaluate("window.__spoken = []")
    phone.locator(".wsp-screen .wsp-readaloud-button").first.click()
    phone.wait_for_function("window.__spoken.length > 0")
    assert said(phone) == words(card.situation(lang))
    assert {u["lang"] for u in spoken(phone)} == {voice}

    cancelled = phone.evaluate("window.__cancelled")
    phone.click(".wsp-choose-waspada")  # another screen: the reading stops
    phone.wait_for_selector(".wsp-rf-feedback")
    phone.wait_for_function(f"window.__cancelled > {cancelled}")
    phone.evaluate("window.__spoken = []")
    phone.locator(".wsp-screen .wsp-readaloud-button").first.click()
    phone.wait_for_function("window.__spoken.length > 0")
    assert words(card.why(lang)) in said(phone)
    assert "Sumber:" not in said(phone) and "Source:" not in said(phone)


def join_and_stay_on_warning(page, served, lang: str) -> None:
    open_door(page, served, lang, name="Uji dengarkan")
    page.click(".wsp-join")
    page.wait_for_selector(".wsp-warning-screen .wsp-readaloud-button")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_phone_without_a_voice_for_the_language_says_so(served, phone, lang):
    other = [v for v in VOICES if not v["lang"].startswith(lang)]
    record_speech(phone, other)
    join_and_stay_on_warning(phone, served, lang)
    phone.locator(".wsp-warning-screen .wsp-readaloud-button").click()
    status = phone.locator(".wsp-warning-screen .wsp-readaloud-status")
    status.wait_for()
    expected = cached_catalog().strings("app.listen_no_voice", lang)
    phone.wait_for_function("document.querySelector('.wsp-warning-screen .wsp-readaloud-status')"
                            ".textContent.length")
    assert status.inner_text().strip() == expected
    assert spoken(phone) == []
    assert phone.locator(".wsp-warning-screen .wsp-readaloud-button").get_attribute(
        "aria-pressed") == "false"


def test_read_aloud_on_the_help_panel_lesson_and_scenario(served, phone):
    catalog = cached_catalog()
    record_speech(phone, VOICES)
    join(phone, served, lang="id")
    phone.click(".wsp-help-button")
    phone.locator(".wsp-help-box .wsp-readaloud-button").click()
    phone.wait_for_function("window.__spoken.length > 0")
    assert words(catalog.help.call_first("id")) in said(phone)
    assert "0800-1000" in said(phone)
    phone.click(".wsp-help-close")

    open_activity(phone, "simulasi-kasus")
    phone.click(".wsp-scenario-open-perahu-tanjungbalai")
    phone.click(".wsp-scenario-start")
    phone.wait_for_selector(".wsp-choice")
    phone.evaluate("window.__spoken = []")
    phone.locator(".wsp-screen .wsp-readaloud-button").first.click()
    phone.wait_for_function("window.__spoken.length > 0")
    story = words(phone.locator(".wsp-scenario-node").inner_text())
    assert said(phone) == story

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "kenali-tppo")
    phone.wait_for_selector(".wsp-lesson")
    assert phone.locator(".wsp-lessons .wsp-readaloud-button").count() >= 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_very_large_text_survives_a_reload_and_nothing_scrolls_sideways(served, phone, lang):
    open_door(phone, served, lang, name="Uji huruf")
    normal = phone.locator(".wsp-join").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    phone.click(".wsp-home .wsp-size-choice-very-large")
    phone.wait_for_selector(".wsp-door.wsp-size-very-large")
    phone.wait_for_selector(".wsp-size-choice-very-large:has-text('✓')")
    bigger = phone.locator(".wsp-join").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert bigger >= normal * 1.35
    no_sideways_scroll(phone, f"home-{lang}")
    screenshot(phone, f"very-large-home-{lang}")
    phone.click(".wsp-join")
    phone.wait_for_selector(".wsp-warning-ok")
    no_sideways_scroll(phone, f"warning-{lang}")
    screenshot(phone, f"very-large-warning-{lang}")
    phone.click(".wsp-warning-ok")
    phone.wait_for_selector(".wsp-agenda")

    phone.reload()
    wait_for_app(phone)
    phone.wait_for_selector(".wsp-agenda")
    assert phone.locator(".wsp-app.wsp-size-very-large").count() == 1
    no_sideways_scroll(phone, f"agenda-{lang}")
    screenshot(phone, f"very-large-agenda-{lang}")
    phone.click(".wsp-help-button")
    phone.wait_for_selector(".wsp-help")
    no_sideways_scroll(phone, f"help-{lang}")
    screenshot(phone, f"very-large-help-{lang}")
    phone.click(".wsp-help-close")
    for activity, ready, name in (("kenali-tppo", ".wsp-lesson", "lesson"),
                                  ("tanda-bahaya", ".wsp-rf-card", "cardsort"),
                                  ("simulasi-kasus", ".wsp-scenario-card", "scenarios"),
                                  ("peta", ".wsp-map-profile", "map"),
                                  ("pre-test", ".wsp-quiz-option", "quiz"),
                                  ("rencana-aksi", ".wsp-plan-download", "plan")):
        open_activity(phone, activity)
        phone.wait_for_selector(ready)
        no_sideways_scroll(phone, f"{name}-{lang}")
        screenshot(phone, f"very-large-{name}-{lang}")
        # Long screens: what sits below the first view is looked at too.
        for part in {"quiz": (".wsp-quiz-option",),
                     "plan": (".wsp-plan-risk", ".wsp-plan-action", ".wsp-plan-call")}.get(name, ()):
            phone.locator(part).last.scroll_into_view_if_needed()
            screenshot(phone, f"very-large-{part.removeprefix('.wsp-')}-{lang}")
        phone.click(".wsp-nav-agenda")
        phone.wait_for_selector(".wsp-agenda")
    open_activity(phone, "simulasi-kasus")
    phone.click(".wsp-scenario-open-perahu-tanjungbalai")
    phone.click(".wsp-scenario-start")
    phone.wait_for_selector(".wsp-choice")
    no_sideways_scroll(phone, f"scenario-step-{lang}")
    screenshot(phone, f"very-large-scenario-step-{lang}")
    phone.click(".wsp-nav-agenda")
    open_activity(phone, "post-test")
    answer_the_test(phone)
    no_sideways_scroll(phone, f"post-test-review-{lang}")
    screenshot(phone, f"very-large-post-test-score-{lang}")
    phone.locator(".wsp-quiz-review-item").first.scroll_into_view_if_needed()
    screenshot(phone, f"very-large-post-test-review-{lang}")

    # The header control cycles back to normal, and that too is kept.
    phone.click(".wsp-header .wsp-text-size")
    phone.wait_for_selector(".wsp-app.wsp-size-normal")


def no_sideways_scroll(page, where: str) -> None:
    """Nothing on the page is wider than the 360 px screen (the page cannot scroll sideways)."""
    widths = page.evaluate("""() => {
      const sc = document.getElementById('rendered_cells');
      return [document.documentElement.scrollWidth, document.body.scrollWidth,
              sc ? sc.scrollWidth : 0];
    }""")
    assert max(widths) <= 360, f"{where}: the page is {widths} px wide on a 360 px phone"


def test_join_with_the_keyboard_alone(served, phone):
    open_door(phone, served, name="Uji papan ketik")
    reached = tab_to(phone, ".wsp-join")
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused join button shows no focus ring"
    screenshot(phone, "keyboard-join-focus")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".wsp-warning-ok")
    assert reached > 1
    tab_to(phone, ".wsp-warning-ok")
    phone.keyboard.press("Space")
    phone.wait_for_selector(".wsp-agenda")
    tab_to(phone, ".wsp-help-button")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".wsp-help")


def test_quiz_and_plan_with_the_keyboard_alone(served, phone):
    """Every control of the pre-test and the action plan is reached with Tab, shows a focus
    ring, and works with Enter or Space; the answers land in the store."""
    session_code, code = join(phone, served, lang="id", team="Tim Pematang")
    tab_to(phone, ".wsp-nav-pre-test")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".wsp-activity-pre-test .wsp-quiz-question")
    assert every_control_reached(phone, ".wsp-quiz") >= 2
    tab_to(phone, ".wsp-quiz-option")
    for key in ("Enter", "Space"):
        before = item_on_screen(phone)
        phone.keyboard.press(key)
        phone.wait_for_selector(f".wsp-quiz-question:not(.wsp-quiz-item-{before})")
        # The focus is on the next question's first answer, not back at the page's top.
        phone.wait_for_function("document.activeElement.matches('.wsp-quiz-option') && "
                                "document.activeElement.isConnected")
    answers = served.store.answers(session_code, activity="pre-test", participant_code=code)
    assert len(answers) == 2

    tab_to(phone, ".wsp-nav-agenda")
    phone.keyboard.press("Space")
    phone.wait_for_selector(".wsp-agenda")
    tab_to(phone, ".wsp-nav-rencana-aksi")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".wsp-activity-rencana-aksi .wsp-plan-village")
    assert every_control_reached(phone, ".wsp-plan") >= 15
    tab_to(phone, ".wsp-plan-village input")
    phone.keyboard.type("Desa Pematang")
    tab_to(phone, ".wsp-plan-risk input")
    phone.keyboard.press("Space")
    tab_to(phone, ".wsp-plan-risks-other textarea")
    phone.keyboard.type("Calo datang saat panen")
    tab_to(phone, ".wsp-plan-call input")
    phone.keyboard.press("Space")
    phone.wait_for_function(
        "document.querySelector('.wsp-save-message').innerText.includes('Tersimpan')")
    assert phone.locator(".wsp-plan-risk input").first.is_checked()
    tab_to(phone, ".wsp-plan-download")
    with phone.expect_download() as download:
        phone.keyboard.press("Enter")
    assert download.value.suggested_filename == "rencana-aksi-desa-pematang.html"
    items = {a.item.rsplit(":", 1)[0] for a in served.store.answers(
        session_code, activity="rencana-aksi", participant_code=code)}
    assert items == {"plan", "plan:risk", "plan:call"}, items


FOCUSABLE = "button, input, textarea, select, a[href], summary, [tabindex]:not([tabindex='-1'])"


def every_control_reached(page, scope: str, limit: int = 150) -> int:
    """Tab once round the whole page: every visible control inside ``scope`` gets the focus and
    shows a ring of at least 2 px (outline). Returns how many controls ``scope`` has."""
    total = page.evaluate(f"""() => {{
      const found = [...document.querySelectorAll({json.dumps(scope)})]
        .flatMap(s => [...s.querySelectorAll({json.dumps(FOCUSABLE)})])
        .filter(e => !e.disabled && e.offsetParent !== null);
      found.forEach((e, i) => e.dataset.wspKb = i);
      return found.length;
    }}""")
    reached: dict[int, str] = {}
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
          if (!e || e.dataset.wspKb === undefined) return null;
          const s = getComputedStyle(e);
          return [Number(e.dataset.wspKb), s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
        if focused is None:
            continue
        index, style, width = focused
        if index in reached:
            break  # round the page once
        reached[index] = "ring" if style not in ("none", "hidden") and width >= 2 else style
    described = page.evaluate("""() => [...document.querySelectorAll('[data-wsp-kb]')]
        .map(e => (e.closest('[class*="wsp-"]') || e).className.toString())""")
    missing = [described[i] for i in range(total) if i not in reached]
    no_ring = [described[i] for i, seen in reached.items() if seen != "ring"]
    assert missing == [] and no_ring == [], f"not reached: {missing}; no focus ring: {no_ring}"
    return total


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the element matching ``selector`` has the focus; return how many."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement && "
                         f"document.activeElement.matches({json.dumps(selector)})"):
            return presses
    pytest.fail(f"{selector} cannot be reached with Tab")


@pytest.fixture(scope="module")
def served_with_audio(tmp_path_factory):
    """A server whose datasets give every red-flag card a (tiny, generated) recording."""
    import os

    import yaml

    from tests.conftest import start_server, stop_server
    from tests.test_audio import tiny_wav
    from widgets.paths import DATASETS, DATASETS_ENV

    root = tmp_path_factory.mktemp("audio-served")
    datasets = root / "datasets"
    import shutil
    shutil.copytree(DATASETS, datasets)
    tiny_wav(datasets / "audio" / "kartu-id.wav")
    for path in (datasets / "redflags").glob("*.yaml"):
        card = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(card, dict) and "situation" in card:
            card["situation"]["audio"] = {"id": "kartu-id.wav"}
            path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    before = os.environ.get(DATASETS_ENV)
    os.environ[DATASETS_ENV] = str(datasets)
    try:
        server = start_server(root / "data", root / "serve.log")
    finally:
        if before is None:
            os.environ.pop(DATASETS_ENV)
        else:
            os.environ[DATASETS_ENV] = before
    yield server, datasets / "audio" / "kartu-id.wav"
    stop_server(server.process)


def test_a_recording_plays_instead_of_the_phones_voice(served_with_audio, phone):
    served, wav = served_with_audio
    record_speech(phone, VOICES)
    phone.add_init_script("""
      window.__played = [];
      HTMLMediaElement.prototype.play = function () {
        window.__played.push(this.src); return Promise.resolve(); };
      HTMLMediaElement.prototype.pause = function () { window.__played.push('paused'); };
    """)
    join(phone, served, lang="id")
    open_activity(phone, "tanda-bahaya")
    phone.wait_for_selector(".wsp-rf-card")
    control = phone.locator(".wsp-screen .wsp-readaloud-button").first
    control.click()
    phone.wait_for_function("window.__played.length > 0")
    played = phone.evaluate("window.__played")
    assert played[0].endswith("/audio/kartu-id.wav")
    assert spoken(phone) == []  # the recording, not the synthetic voice
    control.click()
    phone.wait_for_function("window.__played.includes('paused')")
    answer = phone.request.get(played[0])
    assert answer.status == 200 and answer.body() == wav.read_bytes()
    assert phone.request.get(f"{served.url}audio/..%2Fhelp.yaml").status in (403, 404)


@pytest.mark.parametrize("lang,voice", [("id", "id-ID"), ("en", "en-US")])
def test_the_join_door_reads_the_warning_aloud_before_the_app_has_arrived(
        served, phone, lang, voice):
    """On a slow phone the door shows the content warning for up to a minute: it has its own
    Listen control, drawn by the app's readaloud.js, in the language chosen at the door."""
    catalog = cached_catalog()
    record_speech(phone, VOICES)
    hold_voila_scripts(phone)
    open_door(phone, served, lang, name="Uji pintu dengarkan", wait_until="commit")
    phone.click(".wsp-join")
    listen = phone.locator(f".wsp-door-waiting [data-l='{lang}'] .wsp-readaloud-button")
    listen.wait_for()
    listen.click()
    phone.wait_for_function("window.__spoken.length > 0")
    assert words(catalog.help.content_warning(lang)) in said(phone)
    assert {u["lang"] for u in spoken(phone)} == {voice}
    assert listen.get_attribute("aria-pressed") == "true"
    listen.click()  # a second tap stops
    assert listen.get_attribute("aria-pressed") == "false"
