"""The facilitator PIN: kept as a salted hash in the data dir (outside anything Voilà serves),
checked in constant time, with a room-wide pause after repeated wrong tries."""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

PIN_FILE = "facilitator.json"
MAX_TRIES_BEFORE_PAUSE = 5


def generate_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _digest(pin: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), salt.encode(), 100_000).hex()


def write_pin(data_dir: Path, pin: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(16)
    path = data_dir / PIN_FILE
    path.write_text(json.dumps({"salt": salt, "digest": _digest(pin, salt)}), encoding="utf-8")
    path.chmod(0o600)
    return path


def verify_pin(data_dir: Path, attempt: str) -> bool:
    path = data_dir / PIN_FILE
    if not path.exists() or not attempt:
        return False
    stored = json.loads(path.read_text(encoding="utf-8"))
    return hmac.compare_digest(stored["digest"], _digest(attempt[:32], stored["salt"]))


# The wrong-try pause is kept in the data dir, not in a console page: opening the console again
# (a new page, a new kernel) must not reset it, and every console page shares it.
TRIES_FILE = "pin-tries.json"
PAUSE_SECONDS = 60


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    paused_seconds: int = 0  # > 0: refused without checking, the pause still runs this long


def check_pin(data_dir: Path, attempt: str, now: float | None = None) -> PinCheck:
    """Verify a PIN try under the room-wide pause: after ``MAX_TRIES_BEFORE_PAUSE`` wrong tries
    (from any console page) every try is refused for ``PAUSE_SECONDS``."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    with open(data_dir / TRIES_FILE, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # two console pages trying at once count twice
        handle.seek(0)
        try:
            state = json.loads(handle.read() or "{}")
            wrong, paused_until = int(state.get("wrong", 0)), float(state.get("paused_until", 0))
        except (ValueError, TypeError, AttributeError):
            wrong, paused_until = 0, 0.0
        if paused_until > now:
            return PinCheck(False, int(paused_until - now) + 1)
        ok = verify_pin(data_dir, attempt)
        wrong = 0 if ok else wrong + 1
        if wrong >= MAX_TRIES_BEFORE_PAUSE:
            wrong, paused_until = 0, now + PAUSE_SECONDS
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"wrong": wrong, "paused_until": paused_until}))
    return PinCheck(ok)
