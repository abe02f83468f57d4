"""Shared fixtures: a real ``waspada serve`` on a free port and real headless Chromium pages.

Browser tests use Debian's chromium (``/usr/bin/chromium``) when present, else Playwright's own
browser; in CI (``CI=true``) a missing browser fails the run instead of skipping it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from widgets.engines.store import Store

KIT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = KIT_ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1280, "height": 720}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    url: str
    port: int
    data_dir: Path
    pin: str
    process: subprocess.Popen
    log_path: Path
    store: Store = field(init=False)

    def __post_init__(self):
        self.store = Store.in_data_dir(self.data_dir)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(data_dir: Path, log_path: Path, pin: str = "246810", pool_size: int = 1,
                 extra: tuple[str, ...] = (), port: int | None = None) -> Served:
    port = port or free_port()
    log = log_path.open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "widgets.cli", "serve", "--no-browser", "--port", str(port),
         "--data-dir", str(data_dir), "--pin", pin, "--pool-size", str(pool_size), *extra],
        cwd=KIT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"waspada serve exited:\n{log_path.read_text()}")
        try:
            if requests.get(url, allow_redirects=False, timeout=2).status_code == 302:
                return Served(url, port, data_dir, pin, process, log_path)
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"waspada serve did not start:\n{log_path.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """One real server for the test session (participant app preheated, pool of 1)."""
    root = tmp_path_factory.mktemp("served")
    server = start_server(root / "data", root / "serve.log")
    yield server
    stop_server(server.process)


# ----------------------------------------------------------------------------- browser

def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    executable = chromium_executable()
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"]
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=executable, headless=True,
                                                  args=args)
        except Exception as exc:  # no browser at all
            message = f"no Chromium to drive ({exc}); run `make test`, which installs one"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        yield instance
        instance.close()


class OfflinePage:
    """A page whose requests to any non-loopback host are blocked and remembered."""

    def __init__(self, context):
        self.context = context
        self.external: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("websocket", self._websocket)
        self.page.set_default_timeout(60_000)
        # A cold kernel on a busy 2-core machine can take long to stream the page.
        self.page.set_default_navigation_timeout(180_000)

    def _route(self, route):
        host = urlparse(route.request.url).hostname or ""
        # file: is the local disk (a deck opened from a USB stick), never the network.
        if route.request.url.startswith(("data:", "blob:", "about:", "file:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _websocket(self, socket_):
        if (urlparse(socket_.url).hostname or "") not in LOOPBACK:
            self.external.append(socket_.url)


def _offline_page(browser, viewport):
    context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                  is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    offline = OfflinePage(context)
    page = offline.page
    page.external_requests = offline.external
    yield page
    context.close()
    assert offline.external == [], f"requests left the machine: {offline.external}"


@pytest.fixture
def phone(browser):
    yield from _offline_page(browser, PHONE)


@pytest.fixture
def projector(browser):
    yield from _offline_page(browser, PROJECTOR)


@pytest.fixture
def three_phones(browser):
    """Three phones in one room (360×740, each its own browser context, all offline)."""
    from contextlib import ExitStack, contextmanager

    @contextmanager
    def one():
        generator = _offline_page(browser, PHONE)
        page = next(generator)
        try:
            yield page
        finally:
            next(generator, None)

    with ExitStack() as stack:
        yield [stack.enter_context(one()) for _ in range(3)]
