"""A workshop room in a real Chromium, all offline: one facilitator window and three phones.
The facilitator opens the card sort and the phones follow; each sorts a card; the console shows
counts only once three have answered; "show answer" marks the agreed pile; a phone that reloads
comes back to the open activity; free text typed anywhere is shown as text, never run."""

from __future__ import annotations

import csv
import time

import pytest

from tests.helpers import APP_READY_MS, join, screenshot, unlock_console

pytestmark = pytest.mark.browser
ACTIVITY = "tanda-bahaya"
EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def no_markup_ran(page) -> None:
    assert page.evaluate("window.__xss === undefined"), "typed text ran as code"
    assert page.locator("img[src='x']").count() == 0


def first_card(page) -> str:
    page.wait_for_selector(".wsp-rf-card", timeout=APP_READY_MS)
    classes = page.locator(".wsp-rf-card").get_attribute("class").split()
    return next(c.removeprefix("wsp-rf-card-") for c in classes if c.startswith("wsp-rf-card-"))


def test_the_room_follows_the_facilitator(served, projector, three_phones):
    dialogs = []
    for page in (projector, *three_phones):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    session = served.store.create_session(EVIL, EVIL, "2026-12-03")
    unlock_console(projector, served)
    projector.click(f".wsp-show-{session.code}")
    projector.wait_for_selector(f".wsp-room-open-{ACTIVITY}")
    projector.wait_for_selector(".wsp-room-ready:has-text('Siap untuk')")  # the server's word

    codes = []
    for number, phone in enumerate(three_phones):
        _, code = join(phone, served, session_code=session.code,
                       team=EVIL if number == 0 else None)
        codes.append(code)
        no_markup_ran(phone)
    assert EVIL[:50] in three_phones[0].locator(".wsp-code-chip").inner_text()  # as text
    projector.wait_for_selector(".wsp-presence:has-text('3 bergabung')")

    started = time.monotonic()
    projector.click(f".wsp-room-open-{ACTIVITY}")
    delays = []
    for phone in three_phones:
        phone.wait_for_selector(f".wsp-activity-{ACTIVITY}", timeout=30_000)
        delays.append(time.monotonic() - started)
    print(f"pacing: phones on the opened activity after {[round(d, 2) for d in delays]} s")
    screenshot(three_phones[0], "room-phone-followed-360")

    card = first_card(three_phones[0])
    for number, (phone, pile) in enumerate(zip(three_phones, ("bahaya", "bahaya", "aman"))):
        assert first_card(phone) == card  # the room plays the same deck
        phone.click(f".wsp-choose-{pile}")
        phone.wait_for_selector(".wsp-rf-feedback")
        if number == 1:  # two answers: the console must not show a count yet
            projector.wait_for_selector(f".wsp-live [data-item='{card}'] .wsp-suppressed")
            assert projector.locator(f".wsp-live [data-item='{card}'] .wsp-bar-row").count() == 0
    tally = projector.locator(f".wsp-live [data-item='{card}']")
    projector.wait_for_selector(f".wsp-live [data-item='{card}'] .wsp-bar-row")
    text = tally.inner_text()
    assert "2 (67%)" in text and "1 (33%)" in text and "Bahaya" in text and "Aman" in text
    assert "jawaban yang disepakati" not in text
    projector.click(".wsp-show-answer")
    projector.wait_for_selector(f".wsp-live [data-item='{card}'] .wsp-bar-agreed")
    screenshot(projector, "room-console-live-1280")

    projector.click(".wsp-projector-open")
    projector.wait_for_selector(".wsp-projector .wsp-live .wsp-bar-row")
    screenshot(projector, "room-projector-id-1280")
    projector.click(".wsp-language")
    projector.wait_for_selector(".wsp-projector .wsp-live:has-text('agreed answer')")
    screenshot(projector, "room-projector-en-1280")
    no_markup_ran(projector)

    three_phones[1].reload()
    three_phones[1].wait_for_selector(f".wsp-activity-{ACTIVITY} .wsp-rf-card, "
                                      f".wsp-activity-{ACTIVITY} .wsp-rf-feedback",
                                      timeout=APP_READY_MS)

    projector.click(".wsp-projector-close")
    projector.click(f".wsp-room-lock-{ACTIVITY}")
    three_phones[2].wait_for_selector(".wsp-locked", timeout=30_000)
    projector.click(".wsp-room-agenda")
    three_phones[2].wait_for_selector(".wsp-agenda", timeout=30_000)
    assert EVIL in three_phones[2].locator(".wsp-agenda").inner_text()  # the session name, as text
    for page in (projector, *three_phones):
        no_markup_ran(page)
    assert dialogs == []
    # A phone's page holds no facilitator control at all (nothing to send a message to).
    for phone in three_phones:
        assert phone.locator(".wsp-room-open, .wsp-show-answer, .wsp-report, .wsp-purge, "
                             ".wsp-close-session").count() == 0

    stored = served.store.answers(session.code, activity=ACTIVITY)
    assert sorted((a.participant_code, a.answer) for a in stored) == sorted(
        zip(codes, ("bahaya", "bahaya", "aman")))

    projector.click(".wsp-report")
    projector.wait_for_selector(".wsp-report-message li", timeout=APP_READY_MS)
    folder = served.data_dir / "exports" / session.code
    with (folder / "answers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["participant_code"], r["answer"]) for r in rows) == sorted(
        (a.participant_code, a.answer) for a in served.store.answers(session.code))
    assert len(rows) == 3 and (folder / "report.pdf").stat().st_size > 1000
