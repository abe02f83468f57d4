"""Phones for the benchmark: headless Debian Chromium pages that cannot reach the internet, with
byte counting from Chromium's own network events and click timing taken inside the page.

The outside is blocked at the browser level (a proxy that refuses every connection; loopback
bypasses proxies), not with Playwright's request routing, because routing turns the HTTP cache off
and the repeat-load figure would then be meaningless. Every request to a non-loopback host is
still seen and counted through the context's request events."""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from tests.conftest import LOOPBACK, PHONE, chromium_executable

REFUSING_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens, so it refuses
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--proxy-server={REFUSING_PROXY}"]
PAGE_TIMEOUT_MS = 300_000  # a phone that waits five minutes has failed; say so and move on


async def launch(playwright):
    executable = chromium_executable()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium (or run `make benchmark`)")
    return await playwright.chromium.launch(executable_path=executable, headless=True,
                                            args=CHROMIUM_ARGS)


def chromium_version() -> str:
    import subprocess
    executable = chromium_executable()
    if not executable:
        return "none"
    result = subprocess.run([executable, "--version"], capture_output=True, text=True)
    return (result.stdout.strip().splitlines() or ["unknown"])[0]


@dataclass
class Meter:
    """Bytes a page moved, from CDP: HTTP ``encodedDataLength`` (headers + body as sent on the
    wire, compressed if the server compressed) and WebSocket frame payloads both ways."""
    http_bytes: int = 0
    requests: int = 0
    from_cache: int = 0
    failed: int = 0
    ws_received: int = 0
    ws_sent: int = 0
    ws_extensions: set[str] = field(default_factory=set)

    def reset(self) -> None:
        self.http_bytes = self.requests = self.from_cache = self.failed = 0
        self.ws_received = self.ws_sent = 0

    def snapshot(self) -> dict[str, int]:
        return {"http_bytes": self.http_bytes, "requests": self.requests,
                "from_cache": self.from_cache, "failed": self.failed,
                "ws_received": self.ws_received, "ws_sent": self.ws_sent}


def _frame_bytes(params: dict) -> int:
    response = params.get("response", {})
    payload = response.get("payloadData", "")
    if response.get("opcode") == 1:
        return len(payload.encode("utf-8"))
    try:
        return len(base64.b64decode(payload))
    except ValueError:
        return len(payload)


class Phone:
    """One phone: its own browser context (own cache, own localStorage), one page."""

    def __init__(self, context, page, cdp, external: list[str]):
        self.context, self.page, self.cdp, self.external = context, page, cdp, external
        self.meter = Meter()
        self.kernel_ids: list[str] = []
        self.last_request_at = time.monotonic()
        self.console: list[str] = []

    @classmethod
    async def open(cls, browser, external: list[str]) -> "Phone":
        context = await browser.new_context(viewport=PHONE, device_scale_factor=1,
                                            is_mobile=True, has_touch=True)

        def on_request(request):
            host = urlparse(request.url).hostname or ""
            if not request.url.startswith(("data:", "blob:", "about:")) and host not in LOOPBACK:
                external.append(request.url)

        context.on("request", on_request)
        page = await context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        cdp = await context.new_cdp_session(page)
        phone = cls(context, page, cdp, external)
        page.on("websocket", phone._on_websocket)
        page.on("console", lambda message: phone.console.append(
            f"{message.type}: {message.text[:200]}") if message.type == "error" else None)
        page.on("pageerror", lambda error: phone.console.append(f"pageerror: {error}"[:200]))
        cdp.on("Network.requestWillBeSent", phone._on_request)
        cdp.on("Network.requestServedFromCache", phone._on_cached)
        cdp.on("Network.loadingFinished", phone._on_finished)
        cdp.on("Network.loadingFailed", phone._on_failed)
        cdp.on("Network.webSocketFrameReceived", phone._on_ws_received)
        cdp.on("Network.webSocketFrameSent", phone._on_ws_sent)
        cdp.on("Network.webSocketHandshakeResponseReceived", phone._on_handshake)
        await cdp.send("Network.enable")
        return phone

    # CDP event handlers
    def _on_request(self, params):
        self.meter.requests += 1
        self.last_request_at = time.monotonic()

    def _on_cached(self, params):
        self.meter.from_cache += 1

    def _on_finished(self, params):
        self.meter.http_bytes += int(params.get("encodedDataLength", 0))
        self.last_request_at = time.monotonic()

    def _on_failed(self, params):
        self.meter.failed += 1

    def _on_ws_received(self, params):
        self.meter.ws_received += _frame_bytes(params)

    def _on_ws_sent(self, params):
        self.meter.ws_sent += _frame_bytes(params)

    def _on_handshake(self, params):
        headers = {k.lower(): v for k, v in params.get("response", {}).get("headers", {}).items()}
        self.meter.ws_extensions.add(headers.get("sec-websocket-extensions", "") or "none")

    def _on_websocket(self, socket):
        host = urlparse(socket.url).hostname or ""
        if host not in LOOPBACK:
            self.external.append(socket.url)
        parts = urlparse(socket.url).path.split("/")
        if "kernels" in parts:
            self.kernel_ids.append(parts[parts.index("kernels") + 1])

    async def visit(self, url: str, ready: str, state: str = "visible") -> float:
        """Seconds from navigation start until ``ready`` is visible (the page is usable)."""
        start = time.perf_counter()
        await self.page.goto(url, wait_until="commit")
        await self.page.wait_for_selector(ready, state=state)
        return time.perf_counter() - start

    async def settle(self, quiet: float = 1.5, limit: float = 15.0) -> None:
        """Let late requests (fonts, widget bundles) finish: no new HTTP activity for ``quiet``."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and time.monotonic() - self.last_request_at < quiet:
            await asyncio.sleep(0.2)

    async def click_to_feedback(self, target: str, feedback_js: str) -> float:
        """Milliseconds from the click event to the first DOM change that makes
        ``feedback_js`` (a JS expression) true, both stamped by the page's own clock."""
        await self.page.evaluate("""(feedbackSource) => {
            const done = new Function("return (" + feedbackSource + ");");
            const state = window.__bench = {clickAt: null, doneAt: null};
            document.addEventListener("click", () => {
                if (state.clickAt === null) { state.clickAt = performance.now(); }
            }, {capture: true, once: true});
            const observer = new MutationObserver(() => {
                if (state.clickAt !== null && state.doneAt === null && done()) {
                    state.doneAt = performance.now();
                    observer.disconnect();
                }
            });
            observer.observe(document.body,
                {subtree: true, childList: true, attributes: true, characterData: true});
        }""", feedback_js)
        await self.page.click(target)
        await self.page.wait_for_function("window.__bench.doneAt !== null",
                                          timeout=PAGE_TIMEOUT_MS, polling=50)
        timing = await self.page.evaluate("window.__bench")
        return timing["doneAt"] - timing["clickAt"]

    async def diagnose(self, screenshot: Path) -> str:
        """What a stuck page shows: a screenshot, its visible text and its console errors."""
        try:
            await self.page.screenshot(path=str(screenshot))
            screenshot.with_suffix(".html").write_text(await self.page.content())
            state = await self.page.evaluate("""() => [document.readyState,
                (document.body ? document.body.innerText : '').slice(0, 200),
                !!document.querySelector('#loading'), !!document.querySelector('#rendered_cells'),
                document.querySelectorAll('.jp-Cell').length]""")
            text = (f"readyState {state[0]}, #loading {state[2]}, #rendered_cells {state[3]}, "
                    f"{state[4]} cells, text '{' '.join(state[1].split())}'")
        except Exception as error:  # the page may be gone
            text = f"page unreadable: {error}"
        errors = "; ".join(self.console[-3:]) or "no console errors"
        return (f"kernel {self.kernel_ids[-1] if self.kernel_ids else 'never connected'}; "
                f"{text}; {errors}; screenshot and HTML: {screenshot.name}, .html")

    async def close(self) -> None:
        # As a phone's browser does when a tab is closed: the page's unload handlers run (Voilà's
        # page asks the server to shut its kernel down), which closing the context skips.
        try:
            await self.page.close(run_before_unload=True)
            await asyncio.sleep(0.2)  # let the unload beacon leave
        except Exception:  # noqa: BLE001 - a page that is already gone
            pass
        await self.context.close()
