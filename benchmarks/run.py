"""Waspada against plain Voilà, on this machine, in one run.

    .venv/bin/python benchmarks/run.py [--participants 40] [--quick] [--output FILE]

Starts a real ``waspada serve`` and then plain ``voila benchmarks/baseline.ipynb`` (one at a time,
so neither steals the other's CPU), puts each through the same phases, stops it and checks no
kernel is left, then prints a Markdown report: machine facts, one table with a waspada / plain
ratio column, notes and anything odd seen in the server logs. Progress goes to stderr.

This is a benchmark that prints, not a test: nothing here asserts a time. See README.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import urlparse

KIT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT_ROOT))

import psutil  # noqa: E402
import requests  # noqa: E402

from benchmarks import freshness, servers  # noqa: E402
from benchmarks.browser import (PAGE_TIMEOUT_MS, Phone, chromium_version,  # noqa: E402
                                launch)
from benchmarks.servers import MIB, Server  # noqa: E402
from widgets.engines.store import Store  # noqa: E402

KIB = 1024
ARTIFACTS = KIT_ROOT / "test-artifacts"  # git-ignored: server logs, screenshots of stuck pages


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- what differs

@dataclass
class Target:
    """What the benchmark needs to know about one of the two servers' participant pages."""
    label: str
    server: Server
    phone_url: str            # what a phone opens (waspada: the QR code's link)
    ready: str                # CSS selector visible once the page is usable
    click: str                # the element a participant taps
    feedback_js: str          # JS expression, true once the tap's feedback is on screen
    before_click: Callable[[Phone], Awaitable[None]]
    # Waspada only: move the whole room to the next activity (the facilitator's "open"), and
    # what each phone shows once it has followed; None where the server has no room pacing.
    move_room: Callable[[], None] | None = None
    after_move: str | None = None
    after_feedback: str | None = None  # tapped after the click's feedback, before a room move
    ready_state: str = "visible"  # or "attached": drawn, though out of sight

    async def visit(self, phone: "Phone") -> float:
        return await phone.visit(self.phone_url, self.ready, self.ready_state)


def waspada_target(server: Server, session_code: str, store: Store) -> Target:
    async def fill_code(phone: Phone) -> None:
        await phone.page.fill(".wsp-session-input input", session_code)

    move, after = None, None
    if hasattr(store, "update_room"):  # room pacing (the live-workshop issue) is on this branch
        from widgets.content import load_catalog

        activity = next(iter(load_catalog().agenda.activities)).id

        def move() -> None:
            store.update_room(session_code, mode="follow", activity=activity)

        after = f".wsp-activity-{activity}"

    return Target(
        label="waspada", server=server, phone_url=f"{server.base_url}?sesi={session_code}",
        # Usable: the app's widgets are drawn (behind the join door, which is on screen from the
        # first second: benchmarks/phone.py). The tap is Join, at the door; its feedback is the
        # app's content warning with the door gone (laptop admits, the kernel takes the claim).
        ready=".wsp-app .wsp-door-home", ready_state="attached", click=".wsp-join",
        feedback_js="(() => { const el = document.querySelector('.wsp-warning-ok');"
                    " return !!el && el.offsetParent !== null"
                    " && !document.getElementById('wsp-door'); })()",
        before_click=fill_code, move_room=move, after_move=after,
        after_feedback=".wsp-warning-ok")


def plain_target(server: Server) -> Target:
    async def nothing(_phone: Phone) -> None:
        return None

    return Target(
        label="plain Voilà", server=server, phone_url=server.page_url,
        ready=".bench-button", click=".bench-button",
        feedback_js="(() => { const el = document.querySelector('.bench-label');"
                    " return !!el && el.textContent.indexOf('Clicked:') >= 0; })()",
        before_click=nothing)


# ------------------------------------------------------------------------------- phases

def http_surge(url: str, count: int, limit: float = PAGE_TIMEOUT_MS / 1000) -> dict[str, object]:
    """``count`` GETs released at the same instant; each timed until its whole body is in. A
    request with no complete page after ``limit`` seconds is abandoned (a kernel that died while
    starting leaves Voilà's response open forever) and counted, not timed."""
    barrier = threading.Barrier(count)

    def one(_index: int) -> tuple[float, int, int, str]:
        barrier.wait()
        start = time.perf_counter()
        try:
            with requests.get(url, timeout=(10, limit), stream=True) as response:
                size = 0
                for chunk in response.iter_content(65536):
                    size += len(chunk)
                    if time.perf_counter() - start > limit:
                        return time.perf_counter() - start, 0, size, "no full page in time"
                return time.perf_counter() - start, response.status_code, size, ""
        except requests.RequestException as error:
            return time.perf_counter() - start, 0, 0, type(error).__name__

    wall_start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - wall_start
    complete = [r for r in results if r[1] == 200]
    return {"times": [r[0] for r in complete], "statuses": [r[1] for r in results],
            "html_bytes": [r[2] for r in complete], "errors": [r[3] for r in results if r[3]],
            "wall": wall}


def kernel_rss(server: Server, phone: Phone) -> float | None:
    if not phone.kernel_ids:
        return None
    process = server.kernel_process(phone.kernel_ids[-1])
    if process is None:
        return None
    try:
        return process.memory_info().rss / MIB
    except psutil.NoSuchProcess:
        return None


async def quiet(label: str) -> None:
    waited = await asyncio.to_thread(servers.wait_until_quiet)
    say(f"  {label}: machine quiet after {waited:.0f} s")


async def measure_target(target: Target, browser, participants: int, browsers: int,
                         singles: int, external: list[str]) -> dict[str, object]:
    server, out = target.server, {}
    await quiet("after start-up (pool filled)")
    out["idle_memory"] = server.memory()

    say(f"  join surge: {participants} concurrent GETs of {server.base_url}")
    out["surge"] = await asyncio.to_thread(http_surge, server.base_url, participants)
    await quiet("after the surge")
    out["surge_memory"] = server.memory()

    say(f"  browser surge: {browsers} Chromium pages at once")
    phones = [await Phone.open(browser, external) for _ in range(browsers)]
    results = await asyncio.gather(*(target.visit(phone)
                                      for phone in phones), return_exceptions=True)
    out["browser_surge"] = [r for r in results if isinstance(r, float)]
    out["browser_surge_errors"] = []
    for index, (phone, result) in enumerate(zip(phones, results)):
        if not isinstance(result, float):
            shot = ARTIFACTS / f"benchmark-{server.name}-surge-{index + 1}.png"
            seen = await phone.diagnose(shot)
            if phone.kernel_ids:
                seen += "; its kernel says: " + await asyncio.to_thread(
                    servers.probe_kernel, server, phone.kernel_ids[-1])
            out["browser_surge_errors"].append(
                f"page {index + 1}: {type(result).__name__}: {seen}")
    ready = [phone for phone, result in zip(phones, results) if isinstance(result, float)]
    say(f"  click → feedback on the {len(ready)} surge pages, all connected, tapping together")
    out["surge_clicks"] = await surge_clicks(target, ready)
    out["room_moves"] = await room_move(target, ready)
    for phone in phones:
        await phone.close()
    await quiet("after the browser surge")

    say(f"  {singles} phones one after another: bytes, kernel memory, click → feedback")
    out.update(single=[], kernel_rss=[], kernel_rss_after_click=[], clicks=[],
               single_errors=[])
    for index in range(singles):
        phone = await Phone.open(browser, external)
        if index:
            await quiet(f"before phone {index + 1}")
        try:
            out["single"].append(await target.visit(phone))
            if index == 0:
                await phone.settle()
                out["first_load"] = phone.meter.snapshot()
            rss = kernel_rss(server, phone)
            if rss is not None:
                out["kernel_rss"].append(rss)
            if index == 0:
                # Second visit in the same context: what the HTTP cache saves.
                phone.meter.reset()
                await target.visit(phone)
                await phone.settle()
                out["repeat_load"] = phone.meter.snapshot()
                out["ws_extensions"] = sorted(phone.meter.ws_extensions)
            await target.before_click(phone)
            # A participant reads the screen before tapping: let pool refills finish first.
            await asyncio.to_thread(servers.wait_until_quiet)
            out["clicks"].append(await phone.click_to_feedback(target.click, target.feedback_js))
            rss = kernel_rss(server, phone)
            if rss is not None:
                out["kernel_rss_after_click"].append(rss)
        except Exception as error:  # a slow or broken page is a finding, not a crash
            shot = ARTIFACTS / f"benchmark-{server.name}-phone-{index + 1}.png"
            out["single_errors"].append(
                f"phone {index + 1}: {type(error).__name__}: {await phone.diagnose(shot)}")
        finally:
            await phone.close()
    await quiet("after the single phones")
    out["final_memory"] = server.memory()
    return out


async def surge_clicks(target: Target, phones: list[Phone]) -> list[float]:
    async def one(phone: Phone) -> float | None:
        try:
            await target.before_click(phone)
            return await phone.click_to_feedback(target.click, target.feedback_js)
        except Exception as error:  # noqa: BLE001 - a finding, reported as a missing sample
            say(f"    a surge click failed: {type(error).__name__}: {error}"[:300])
            return None
    return [value for value in await asyncio.gather(*(one(p) for p in phones))
            if value is not None]


async def room_move(target: Target, phones: list[Phone]) -> list[float] | None:
    """Seconds from the facilitator's move (a store write) until each connected phone shows
    the new activity (it polls the room about once a second). None: no room pacing."""
    if target.move_room is None or not phones:
        return None
    try:
        for phone in phones:
            await phone.page.click(target.after_feedback)
        await asyncio.sleep(2)  # every phone on its agenda, its room poll running
    except Exception as error:  # noqa: BLE001
        say(f"    could not bring the phones to their agenda: {error}"[:300])
        return []
    start = time.perf_counter()
    await asyncio.to_thread(target.move_room)

    async def one(phone: Phone) -> float | None:
        try:
            await phone.page.wait_for_selector(target.after_move, state="visible",
                                               timeout=120_000)
            return time.perf_counter() - start
        except Exception:  # noqa: BLE001
            return None
    return [value for value in await asyncio.gather(*(one(p) for p in phones))
            if value is not None]


# ------------------------------------------------------------------------------- report

def median(values): return statistics.median(values) if values else None


def p90(values):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def fmt(value, digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str) or b == 0:
        return "—"
    return f"{a / b:.2f}×"


def rows_for(w: dict, p: dict, participants: int, browsers: int, singles: int,
             fresh: dict) -> list[tuple[str, object, object, int]]:
    """(metric, waspada value, plain value, decimals); decimals -1: a count, no ratio."""
    def get(result, *keys):
        value = result
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def kib(result, phase, key):
        value = get(result, phase, key)
        return value / KIB if value is not None else None

    def per(result, key):
        memory = result.get("surge_memory")
        return memory[key] / participants if memory else None

    def not_ok(result):
        return sum(1 for status in result["surge"]["statuses"] if status != 200)

    def surge(result, pick):
        times = result["surge"]["times"]
        return pick(times) if times else None

    return [
        (f"Join surge, {participants} GETs at once: full HTML received, median (s)",
         surge(w, median), surge(p, median), 2),
        ("Join surge: fastest (s)", surge(w, min), surge(p, min), 2),
        ("Join surge: p90 (s)", surge(w, p90), surge(p, p90), 2),
        ("Join surge: slowest complete page (s)", surge(w, max), surge(p, max), 2),
        ("Join surge: wall time until every GET was answered or given up (s)",
         w["surge"]["wall"], p["surge"]["wall"], 2),
        (f"Join surge: GETs without a full page (not 200, or none within "
         f"{PAGE_TIMEOUT_MS // 1000} s)", not_ok(w), not_ok(p), -1),
        (f"Browser surge, {browsers} Chromium pages at once: open → interactive, median of "
         "the pages that got there (s)",
         median(w["browser_surge"]), median(p["browser_surge"]), 2),
        (f"Browser surge: pages still not usable after {PAGE_TIMEOUT_MS // 1000} s",
         browsers - len(w["browser_surge"]), browsers - len(p["browser_surge"]), -1),
        ("Browser surge: slowest page (s)", max(w["browser_surge"], default=None),
         max(p["browser_surge"], default=None), 2),
        (f"One phone alone: open → interactive, median of {singles} (s)",
         median(w["single"]), median(p["single"]), 2),
        (f"Memory: one participant kernel, RSS when interactive, median of {singles} (MiB)",
         median(w["kernel_rss"]), median(p["kernel_rss"]), 0),
        ("Memory: that kernel after the first click (MiB)",
         median(w["kernel_rss_after_click"]), median(p["kernel_rss_after_click"]), 0),
        (f"Memory: server + all kernels after the surge, RSS ÷ {participants} (MiB)",
         per(w, "rss"), per(p, "rss"), 0),
        (f"Memory: server + all kernels after the surge, PSS ÷ {participants} (MiB)",
         per(w, "pss"), per(p, "pss"), 0),
        ("Memory: server (+ preheated pool) at rest, before any phone, RSS (MiB)",
         get(w, "idle_memory", "rss"), get(p, "idle_memory", "rss"), 0),
        ("Kernels alive after the surge (incl. preheated pool)",
         get(w, "surge_memory", "kernels"), get(p, "surge_memory", "kernels"), -1),
        (f"Kernels alive at the end ({participants} + {browsers} + {singles + 1} pages opened)",
         get(w, "final_memory", "kernels"), get(p, "final_memory", "kernels"), -1),
        ("Bytes per phone, first load: HTTP on the wire (KiB)",
         kib(w, "first_load", "http_bytes"), kib(p, "first_load", "http_bytes"), 0),
        ("Bytes per phone, first load: HTTP requests",
         get(w, "first_load", "requests"), get(p, "first_load", "requests"), 0),
        ("Bytes per phone, first load: WebSocket received + sent (KiB)",
         _ws(w, "first_load"), _ws(p, "first_load"), 0),
        ("Bytes per phone, repeat load (same context): HTTP on the wire (KiB)",
         kib(w, "repeat_load", "http_bytes"), kib(p, "repeat_load", "http_bytes"), 0),
        ("Bytes per phone, repeat load: requests served from cache",
         get(w, "repeat_load", "from_cache"), get(p, "repeat_load", "from_cache"), 0),
        ("Bytes per phone, repeat load: WebSocket received + sent (KiB)",
         _ws(w, "repeat_load"), _ws(p, "repeat_load"), 0),
        (f"Click → feedback on screen, median of {singles} (ms)",
         median(w["clicks"]), median(p["clicks"]), 0),
        ("Click → feedback, slowest (ms)", max(w["clicks"], default=None),
         max(p["clicks"], default=None), 0),
        ("Facilitator freshness (store path only*): answer written → seen by another "
         "process, median (ms)", median(fresh["from_call_ms"]), "n/a (no store)", 1),
        ("Facilitator freshness (store path only*): p90 (ms)",
         p90(fresh["from_call_ms"]), "n/a (no store)", 1),
        ("Requests to non-loopback hosts (blocked and counted; must be 0 for waspada)",
         w["external"], p["external"], -1),
        (f"Click → feedback with the {browsers} surge pages connected and tapping together, "
         "p95 (ms)", p95(w.get("surge_clicks", [])), p95(p.get("surge_clicks", [])), 0),
        ("Room move: facilitator opens an activity → every surge page shows it, p95 (s)",
         p95(w.get("room_moves") or []), "n/a (no room)", 2),
        ("Ctrl-C → server and every kernel gone (s)", w.get("stop_s"), p.get("stop_s"), 1),
        ("Preparing the room (`--expect`): pool filled, not counted in the join (s)",
         get(w, "prepared", "seconds"), "n/a", 0),
    ]


def _ws(result, phase):
    snapshot = result.get(phase)
    if not snapshot:
        return None
    return (snapshot["ws_received"] + snapshot["ws_sent"]) / KIB


def table(rows) -> str:
    lines = ["| metric | waspada | plain Voilà | ratio (waspada / plain) |",
             "|---|---:|---:|---:|"]
    for metric, wasp, plain, digits in rows:
        shown = ratio(wasp, plain) if digits >= 0 else "—"
        digits = max(digits, 0)
        lines.append(f"| {metric} | {fmt(wasp, digits)} | {fmt(plain, digits)} | {shown} |")
    return "\n".join(lines)


def machine_facts() -> list[str]:
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        commit = subprocess.run(["git", "-C", str(KIT_ROOT), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return [
        f"- Code: waspada {version('waspada')} at commit {commit or 'unknown'}",
        f"- CPU: {os.cpu_count()} logical CPUs ({psutil.cpu_count(logical=False)} physical), "
        f"{cpu_model}",
        f"- Memory: {psutil.virtual_memory().total / 1024**3:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}; voila {version('voila')}, "
        f"ipywidgets {version('ipywidgets')}, ipykernel {version('ipykernel')}, "
        f"jupyter_server {version('jupyter_server')}, tornado {version('tornado')}",
        f"- Browser: {chromium_version()} headless, driven by playwright {version('playwright')}",
    ]


def anomalies(results: dict[str, dict], stops: dict[str, dict], fresh: dict) -> list[str]:
    notes = []
    for label, result in results.items():
        surge = result["surge"]
        if surge["errors"]:
            notes.append(f"- {label}: join-surge requests that failed: "
                         f"{len(surge['errors'])} ({', '.join(sorted(set(surge['errors'])))})")
        bad = sorted({s for s in surge["statuses"] if s not in (0, 200)})
        if bad:
            notes.append(f"- {label}: join-surge statuses other than 200: {bad}")
        for key in ("browser_surge_errors", "single_errors"):
            for error in result.get(key, [])[:5]:
                notes.append(f"- {label}: {key.replace('_', ' ')}: {error[:600]}")
        for phase, problems in result.get("log_problems", {}).items():
            if not problems:
                continue
            notes.append(f"- {label}: {sum(problems.values())} problem line(s) in the server "
                         f"log {phase} ({len(problems)} distinct; ids replaced by …):")
            for line, count in sorted(problems.items(), key=lambda item: -item[1])[:8]:
                notes.append(f"    - {count}× `{line}`")
        if any("_xsrf" in line for problems in result.get("log_problems", {}).values()
               for line in problems):
            notes.append(f"- {label}: the `_xsrf` 403s are Voilà's page-unload kernel shutdown "
                         "being refused (voila-dashboards/voila#1458): the kernel of a page that "
                         "is reloaded or left keeps running until it is culled.")
        if any("Address already in use" in line
               for problems in result.get("log_problems", {}).values() for line in problems):
            notes.append(f"- {label}: `Address already in use`: a kernel could not bind the port "
                         "jupyter_client had picked for it (ports are chosen, released, then bound "
                         "by the kernel, so kernels starting together can collide: "
                         "jupyter/jupyter_client#487); it died and its page never arrived.")
        if result.get("external_urls"):
            hosts = sorted({urlparse(url).hostname or url for url in result["external_urls"]})
            notes.append(f"- {label}: the page asked for non-loopback hosts (blocked): "
                         f"{', '.join(hosts)}")
        stop = stops.get(label, {})
        if stop:
            notes.append(f"- {label}: {stop['kernels_seen']} kernels seen; after the server "
                         f"stopped, {len(stop['strays'])} kernel process(es) were still running")
        if stop and not stop.get("graceful"):
            notes.append(f"- {label}: did not stop within 60 s of SIGINT; process group killed")
        if stop.get("strays"):
            notes.append(f"- {label}: {len(stop['strays'])} kernel process(es) still running after "
                         f"the server stopped; killed by pid {stop['strays']}")
    if fresh.get("seen") != fresh.get("answers"):
        notes.append(f"- freshness: reader saw {fresh.get('seen')} of {fresh.get('answers')} answers")
    return notes


def report(args, command: str, results: dict, stops: dict, fresh: dict, started: datetime,
           elapsed: float) -> str:
    w, p = results["waspada"], results["plain Voilà"]
    rows = rows_for(w, p, args.participants, args.browsers, args.singles, fresh)
    ws_ext = {label: ", ".join(result.get("ws_extensions", [])) or "none"
              for label, result in results.items()}
    lines = [
        f"# Waspada vs plain Voilà — benchmark of {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Command: `{command}` (took {elapsed / 60:.1f} min)",
        "",
        "Machine:",
        *machine_facts(),
        "",
        table(rows),
        "",
        "Notes:",
        f"- waspada: `waspada serve --no-browser --pool-size {args.pool_size} "
        f"--max-kernels {args.max_kernels} --expect {args.expect}` (the room is prepared before "
        "the join surge: the pool of ready participant pages grows to the expected count plus "
        "10 %, paced; the time it took is its own row, not part of the join; gzip on); "
        "plain: `voila benchmarks/baseline.ipynb --no-browser --port P` (ipywidgets + pandas + "
        "folium imported, one Button updating a Label, no preheating). Servers run one after "
        "the other on the same machine; each phase starts when the machine's CPU is quiet.",
        "- Join surge: GETs of `/` (waspada redirects to the participant app) released together "
        "from threads; each kernel a GET starts stays alive afterwards, as a phone's would.",
        "- Browser pages: Debian Chromium, headless, phone viewport 360×740, each in its own "
        "context. Interactive = waspada: the app's widgets drawn behind the join door "
        "(`.wsp-app .wsp-door-home` in the page; the door itself, plain HTML, is usable long "
        "before: benchmarks/phone.py), plain: the Button visible.",
        "- Memory: kernel found by the kernel id in the page's WebSocket URL. RSS counts shared "
        "pages in every process; PSS divides them fairly, so PSS ÷ N is the better per-phone cost.",
        "- Bytes: Chromium DevTools `Network.loadingFinished.encodedDataLength` (headers + body as "
        "transferred, gzip where the server compresses) summed until no HTTP request for 1.5 s "
        "after the page is interactive; WebSocket = frame payloads (permessage-deflate "
        f"negotiated: waspada {ws_ext.get('waspada')}, plain {ws_ext.get('plain Voilà')}). "
        "Repeat load = the same URL again in the same browser context, before joining.",
        "- Click → feedback: stamped inside the page (`performance.now()` at the click event, "
        "then at the first DOM mutation that shows the feedback). waspada: type the session "
        "code at the join door, tap Join (`.wsp-join`) until the app's content warning OK "
        "(`.wsp-warning-ok`) is visible and the door gone: the laptop admits the participant "
        "(a store write), leaves a claim, and the page's kernel, which looks every 250 ms, takes "
        "it and draws the warning. plain: tap the Button until the Label's text changes. One "
        "click per fresh page.",
        f"- *Facilitator freshness: the store path under the console's live results (which "
        f"re-reads every 1.5 s): `Store.record_answer` in the benchmark "
        f"process → first seen by `Store.count_answers` polled every "
        f"{fresh['poll_interval_ms']:g} ms from a second process, on waspada's SQLite file "
        f"after the run ({fresh['answers']} answers; one write took median "
        f"{median(fresh['write_ms']):.1f} ms; one poll {fresh['poll_cost_ms']:.2f} ms). "
        "Plain Voilà has no shared store, so there is nothing to compare.",
        "- Non-loopback requests: Chromium runs behind a proxy that refuses everything "
        "(loopback bypasses it) and every page request to another host is counted.",
        "",
        "- Load average (1, 5, 15 min) before and after each server's phases: " + "; ".join(
            f"{label} {tuple(round(x, 1) for x in result['loadavg'][0])} → "
            f"{tuple(round(x, 1) for x in result['loadavg'][1])}"
            for label, result in results.items() if "loadavg" in result) + ".",
        "- Other work on this machine during the run (processes this benchmark did not start), "
        "in busy cores out of " + str(os.cpu_count()) + ": " + "; ".join(
            f"{label} phase mean {result['other_load']['mean']:.2f}, "
            f"max {result['other_load']['max']:.2f}"
            for label, result in results.items() if "other_load" in result) + ".",
        "",
        "Anomalies:",
        *anomalies(results, stops, fresh),
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------- main

async def run(args, workdir: Path) -> tuple[dict, dict, dict]:
    from playwright.async_api import async_playwright

    results: dict[str, dict] = {}
    stops: dict[str, dict] = {}
    fresh: dict = {}
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        try:
            for label in ("waspada", "plain Voilà"):
                say(f"{label}: starting")
                load_before = os.getloadavg()
                prepared = None
                if label == "waspada":
                    server = servers.start_waspada(workdir, max_kernels=args.max_kernels,
                                                   pool_size=args.pool_size, expect=args.expect)
                    store = Store.in_data_dir(workdir / "data")
                    session = store.create_session("Benchmark", "Sei Rampah", "2026-11-29")
                    target = waspada_target(server, session.code, store)
                    if args.expect:
                        say(f"  preparing the room for {args.expect} phones (--expect)")
                        prepared = await asyncio.to_thread(servers.wait_until_prepared, server)
                        say(f"  room prepared in {prepared['seconds']:.0f} s: {prepared}")
                else:
                    server = servers.start_plain_voila(workdir)
                    target = plain_target(server)
                external: list[str] = []
                monitor = servers.LoadMonitor()
                try:
                    with monitor:
                        results[label] = await measure_target(
                            target, browser, args.participants, args.browsers, args.singles,
                            external)
                    results[label]["other_load"] = monitor.summary()
                    results[label]["prepared"] = prepared
                    results[label]["loadavg"] = [load_before, os.getloadavg()]
                    if label == "waspada":
                        say("  facilitator freshness (store path)")
                        fresh = await asyncio.to_thread(freshness.measure, workdir / "data",
                                                        args.answers)
                finally:
                    say(f"{label}: stopping")
                    stops[label] = await asyncio.to_thread(servers.stop, server)
                    if label in results:
                        results[label]["stop_s"] = stops[label].get("seconds")
                        results[label]["external"] = len(external)
                        results[label]["external_urls"] = external
                        results[label]["log_problems"] = server.log_problems()
        finally:
            await browser.close()
    return results, stops, fresh


def p95(values):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(KIT_ROOT), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


BLANK_AFTER_SECONDS = 60


def headline(args, results: dict, stops: dict) -> dict:
    """The figures issue 13 asks for, per server (None where not measured)."""
    def one(result: dict, stop: dict) -> dict:
        surge = result["surge"]
        memory = result.get("surge_memory") or {}
        idle = result.get("idle_memory") or {}
        first, repeat = result.get("first_load") or {}, result.get("repeat_load") or {}
        late = sum(1 for value in result["browser_surge"] if value > BLANK_AFTER_SECONDS)
        moves = result.get("room_moves")
        return {
            "join_p95_s": p95(surge["times"]),
            "join_failures": sum(1 for status in surge["statuses"] if status != 200),
            "pss_per_participant_mib": memory.get("pss", 0) / args.participants or None,
            "rss_per_participant_mib": memory.get("rss", 0) / args.participants or None,
            "server_rest_mib": idle.get("rss"),
            "server_rest_pss_mib": idle.get("pss"),
            "first_load_bytes": first.get("http_bytes"),
            "repeat_load_bytes": repeat.get("http_bytes"),
            "click_feedback_p95_ms": p95(result.get("surge_clicks", []) + result["clicks"]),
            "room_move_p95_s": p95(moves) if moves else None,
            "stop_s": stop.get("seconds"),
            "browser_blank_pages": args.browsers - len(result["browser_surge"]) + late,
            "prepare_s": (result.get("prepared") or {}).get("seconds"),
            "loadavg_before_after": result.get("loadavg"),
        }
    return {"participants": args.participants, "browsers": args.browsers,
            "commit": commit(), "expect": args.expect,
            "waspada": one(results["waspada"], stops.get("waspada", {})),
            "plain": one(results["plain Voilà"], stops.get("plain Voilà", {}))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=None,
                        help="phones in the join surge (default 40; 10 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a smaller run: 10 participants, 3 browser pages, 3 clicks")
    parser.add_argument("--browsers", type=int, default=None,
                        help="real Chromium pages opened at once (default 5; 3 with --quick)")
    parser.add_argument("--singles", type=int, default=None,
                        help="phones opened one by one for memory and clicks (default 5)")
    parser.add_argument("--answers", type=int, default=None,
                        help="answers written in the freshness phase (default 100)")
    parser.add_argument("--pool-size", type=int, default=2,
                        help="waspada's preheated kernels (default 2, as `waspada serve`)")
    parser.add_argument("--expect", type=int, default=None,
                        help="waspada's room is prepared for this many phones before the join "
                        "surge (`serve --expect`; default: the participants; 0: not prepared)")
    parser.add_argument("--output", type=Path, default=None,
                        help="also write the report to this Markdown file")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also write the headline figures (issue 13's keys) as JSON")
    args = parser.parse_args(argv)
    quick = args.quick
    args.participants = args.participants or (10 if quick else 40)
    args.browsers = args.browsers or (3 if quick else 5)
    args.singles = args.singles or (3 if quick else 5)
    args.answers = args.answers or (30 if quick else 100)
    args.expect = args.participants if args.expect is None else args.expect
    # waspada's default cap (60) unless this run needs more: the cap is not what is measured.
    needed = args.participants + args.browsers + args.singles + 1 + 5
    args.max_kernels = max(60, needed)

    command = shlex.join([".venv/bin/python", "benchmarks/run.py",
                          *(argv if argv is not None else sys.argv[1:])])
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    # Warm the OS file cache for the heavy imports, so whichever server runs first pays no
    # cold-disk penalty the second does not.
    subprocess.run([sys.executable, "-c", "import pandas, folium, ipywidgets, ipykernel"],
                   check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as tmp:
        workdir = Path(tmp)
        try:
            results, stops, fresh = asyncio.run(run(args, workdir))
        finally:
            servers.stop_all()  # after Ctrl-C or a crash too: no server or kernel outlives us
            # Server logs are kept with the test artefacts (git-ignored) for reading later.
            for name in ("waspada", "plain-voila"):
                log = workdir / f"{name}.log"
                if log.exists():
                    kept = ARTIFACTS / f"benchmark-{name}.log"
                    kept.write_text(log.read_text(errors="replace"))
                    say(f"server log kept: {kept.relative_to(KIT_ROOT)}")
    text = report(args, command, results, stops, fresh, started, time.monotonic() - clock)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(headline(args, results, stops), indent=2) + "\n")
        say(f"JSON written to {args.json}")
    if args.output:
        args.output.write_text(text)
        say(f"report written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
