"""How many phones the room expects, and how ready the laptop is for them.

Two small JSON files in the data dir, so the facilitator console (a kernel) and the server (its
own process) share them without an HTTP call or a database table:

- ``room-size.json`` ``{"expected": N}``: written by ``waspada serve --expect N`` or by the console
  (``write_expected``); the server re-reads it about every second and grows its pool of ready
  participant pages to N plus a margin, a few kernels at a time.
- ``room-status.json``: written by the server whenever the pool changes (``read_status``):
  ``expected``, ``ready`` (pages that open at once), ``starting``, ``participants`` (pages handed
  out and alive), ``max_kernels`` and ``ready_for`` (phones that can still join without waiting).
  The same JSON is served at ``/waspada/status``.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

ROOM_SIZE_FILE = "room-size.json"
ROOM_STATUS_FILE = "room-status.json"
MAX_EXPECTED = 500


def margin(expected: int) -> int:
    """Spare ready pages beyond the expected count: late arrivals and reloads (10 %, at least 2)."""
    return max(2, math.ceil(expected * 0.1))


def pool_target(expected: int, handed_out: int, minimum: int) -> int:
    """Ready pages to keep: enough for everyone expected who has not joined yet, plus a margin;
    never fewer than ``minimum`` (the ``--pool-size``) once the room has arrived."""
    waiting = max(expected - handed_out, 0)
    return max(minimum, waiting + margin(expected) if expected > 0 else minimum)


def _write_json(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)  # readers never see half a file


def _read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_expected(data_dir: Path, expected: int) -> int:
    """Tell the server how many phones to prepare for (clamped to 0…500); returns what was kept."""
    kept = min(max(int(expected), 0), MAX_EXPECTED)
    _write_json(Path(data_dir) / ROOM_SIZE_FILE, {"expected": kept})
    return kept


def read_expected(data_dir: Path) -> int:
    value = (_read_json(Path(data_dir) / ROOM_SIZE_FILE) or {}).get("expected", 0)
    try:
        return min(max(int(value), 0), MAX_EXPECTED)
    except (TypeError, ValueError):
        return 0


def write_status(data_dir: Path, status: dict) -> None:
    _write_json(Path(data_dir) / ROOM_STATUS_FILE, status)


def read_status(data_dir: Path) -> dict | None:
    """The server's last word on the room (``None`` before the server has written it)."""
    return _read_json(Path(data_dir) / ROOM_STATUS_FILE)
