"""The action plan on a 360×740 phone in the participant app: a village team fills it in, the
answers are in the store, a reload brings the plan back, typed markup stays text, and the
download link carries the page itself (nothing from outside)."""

from __future__ import annotations

import pytest

from tests.helpers import join, open_activity, screenshot

ACTIVITY = "rencana-aksi"


def fill(page, css: str, value: str) -> None:
    field = page.locator(f".{css} input, .{css} textarea").first
    field.fill(value)
    field.press("Tab")  # the field sends its value when it loses focus


@pytest.mark.browser
def test_a_village_team_writes_its_plan_on_a_phone(served, phone):
    session_code, code = join(phone, served, lang="id", team="Tim Pematang")
    open_activity(phone, ACTIVITY)
    phone.wait_for_selector(".wsp-plan-village")
    fill(phone, "wsp-plan-village", "Desa <b>Pematang</b>")
    phone.click(".wsp-plan-risk-tawaran input")
    fill(phone, "wsp-plan-action-1-what", "Umumkan daftar periksa di pengajian")
    fill(phone, "wsp-plan-action-1-who", "Sekretaris desa")
    phone.click(".wsp-plan-call-kp2mi input")
    phone.wait_for_function(
        "document.querySelector('.wsp-save-message') && "
        "document.querySelector('.wsp-save-message').innerText.includes('Tersimpan')")
    phone.wait_for_timeout(500)
    items = [a.item for a in served.store.answers(session_code, activity=ACTIVITY,
                                                  participant_code=code)]
    assert items == ["plan:village", "plan:risk:tawaran", "plan:action:1:what",
                     "plan:action:1:who", "plan:call:kp2mi"]
    link = phone.locator(".wsp-plan-download")
    assert link.get_attribute("href").startswith("data:text/html")
    assert phone.locator(".wsp-plan b").count() == 0
    screenshot(phone, "plan-360")

    phone.reload()
    phone.wait_for_selector(".wsp-plan-village, .wsp-agenda", timeout=120_000)
    if not phone.locator(".wsp-plan-village").count():
        open_activity(phone, ACTIVITY)
    assert phone.locator(".wsp-plan-village input").input_value() == "Desa <b>Pematang</b>"
    assert phone.locator(".wsp-plan-risk-tawaran input").is_checked()
    assert phone.locator(".wsp-plan-action-1-who input").input_value() == "Sekretaris desa"
