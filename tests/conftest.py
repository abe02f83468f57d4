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


# ----------------------------------------------------------------------------- PostgreSQL

def postgres_bindir() -> Path | None:
    """Debian's PostgreSQL binaries (newest version), else whatever ``initdb`` is on PATH."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                        else 0)
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class Postgres:
    """A throwaway PostgreSQL server: unix socket in its own temp folder, a free port."""

    root: Path
    port: int
    bindir: Path
    as_user: list[str]
    databases: int = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database on the server; its URL."""
        import sqlalchemy

        self.databases += 1
        name = f"waspada_{self.databases}"
        engine = sqlalchemy.create_engine(
            self.url().replace("postgresql://", "postgresql+psycopg://"),
            isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres():
    """Start a real PostgreSQL for the test run and remove it afterwards.

    PostgreSQL refuses to run as root, so as root (CI) initdb and the server run as the
    ``postgres`` user through ``runuser``, in a temp folder that user owns."""
    import tempfile

    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found (Debian: apt-get install postgresql); "
                    "`make test` installs them")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("psycopg is not installed: pip install -e '.[test]'")
    root = Path(tempfile.mkdtemp(prefix="waspada-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"],
                   check=True, capture_output=True)
    options = (f"-p {port} -k {root} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    started = subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(root / "server.log"), "-w", "-t", "120", "start"],
                             capture_output=True, text=True)
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{log}")
    try:
        yield Postgres(root, port, bindir, as_user)
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres) -> str:
    """The URL of a new, empty database on the test run's PostgreSQL server."""
    return postgres.new_database()
