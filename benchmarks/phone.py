"""A cheap Android phone on a weak network: how long until it can join, and how long a tap takes.

Chromium is slowed through the DevTools protocol the way its own "low-end mobile" profile does:
CPU 4× slower (``Emulation.setCPUThrottlingRate``) and a slow 3G link (``Network.
emulateNetworkConditions``: 400 kbit/s down and up, 400 ms round trip). Measured for Waspada and,
in the same run, for plain Voilà's smallest page (``baseline.ipynb``), each from an empty cache
(a phone's first scan of the QR code) and again with its cache (a reload):

- *join usable*: from opening the join link to the join button on screen and enabled (Waspada:
  the join door, plain HTML ahead of Voilà's JavaScript; plain Voilà: its page's button);
- *tap Join → code*, *tap Join → app*: from the tap on Join to the participant's code on screen
  (the door's answer from the laptop), and to the app's own content warning (Voilà's
  JavaScript arrived and drew the widgets): the second is the real wait on a slow phone;
- *coming back*: a joined phone opening its link again, with its cache, until its screen is back;
- *tap → feedback*: from a tap on a red-flag pile to its feedback on screen (plain Voilà: a
  button whose click updates a label), timed inside the page;
- what the first load moved, by kind (script, style, font, ...), the biggest files, and what
  anywidget (the read-aloud control's front end) adds.

    .venv/bin/python benchmarks/phone.py [--runs 3] [--cpu 4] [--kbps 400] [--rtt 400]

Prints a Markdown report; not a test, nothing asserts a time. Needs Chromium and Playwright."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT))

from benchmarks import servers  # noqa: E402
from benchmarks.browser import CHROMIUM_ARGS, chromium_version  # noqa: E402
from tests.conftest import PHONE, chromium_executable  # noqa: E402
from widgets.engines.store import Store  # noqa: E402

TIMEOUT_MS = int(os.environ.get("PHONE_TIMEOUT_MS", 300_000))
TAP_CLOCK = """([sel, feedbacks]) => {
  window.__tap = null; window.__seen = {};
  document.addEventListener('pointerdown', (e) => {
    if (e.target.closest(sel) && window.__tap === null) { window.__tap = performance.now(); }
  }, true);
  const look = () => {
    if (window.__tap === null) { return; }
    for (const feedback of feedbacks) {
      if (!(feedback in window.__seen) && document.querySelector(feedback)) {
        window.__seen[feedback] = performance.now() - window.__tap;
      }
    }
  };
  new MutationObserver(look).observe(document.body,
    {subtree: true, childList: true, attributes: true});
}"""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ThrottledPhone:
    """One phone: a fresh browser context (empty cache), CPU and network slowed over CDP, and
    every response's bytes on the wire counted by resource type."""

    def __init__(self, browser, cpu: float, kbps: float, rtt_ms: float):
        self.context = browser.new_context(viewport=PHONE, device_scale_factor=2,
                                           is_mobile=True, has_touch=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        rate = kbps * 1000 / 8
        self.cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": rtt_ms, "downloadThroughput": rate,
            "uploadThroughput": rate, "connectionType": "cellular3g"})
        self.types: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event: dict) -> None:
        self.types[event["requestId"]] = event.get("type", "Other")
        self.urls[event["requestId"]] = event["response"]["url"]

    def _finished(self, event: dict) -> None:
        self.bytes[event["requestId"]] = int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.types.clear()
        self.urls.clear()
        self.bytes.clear()

    def by_type(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for request, size in self.bytes.items():
            totals[self.types.get(request, "Other")] += size
        return dict(totals)

    def files(self) -> list[tuple[int, str]]:
        return sorted(((size, self.urls.get(request, "?")) for request, size in self.bytes.items()),
                      reverse=True)

    def open_until(self, url: str, ready: str) -> float:
        """Seconds from asking for ``url`` to ``ready`` visible and enabled."""
        start = time.perf_counter()
        self.page.goto(url, wait_until="commit")
        self.page.wait_for_function(
            "sel => { const el = document.querySelector(sel);"
            " return !!el && !el.disabled && (el.checkVisibility"
            " ? el.checkVisibility({visibilityProperty: true}) : el.offsetParent !== null); }",
            arg=ready)
        return time.perf_counter() - start

    def tap(self, selector: str, *feedbacks: str) -> float | list[float]:
        """Milliseconds from a tap on ``selector`` to each of ``feedbacks`` in the page."""
        self.page.evaluate(TAP_CLOCK, [selector, list(feedbacks)])
        self.page.tap(selector)
        self.page.wait_for_function("n => Object.keys(window.__seen).length >= n",
                                    arg=len(feedbacks))
        seen = self.page.evaluate("window.__seen")
        times = [seen[feedback] for feedback in feedbacks]
        return times[0] if len(times) == 1 else times

    def close(self) -> None:
        self.context.close()


def waspada_run(browser, server, store: Store, args, warm_too: bool) -> dict:
    session = store.create_session("Ponsel lambat / Slow phone", "Sei Rampah", "2026-12-04")
    phone = ThrottledPhone(browser, args.cpu, args.kbps, args.rtt)
    try:
        url = f"{server.base_url}?sesi={session.code}"
        result = {"join": phone.open_until(url, ".wsp-join")}
        say(f"  join usable after {result['join']:.1f} s")
        result["join_code"], result["join_tap"] = phone.tap(
            ".wsp-join", ".wsp-door-waiting:not([hidden])", ".wsp-warning-ok")
        phone.page.wait_for_selector(".wsp-warning-ok")  # visible: the door has stepped aside
        # The whole first load: the door, then Voilà's front end arriving behind it.
        result.update(types=phone.by_type(), files=phone.files())
        phone.page.tap(".wsp-warning-ok")
        phone.page.wait_for_selector(".wsp-nav-tanda-bahaya")
        phone.page.tap(".wsp-nav-tanda-bahaya")
        phone.page.wait_for_selector(".wsp-choose-waspada")
        result["pile_tap"] = phone.tap(".wsp-choose-waspada", ".wsp-rf-feedback")
        if warm_too:  # the same phone reloads: its cache has the page's files
            servers.wait_until_quiet(max_seconds=120)
            phone.reset()
            result["reload"] = phone.open_until(url + "&baru=1", ".wsp-join")
            servers.wait_until_quiet(max_seconds=120)
            phone.reset()
            result["back"] = phone.open_until(url, ".wsp-activity-tanda-bahaya .wsp-rf-feedback")
            result["reload_bytes"] = sum(phone.bytes.values())
        return result
    finally:
        phone.close()


def plain_run(browser, server, args, warm_too: bool) -> dict:
    phone = ThrottledPhone(browser, args.cpu, args.kbps, args.rtt)
    try:
        result = {"join": phone.open_until(server.page_url, ".bench-button"),
                  "types": phone.by_type(), "files": phone.files()}
        result["pile_tap"] = phone.tap(".bench-button", ".bench-label")
        if warm_too:
            servers.wait_until_quiet(max_seconds=120)
            phone.reset()
            result["reload"] = phone.open_until(server.page_url, ".bench-button")
            result["reload_bytes"] = sum(phone.bytes.values())
        return result
    finally:
        phone.close()


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=1, unit=""):
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def kib(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024:.0f} KiB"


def report(args, waspada: list[dict], plain: list[dict]) -> str:
    def med(runs, key):
        return median([r.get(key) for r in runs])

    def ratio(key):
        a, b = med(waspada, key), med(plain, key)
        return "—" if not a or not b else f"{a / b:.1f}×"

    first_w = med([{"b": sum(r["types"].values())} for r in waspada], "b")
    first_p = med([{"b": sum(r["types"].values())} for r in plain], "b")
    lines = [
        f"CPU {args.cpu:g}× slower, network {args.kbps:g} kbit/s both ways with "
        f"{args.rtt:g} ms round trip; {len(waspada)} cold phone(s) per server, median; "
        f"{chromium_version()}.",
        "",
        "| measure | Waspada | plain Voilà | ratio |",
        "|---|---:|---:|---:|",
        f"| join link → join button usable, empty cache | {fmt(med(waspada, 'join'), 1, ' s')} | "
        f"{fmt(med(plain, 'join'), 1, ' s')} | {ratio('join')} |",
        f"| the same, reload with cache | {fmt(med(waspada, 'reload'), 1, ' s')} | "
        f"{fmt(med(plain, 'reload'), 1, ' s')} | {ratio('reload')} |",
        f"| tap → feedback (red-flag pile / plain button) | {fmt(med(waspada, 'pile_tap'), 0, ' ms')} | "
        f"{fmt(med(plain, 'pile_tap'), 0, ' ms')} | {ratio('pile_tap')} |",
        f"| tap Join → participant code on screen (the door) | {fmt(med(waspada, 'join_code'), 0, ' ms')} | — | — |",
        f"| tap Join → the app's content warning on screen | {fmt(med(waspada, 'join_tap'), 0, ' ms')} | — | — |",
        f"| link → join button → app's warning (sum, empty cache) | "
        f"{fmt(med([{'t': r['join'] + r['join_tap'] / 1000} for r in waspada], 't'), 1, ' s')} | "
        f"{fmt(med(plain, 'join'), 1, ' s')} | — |",
        f"| joined phone opens its link again → its screen back (cache) | {fmt(med(waspada, 'back'), 1, ' s')} | — | — |",
        f"| bytes on the wire, first load | {kib(first_w)} | {kib(first_p)} | "
        f"{'—' if not first_p else f'{first_w / first_p:.1f}×'} |",
        f"| requests, first load | {med([{'n': len(r['files'])} for r in waspada], 'n') or '—'} | "
        f"{med([{'n': len(r['files'])} for r in plain], 'n') or '—'} | — |",
        f"| bytes on the wire, reload with cache (Waspada: a joined phone back) | "
        f"{kib(med(waspada, 'reload_bytes'))} | "
        f"{kib(med(plain, 'reload_bytes'))} | — |",
        "",
        "First load of Waspada by kind of file (first cold phone):",
        "",
        "| kind | bytes |",
        "|---|---:|",
    ]
    first = waspada[0]
    for kind, size in sorted(first["types"].items(), key=lambda item: -item[1]):
        lines.append(f"| {kind} | {kib(size)} |")
    anywidget = sum(size for size, url in first["files"] if "/anywidget/" in url)
    lines += ["", f"Of which anywidget (read-aloud front end): {kib(anywidget)} "
              f"({100 * anywidget / max(sum(first['types'].values()), 1):.1f} % of the first load).",
              "", "Largest files of that first load:", "", "| bytes | file |", "|---:|---|"]
    for size, url in first["files"][:args.top]:
        lines.append(f"| {kib(size)} | `{urlparse(url).path[-90:]}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold phones per server")
    parser.add_argument("--cpu", type=float, default=4.0, help="CPU slow-down factor")
    parser.add_argument("--kbps", type=float, default=400.0, help="link speed, kbit/s")
    parser.add_argument("--rtt", type=float, default=400.0, help="round trip, ms")
    parser.add_argument("--top", type=int, default=10, help="largest files to list")
    parser.add_argument("--skip-plain", action="store_true", help="only measure Waspada")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="waspada-phone-"))
    waspada_runs: list[dict] = []
    plain_runs: list[dict] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(),
                                             headless=True, args=CHROMIUM_ARGS)
        try:
            server = servers.start_waspada(workdir / "w", max_kernels=20)
            try:
                store = Store.in_data_dir(workdir / "w" / "data")
                for number in range(args.runs):
                    servers.wait_until_quiet(max_seconds=180)
                    say(f"waspada phone {number + 1}/{args.runs} ...")
                    waspada_runs.append(waspada_run(browser, server, store, args,
                                                    warm_too=number == 0))
                    say(f"  join usable {waspada_runs[-1]['join']:.1f} s")
            finally:
                servers.stop(server)
            if not args.skip_plain:
                server = servers.start_plain_voila(workdir / "p")
                try:
                    for number in range(args.runs):
                        servers.wait_until_quiet(max_seconds=180)
                        say(f"plain Voilà phone {number + 1}/{args.runs} ...")
                        plain_runs.append(plain_run(browser, server, args, warm_too=number == 0))
                        say(f"  page usable {plain_runs[-1]['join']:.1f} s")
                finally:
                    servers.stop(server)
        finally:
            browser.close()
    print(report(args, waspada_runs, plain_runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
