"""The participant app and the facilitator console in a real Chromium, nothing from the internet."""

from __future__ import annotations

import pytest

from tests.helpers import (APP_READY_MS, hold_voila_scripts, join, open_door, screenshot,
                           unlock_console, wait_for_app, wait_for_door)
from widgets.content import cached_catalog

pytestmark = pytest.mark.browser


def test_join_switch_language_and_resume_after_reload(served, phone):
    session_code, code = join(phone, served)
    screenshot(phone, "phone-agenda-id")
    assert phone.locator(".wsp-code-chip").inner_text().strip().endswith(code)
    assert "sesi=" in phone.url and f"kode={code}" in phone.url

    phone.click(".wsp-language")
    phone.wait_for_selector(".wsp-agenda:has-text(\"Today's activities\")")
    screenshot(phone, "phone-agenda-en")
    stored = served.store.get_participant(session_code, code)
    assert stored.lang == "en"

    phone.reload()
    wait_for_app(phone)
    phone.wait_for_selector(".wsp-agenda:has-text(\"Today's activities\")")
    assert phone.locator(".wsp-identity [data-kode]").get_attribute("data-kode") == code


def test_help_panel_shows_verified_numbers(served, phone):
    join(phone, served)
    phone.click(".wsp-help-button")
    panel = phone.locator(".wsp-help")
    panel.wait_for()
    text = panel.inner_text()
    for number in ("0800-1000", "129", "08111-129-129", "110"):
        assert number in text
    assert phone.locator(".wsp-help a[href='tel:08001000']").count() == 1
    screenshot(phone, "phone-help")


def test_tap_targets_are_at_least_44px_on_a_phone(served, phone):
    join(phone, served)
    heights = phone.eval_on_selector_all(
        ".wsp-app button", "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights


def test_projector_view_and_returning_phone_by_qr(served, projector):
    session_code, code = join(projector, served)
    screenshot(projector, "projector-agenda")
    # Scanning the same QR code again (no participant code in the link) brings them back.
    projector.goto(f"{served.url}?sesi={session_code}")
    wait_for_app(projector)
    projector.wait_for_selector(".wsp-agenda")
    assert projector.locator(".wsp-identity [data-kode]").get_attribute("data-kode") == code


def test_facilitator_console_refuses_a_wrong_pin(served, projector):
    projector.goto(f"{served.url}fasilitator")
    projector.wait_for_selector(".wsp-pin-input")
    assert projector.locator(".wsp-create-session").count() == 0
    projector.fill(".wsp-pin-input input", "000000")
    projector.click(".wsp-pin-enter")
    projector.wait_for_selector(".wsp-pin-message [role=alert]")
    assert projector.locator(".wsp-create-session").count() == 0
    screenshot(projector, "console-wrong-pin")

    projector.fill(".wsp-pin-input input", served.pin)
    projector.click(".wsp-pin-enter")
    projector.wait_for_selector(".wsp-create-session")
    screenshot(projector, "console-unlocked")
    projector.fill(".wsp-session-name input", "Pelatihan kepala desa")
    projector.fill(".wsp-session-place input", "Sei Rampah")
    projector.click(".wsp-create-session")
    projector.wait_for_selector(".wsp-join-panel svg")
    screenshot(projector, "console-join-qr")
    assert "?sesi=" in projector.locator(".wsp-join-url").inner_text()


def test_a_participant_continues_on_another_phone_by_typing_the_codes(served, phone):
    session_code, code = join(phone, served, lang="en")
    phone.evaluate("window.localStorage.clear()")
    phone.goto(served.url)  # a phone that never saw this participant
    wait_for_door(phone)
    phone.fill(".wsp-session-input input", session_code.lower())
    phone.fill(".wsp-resume-input input", code.lower())
    phone.click(".wsp-resume")
    phone.wait_for_selector(".wsp-agenda:has-text(\"Today's activities\")")
    assert phone.locator(".wsp-identity [data-kode]").get_attribute("data-kode") == code


def test_unknown_session_code_gets_a_clear_message(served, phone):
    phone.goto(served.url)
    wait_for_door(phone)
    phone.fill(".wsp-session-input input", "ZZZZZZ")
    phone.click(".wsp-join")
    alert = phone.locator(".wsp-message [role=alert]")
    alert.wait_for()
    assert "ZZZZZZ" in alert.inner_text() and "tidak ditemukan" in alert.inner_text()


def test_facilitator_preview_plays_a_module_with_its_notes(served, projector):
    unlock_console(projector, served)
    first = cached_catalog().agenda.activities[0]
    projector.click(f".wsp-preview-{first.id}")
    projector.wait_for_selector(f".wsp-preview-{first.id}-screen", timeout=120_000)
    screenshot(projector, f"console-preview-{first.id}")
    projector.click(".wsp-preview-back")
    projector.wait_for_selector(".wsp-agenda-notes")


def test_a_group_name_is_shown_as_text_never_as_html(served, phone):
    hostile = '<img src=x onerror="document.title=1">Melati'
    session_code, code = join(phone, served, team=hostile)
    chip = phone.locator(".wsp-code-chip")
    assert hostile in chip.inner_text()
    assert chip.locator("img").count() == 0
    assert served.store.get_participant(session_code, code).team_name == hostile
    screenshot(phone, "phone-group-name")


def test_the_join_door_works_before_voilas_javascript_arrives(served, phone):
    """A slow phone: every script and stylesheet of Voilà's front end is held back. The join
    door still works (language, text size, join), the participant sees their code and the
    content warning, and once the scripts arrive the app opens on the same code and choices."""
    release = hold_voila_scripts(phone)
    session_code = open_door(phone, served, "en", name="Uji pintu", wait_until="commit")
    phone.click(".wsp-size-choice-very-large")
    phone.click(".wsp-join")
    phone.wait_for_selector(".wsp-door-waiting .wsp-door-code:not(:empty)")
    code = phone.locator(".wsp-door-code").inner_text().strip()
    assert phone.locator(".wsp-door-waiting").inner_text().count("Before we start") == 1
    assert phone.locator(".wsp-app").count() == 0
    screenshot(phone, "door-waiting-en-very-large")
    assert served.store.get_participant(session_code, code).lang == "en"

    assert release() > 0, "Voilà's scripts were not held"
    phone.wait_for_selector(".wsp-warning-ok", timeout=APP_READY_MS)
    assert phone.locator("#wsp-door").count() == 0
    assert phone.locator(".wsp-app.wsp-size-very-large.wsp-content-en").count() == 1
    assert phone.locator(".wsp-identity [data-kode]").get_attribute("data-kode") == code
    assert f"kode={code}" in phone.url
    screenshot(phone, "door-handed-over-en-very-large")
