"""Steps the browser tests share: join a session, open an activity, keep a screenshot."""

from __future__ import annotations

import shutil
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
APP_READY_MS = 120_000


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def wait_for_app(page) -> None:
    """The app's widgets are on screen (after the join door has stepped aside)."""
    page.wait_for_selector(".wsp-app", timeout=APP_READY_MS)


def wait_for_door(page) -> None:
    """The participant page's first screen, the join door (plain HTML), is ready to use."""
    page.wait_for_selector(".wsp-door .wsp-join", timeout=APP_READY_MS)


def hold_voila_scripts(page):
    """Make ``page`` a phone whose link is too slow for Voilà's front end: every script and
    stylesheet of it waits until the returned ``release()`` is called (the join door, plain
    HTML in the page, does not wait)."""
    held = []

    def hold(route):
        held.append(route)

    patterns = ("**/voila/static/**", "**/voila/labextensions/**", "**/voila/templates/**")
    for pattern in patterns:
        page.route(pattern, hold)

    def release() -> int:
        for pattern in patterns:  # the held requests go on to the server
            page.unroute(pattern, hold)
        return len(held)

    return release


def open_door(page, served, lang: str = "id", session_code: str | None = None,
              name: str = "Uji / Test", wait_until: str = "load") -> str:
    """Open a session's join link (a new session called ``name`` unless ``session_code``) and
    choose the language at the join door. Returns the session code. A page whose Voilà scripts
    are held (``hold_voila_scripts``) never loads: give ``wait_until="commit"``."""
    if session_code is None:
        session_code = served.store.create_session(name, "Sei Rampah", "2026-11-29").code
    page.goto(f"{served.url}?sesi={session_code}", wait_until=wait_until)
    wait_for_door(page)
    if lang == "en":
        page.click(".wsp-lang-en")
    return session_code


def join(page, served, lang: str = "id", team: str | None = None,
         session_code: str | None = None, until: str = ".wsp-agenda") -> tuple[str, str]:
    """Open the app from a session's join link (a new session unless ``session_code``), join,
    accept the content warning, and wait for ``until`` (the agenda, or the room's activity)."""
    session_code = open_door(page, served, lang, session_code)
    if team:
        page.click(".wsp-team-toggle input")
        page.fill(".wsp-team-input input", team)
    page.click(".wsp-join")
    page.wait_for_selector(".wsp-warning-ok", timeout=APP_READY_MS)
    code = page.locator(".wsp-identity [data-kode]").get_attribute("data-kode")
    page.click(".wsp-warning-ok")
    page.wait_for_selector(until, timeout=APP_READY_MS)
    return session_code, code


def open_activity(page, activity_id: str) -> None:
    page.click(f".wsp-nav-{activity_id}")
    page.wait_for_selector(f".wsp-activity-{activity_id}", timeout=APP_READY_MS)


def item_on_screen(page) -> str:
    """The id of the pre-/post-test question on screen (from its ``wsp-quiz-item-<id>`` class)."""
    classes = page.locator(".wsp-quiz-question").get_attribute("class")
    return next(c.removeprefix("wsp-quiz-item-") for c in classes.split()
                if c.startswith("wsp-quiz-item-"))


def answer_the_test(page) -> None:
    """Answer every question of the pre- or post-test on screen, wrong and right in turn (so a
    post-test review shows both kinds), until its end screen."""
    from widgets.content import cached_catalog

    quiz = cached_catalog().quiz
    for number, _ in enumerate(quiz.select({})):
        item_id = item_on_screen(page)
        item = quiz.items[item_id]
        wrong = next(o.id for o in item.options if o.id != item.right)
        page.click(f".wsp-quiz-option-{item.right if number % 2 else wrong}")
        page.wait_for_selector(f".wsp-quiz-question:not(.wsp-quiz-item-{item_id}), .wsp-quiz-done")
    page.wait_for_selector(".wsp-quiz-done")


def unlock_console(page, served) -> None:
    page.goto(f"{served.url}fasilitator")
    page.wait_for_selector(".wsp-pin-input", timeout=APP_READY_MS)
    page.fill(".wsp-pin-input input", served.pin)
    page.click(".wsp-pin-enter")
    page.wait_for_selector(".wsp-create-session")


def broken_copy_message(tmp_path: Path, source: Path, fixture: Path, target: str, load) -> str:
    """Copy one content folder, drop a broken fixture into it, load it, and return the error
    message, which must name the broken file."""
    import pytest

    from widgets.content.base import ContentError

    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    broken = copy / target
    shutil.copy(fixture, broken)
    with pytest.raises(ContentError) as caught:
        load(tmp_path)
    message = str(caught.value)
    assert str(broken) in message, message
    return message
