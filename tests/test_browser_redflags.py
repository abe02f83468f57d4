"""The red-flag card sort on a 360×740 phone in the participant app: sort three cards, see the
feedback each time, find the three answers in the store. The `phone` fixture fails the test if
any request leaves the machine."""

from __future__ import annotations

import pytest

from tests.helpers import join, open_activity, screenshot

ACTIVITY = "tanda-bahaya"
PILES = ["bahaya", "aman", "tidak-yakin"]  # one of each kind of answer, whatever the cards are


@pytest.mark.browser
def test_sort_three_cards_on_a_phone(served, phone):
    session_code, participant_code = join(phone, served, lang="id")
    open_activity(phone, ACTIVITY)
    phone.wait_for_selector(".wsp-rf-card")
    screenshot(phone, "redflags-card-360")

    for pile in ("aman", "waspada", "bahaya", "tidak-yakin"):
        choice = phone.locator(f".wsp-choose-{pile}")
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 44, f"the {pile} button is too small to tap"
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"the {pile} button overflows"
    labels = [phone.locator(f".wsp-choose-{pile}").inner_text().strip()
              for pile in ("aman", "waspada", "bahaya", "tidak-yakin")]
    assert labels == ["✓ Aman", "⚠ Waspada", "⊘ Bahaya", "? Tidak yakin"]  # word and icon

    sorted_cards = []
    for number, pile in enumerate(PILES, start=1):
        card = phone.locator(".wsp-rf-card").get_attribute("class")
        card_id = next(c.removeprefix("wsp-rf-card-") for c in card.split()
                       if c.startswith("wsp-rf-card-"))
        assert f"Kartu {number} dari" in phone.locator(".wsp-rf-card .wsp-progress").inner_text()
        phone.click(f".wsp-choose-{pile}")
        feedback = phone.locator(".wsp-rf-feedback")
        feedback.wait_for()
        text = feedback.inner_text()
        assert "Jawaban yang disarankan" in text and "Kenapa?" in text and "Sumber:" in text
        if number == 1:
            screenshot(phone, "redflags-feedback-360")
        sorted_cards.append((card_id, pile))
        phone.click(".wsp-next")
        phone.wait_for_selector(".wsp-rf-card")

    answers = served.store.answers(session_code, activity=ACTIVITY,
                                   participant_code=participant_code)
    assert [(a.item, a.answer) for a in answers] == sorted_cards
    assert answers[2].correct is None  # "not sure" is recorded but not graded
    assert all(a.detail["right"] in ("aman", "waspada", "bahaya") for a in answers)

    phone.reload()  # the fourth card is waiting after a reload
    phone.wait_for_selector(".wsp-agenda, .wsp-rf-card")
    if not phone.locator(".wsp-rf-card").count():
        open_activity(phone, ACTIVITY)
    phone.wait_for_selector(".wsp-rf-card")
    assert "Kartu 4 dari" in phone.locator(".wsp-rf-card .wsp-progress").inner_text()
