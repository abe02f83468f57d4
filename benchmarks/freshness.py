"""How soon a committed answer is visible to another process reading the store.

The live facilitator dashboard does not exist yet, so this measures the path it will stand on:
the benchmark process writes answers with ``Store.record_answer`` (as a participant kernel does)
and a separate reader process polls ``Store.count_answers`` (as a dashboard would). Both stamp
``CLOCK_MONOTONIC``, which is one clock for all processes on Linux.

Run as ``python -m benchmarks.freshness reader URL SESSION COUNT POLL_MS`` (the reader half)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from widgets.engines.store import Store

KIT_ROOT = Path(__file__).resolve().parent.parent


def clock_ns() -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def reader(url: str, session: str, count: int, poll_ms: float) -> None:
    """Print one JSON line per newly visible answer: its ordinal and when it was first seen."""
    store = Store(url)
    seen = store.count_answers(session)
    polls, poll_time = 0, 0
    print(json.dumps({"ready": True}), flush=True)
    while seen < count:
        started = clock_ns()
        now_seen = store.count_answers(session)
        stamp = clock_ns()
        polls += 1
        poll_time += stamp - started
        for ordinal in range(seen + 1, now_seen + 1):
            print(json.dumps({"n": ordinal, "seen": stamp}), flush=True)
        seen = max(seen, now_seen)
        time.sleep(poll_ms / 1000)
    print(json.dumps({"polls": polls, "poll_ms": poll_time / max(polls, 1) / 1e6}), flush=True)


def measure(data_dir: Path, answers: int = 60, poll_ms: float = 2.0) -> dict[str, object]:
    """Write ``answers`` answers at irregular intervals; return per-answer latencies (ms) from
    the start of ``record_answer`` (and from its return) to first sight in the reader."""
    store = Store.in_data_dir(data_dir)
    session = store.create_session("Benchmark freshness", "bench", "2026-11-29")
    participant = store.join(session.code)
    reader_process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.freshness", "reader", store.url, session.code,
         str(answers), str(poll_ms)],
        cwd=KIT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert json.loads(reader_process.stdout.readline()).get("ready")
        calls, returns = {}, {}
        for ordinal in range(1, answers + 1):
            time.sleep(random.uniform(0.02, 0.06))
            calls[ordinal] = clock_ns()
            store.record_answer(session.code, participant.code, "benchmark", f"q{ordinal}",
                                "aman", correct=True)
            returns[ordinal] = clock_ns()
        seen, stats = {}, {}
        for line in reader_process.stdout:
            record = json.loads(line)
            if "n" in record:
                seen[record["n"]] = record["seen"]
            else:
                stats = record
        reader_process.wait(timeout=60)
    finally:
        if reader_process.poll() is None:
            reader_process.kill()
    from_call = [(seen[n] - calls[n]) / 1e6 for n in sorted(seen)]
    from_commit = [(seen[n] - returns[n]) / 1e6 for n in sorted(seen)]
    write_ms = [(returns[n] - calls[n]) / 1e6 for n in calls]
    return {"from_call_ms": from_call, "from_commit_ms": from_commit, "write_ms": write_ms,
            "seen": len(seen), "answers": answers, "poll_interval_ms": poll_ms,
            "poll_cost_ms": stats.get("poll_ms")}


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "reader":
        reader(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit(__doc__)
