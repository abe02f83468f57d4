"""The two servers the benchmark compares, started the way a facilitator or a plain Voilà user
would, and everything about their processes: kernels, memory, quiet periods, clean shutdown.

Each server gets its own ``JUPYTER_RUNTIME_DIR``; every kernel it starts carries that path in its
command line, so a kernel left behind after the run can be found (and is reported)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from tests.conftest import free_port

KIT_ROOT = Path(__file__).resolve().parent.parent
BASELINE_NOTEBOOK = Path(__file__).with_name("baseline.ipynb")
VENV_BIN = Path(sys.executable).parent
MIB = 1024 * 1024
# Lines in a server log that point at a problem (Voilà/Jupyter log format "[E ...]" or words).
LOG_PROBLEM = re.compile(r"^\[E |^[\w.]+(Error|Exception)\b|\bERROR\b|wrote error|timed out"
                         r"|Timeout waiting")
# Kernel ids, message ids and addresses, so the same problem repeated reads as one.
VARYING = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}|0x[0-9a-f]+|\d+(\.\d+)?ms|:\d{2,5}\b")


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base_url: str
    page_url: str
    log_path: Path
    runtime_dir: Path
    kernel_pids: set[int] = field(default_factory=set)
    log_mark: int | None = None  # length of the log when the benchmark asked it to stop

    def _root(self) -> psutil.Process | None:
        try:
            return psutil.Process(self.process.pid)
        except psutil.NoSuchProcess:
            return None

    def tree(self) -> list[psutil.Process]:
        """The server process and everything it started (kernels are its children)."""
        root = self._root()
        if root is None:
            return []
        try:
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return [root]

    def kernels(self) -> list[psutil.Process]:
        found = []
        for proc in self.tree()[1:]:
            try:
                if "ipykernel" in " ".join(proc.cmdline()):
                    found.append(proc)
            except psutil.NoSuchProcess:
                continue
        self.kernel_pids.update(proc.pid for proc in found)
        return found

    def kernel_process(self, kernel_id: str) -> psutil.Process | None:
        for proc in self.kernels():
            try:
                if f"kernel-{kernel_id}.json" in " ".join(proc.cmdline()):
                    return proc
            except psutil.NoSuchProcess:
                continue
        return None

    def memory(self) -> dict[str, float]:
        """RSS and PSS (MiB) of the server and all its kernels; PSS shares common pages fairly."""
        rss = pss = 0
        processes = self.tree()
        self.kernels()
        for proc in processes:
            try:
                info = proc.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        return {"rss": rss / MIB, "pss": pss / MIB, "processes": len(processes),
                "kernels": len(self.kernels())}

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_problems(self) -> dict[str, dict[str, int]]:
        """Problem lines, grouped by their text without ids, before and during shutdown."""
        text = self.log()
        mark = len(text) if self.log_mark is None else self.log_mark
        grouped: dict[str, dict[str, int]] = {"during the run": {}, "at shutdown": {}}
        for phase, part in (("during the run", text[:mark]), ("at shutdown", text[mark:])):
            for line in part.splitlines():
                if LOG_PROBLEM.search(line):
                    key = VARYING.sub("…", line.strip())[:200]
                    grouped[phase][key] = grouped[phase].get(key, 0) + 1
        return grouped


def _environment(runtime_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("WASPADA_", "JUPYTER_", "VOILA_"))}
    env["JUPYTER_RUNTIME_DIR"] = str(runtime_dir)
    env["TMPDIR"] = str(runtime_dir)  # Voilà keeps kernel connection files in the temp dir
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


LAUNCHED: list[Server] = []  # every server this process started, for stop_all()


def _launch(name: str, command: list[str], port: int, page_path: str, workdir: Path,
            env: dict[str, str]) -> Server:
    log_path = workdir / f"{name}.log"
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=KIT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}/"
    server = Server(name, process, base, base + page_path, log_path,
                    Path(env["JUPYTER_RUNTIME_DIR"]))
    LAUNCHED.append(server)
    # A path no handler serves: any answer means Tornado listens, and no kernel is started.
    probe = base + "benchmark-probe-404"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited while starting:\n{server.log()}")
        try:
            requests.get(probe, timeout=2, allow_redirects=False)
            return server
        except requests.ConnectionError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"{name} did not start within 120 s:\n{server.log()}")


def start_waspada(workdir: Path, max_kernels: int, pool_size: int = 2,
                  expect: int | None = None) -> Server:
    """``waspada serve`` as a facilitator runs it, on a free port. ``expect``: the room is
    prepared (``--expect N``). Every benchmark phone comes from 127.0.0.1, so the per-device cap
    is raised to the room's cap (it is tested in tests/, not measured here)."""
    runtime = workdir / "runtime-waspada"
    runtime.mkdir(parents=True)
    port = free_port()
    command = [str(VENV_BIN / "waspada"), "serve", "--no-browser", "--port", str(port),
               "--data-dir", str(workdir / "data"), "--pin", "135790",
               "--pool-size", str(pool_size), "--max-kernels", str(max_kernels),
               "--max-per-device", str(max_kernels)]
    if expect:
        command += ["--expect", str(expect)]
    return _launch("waspada", command, port, "", workdir, _environment(runtime))


def wait_until_prepared(server: Server, limit: float = 600) -> dict:
    """Poll ``/waspada/status`` until the pool holds its target of ready pages: the time to
    prepare the room, reported apart from the join."""
    start, status = time.monotonic(), {}
    while time.monotonic() - start < limit:
        try:
            status = requests.get(server.base_url + "waspada/status", timeout=5).json()
        except (requests.RequestException, ValueError):
            status = {}
        if status and status["ready"] >= status["target"] and not status["starting"]:
            break
        time.sleep(0.5)
    return {"seconds": time.monotonic() - start, **status}


def start_plain_voila(workdir: Path) -> Server:
    """Plain Voilà on the baseline notebook, with nothing but the port and address set."""
    runtime = workdir / "runtime-voila"
    runtime.mkdir(parents=True)
    port = free_port()
    command = [str(VENV_BIN / "voila"), str(BASELINE_NOTEBOOK), "--no-browser",
               "--port", str(port), "--Voila.ip=127.0.0.1"]
    return _launch("plain-voila", command, port, "", workdir, _environment(runtime))


def _own_processes() -> list[psutil.Process]:
    """This benchmark and everything it started: servers, kernels, Chromium, helpers."""
    me = psutil.Process()
    try:
        return [me, *me.children(recursive=True)]
    except psutil.NoSuchProcess:
        return [me]


def _cpu_seconds(processes) -> float:
    """CPU time used by these processes and by their children that have already ended."""
    total = 0.0
    for proc in processes:
        try:
            times = proc.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def _machine_busy_seconds() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + times.irq + times.softirq


def wait_until_quiet(max_seconds: float = 180, threshold: float = 0.10,
                     calm_samples: int = 2) -> float:
    """Wait until this benchmark's own processes (pool refills, kernel start-ups, browser work)
    use under ``threshold`` of one core, so one phase does not bleed into the next. Other work on
    the machine is not ours to wait for; ``LoadMonitor`` reports it instead."""
    start = time.monotonic()
    calm = 0
    while time.monotonic() - start < max_seconds:
        processes = _own_processes()
        before, clock = _cpu_seconds(processes), time.monotonic()
        time.sleep(1.0)
        used = (_cpu_seconds(processes) - before) / (time.monotonic() - clock)
        calm = calm + 1 if used < threshold else 0
        if calm >= calm_samples:
            break
    return time.monotonic() - start


class LoadMonitor:
    """Samples, in the background, how many cores the rest of the machine (processes this
    benchmark did not start) keeps busy: a shared machine makes timings noisy, and the report
    should say so."""

    def __init__(self, interval: float = 2.0):
        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        busy, own, clock = _machine_busy_seconds(), _cpu_seconds(_own_processes()), time.monotonic()
        while not self._stop.wait(self.interval):
            now_busy, now_own = _machine_busy_seconds(), _cpu_seconds(_own_processes())
            now_clock = time.monotonic()
            other = (now_busy - busy) - (now_own - own)
            self.samples.append(max(other, 0.0) / (now_clock - clock))
            busy, own, clock = now_busy, now_own, now_clock

    def __enter__(self) -> "LoadMonitor":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def summary(self) -> dict[str, float]:
        if not self.samples:
            return {"mean": 0.0, "max": 0.0}
        return {"mean": sum(self.samples) / len(self.samples), "max": max(self.samples)}


def stop(server: Server, wait: float = 60) -> dict[str, object]:
    """Stop the server as Ctrl-C does (it shuts its kernels down), then make sure: kill its
    process group if it hangs, and any kernel still running from its runtime dir."""
    server.kernels()
    server.log_mark = len(server.log())
    report: dict[str, object] = {"graceful": True, "kernels_seen": 0, "strays": []}
    kernels = server.kernels()
    started = time.monotonic()
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            report["graceful"] = False
            try:
                os.killpg(server.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.process.wait(timeout=10)
    # Ctrl-C → the server and every kernel it had are gone (a zombie kernel counts as gone).
    while time.monotonic() - started < wait and _alive(kernels):
        time.sleep(0.1)
    report["seconds"] = time.monotonic() - started
    report["kernels_at_stop"] = len(kernels)
    time.sleep(1.0)
    # Kernels run in their own sessions, so the group kill above does not reach them: find any
    # left by their connection file (under this server's runtime dir) and end them by pid.
    strays = []
    marker = str(server.runtime_dir)
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if marker in " ".join(proc.info.get("cmdline") or []):
            strays.append(proc.info["pid"])
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
    report["strays"] = strays
    report["kernels_seen"] = len(server.kernel_pids)
    return report


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for proc in processes:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.NoSuchProcess:
            continue
    return alive


def stop_all() -> None:
    """Stop any server this process started that is still running (or left kernels)."""
    for server in LAUNCHED:
        if server.process.poll() is None or server.log_mark is None:
            stop(server)


KERNEL_PROBE = """
import os
print("query:", repr(os.environ.get("QUERY_STRING")), "| cells run:", len(In) - 1,
      "| outputs:", {key: type(value).__name__ for key, value in Out.items()})
"""


def probe_kernel(server: Server, kernel_id: str, timeout: float = 20) -> str:
    """Ask a page's kernel (through its connection file) what it ran and what query it got:
    the evidence for a page that never became usable. Diagnostic only; read-only code."""
    from jupyter_client import BlockingKernelClient

    files = list(server.runtime_dir.glob(f"**/kernel-{kernel_id}.json"))
    if not files:
        return "no connection file (kernel gone)"
    client = BlockingKernelClient(connection_file=str(files[0]))
    client.load_connection_file()
    client.start_channels()
    try:
        msg_id = client.execute(KERNEL_PROBE, store_history=False)
        deadline = time.monotonic() + timeout
        text = []
        while time.monotonic() < deadline:
            try:
                message = client.get_iopub_msg(timeout=1)
            except Exception:  # queue.Empty: nothing yet
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                text.append(message["content"]["text"].strip())
            elif message["msg_type"] == "error":
                text.append(f"error {message['content'].get('ename')}")
            elif (message["msg_type"] == "status"
                  and message["content"]["execution_state"] == "idle"):
                return " ".join(text) or "ran, printed nothing"
        return f"no answer within {timeout:.0f} s (kernel busy: still executing the notebook?)"
    finally:
        client.stop_channels()
