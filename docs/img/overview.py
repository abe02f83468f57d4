"""Make docs/img/overview.png, the README's picture, from the real app: a real `waspada serve`,
real headless Chromium at phone size (360×740) and the console at projector size (1280×720).

    .venv/bin/python docs/img/overview.py        # or: make overview

Run it again whenever the screens change, so the README never shows an older kit."""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(KIT_ROOT))

from tests.conftest import PHONE, PROJECTOR, chromium_executable, start_server, stop_server  # noqa: E402
from tests.helpers import join, open_activity, unlock_console, wait_for_door  # noqa: E402

OUT = Path(__file__).with_name("overview.png")
CAPTIONS = {
    "door": "Joining on a phone",
    "agenda": "Today's activities",
    "cardsort": "Red-flag card sort",
    "help": "Help, one tap away",
    "console": "Facilitator console on the projector",
}


def shoot(page, name: str, folder: Path) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def phone_screens(browser, served, folder: Path) -> dict[str, Path]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(120_000)
    session = served.store.create_session("Pelatihan kepala desa", "Sei Rampah", "2026-12-04")
    page.goto(f"{served.url}?sesi={session.code}")
    wait_for_door(page)
    shots = {"door": shoot(page, "door", folder)}
    join(page, served, session_code=session.code)
    shots["agenda"] = shoot(page, "agenda", folder)
    open_activity(page, "tanda-bahaya")
    page.wait_for_selector(".wsp-rf-card")
    page.locator(".wsp-rf-card").scroll_into_view_if_needed()
    shots["cardsort"] = shoot(page, "cardsort", folder)
    page.click(".wsp-help-button")
    page.wait_for_selector(".wsp-help")
    shots["help"] = shoot(page, "help", folder)
    context.close()
    return shots


def console_screen(browser, served, folder: Path) -> Path:
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(120_000)
    unlock_console(page, served)
    page.fill(".wsp-session-name input", "Pelatihan kepala desa")
    page.fill(".wsp-session-place input", "Sei Rampah")
    page.click(".wsp-create-session")
    page.wait_for_selector(".wsp-join-panel svg")
    path = shoot(page, "console", folder)
    context.close()
    return path


def compose(browser, shots: dict[str, Path]) -> None:
    def figure(name: str, width: int) -> str:
        data = base64.b64encode(shots[name].read_bytes()).decode()
        return (f'<figure><img src="data:image/png;base64,{data}" style="width:{width}px">'
                f"<figcaption>{CAPTIONS[name]}</figcaption></figure>")

    page_html = (
        "<html><body style='margin:0;background:#e9edf2;font:20px system-ui,sans-serif'>"
        "<style>figure{margin:0;display:flex;flex-direction:column;align-items:center;gap:8px}"
        "img{border-radius:14px;box-shadow:0 2px 10px #0003;background:#fff}</style>"
        "<div style='display:flex;gap:22px;padding:22px;align-items:flex-start'>"
        + "".join(figure(name, 260) for name in ("door", "agenda", "cardsort", "help"))
        + figure("console", 600) + "</div></body></html>")
    context = browser.new_context(viewport={"width": 1800, "height": 640})
    page = context.new_page()
    page.set_content(page_html)
    page.wait_for_load_state("load")
    page.screenshot(path=str(OUT), full_page=True)
    context.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="waspada-overview-") as temp:
        folder = Path(temp)
        served = start_server(folder / "data", folder / "serve.log", pool_size=2)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_executable())
                shots = phone_screens(browser, served, folder)
                shots["console"] = console_screen(browser, served, folder)
                compose(browser, shots)
                browser.close()
        finally:
            stop_server(served.process)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
