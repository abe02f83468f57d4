"""The facilitator PIN: kept as a salted hash in the data dir (outside anything Voilà serves),
checked in constant time, with a pause after repeated wrong tries."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
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
