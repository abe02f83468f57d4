"""Recorded audio beside a text (``audio: {id: file, en: file}`` inside any bilingual text): the
files live in ``datasets/audio/`` and ``waspada serve`` publishes that folder at ``/audio/``.
``check`` is part of ``waspada check``: every named file exists, is a sound file and is of a
size a phone on the workshop Wi-Fi can fetch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import Problem, iter_texts

AUDIO_DIR = "audio"
EXTENSIONS = {".mp3", ".ogg", ".oga", ".opus", ".m4a", ".wav", ".webm"}
MIN_BYTES = 1_000          # smaller is an empty or broken file
MAX_BYTES = 8 * 1024 ** 2  # about 8 minutes of speech in MP3 at 128 kbit/s


def _named_at(root: Path, name: str) -> tuple[Path, int | None]:
    """The content file (and line) that names a recording, for the trainer's message."""
    for path in sorted(root.rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if name in line and "audio" in line or line.strip().endswith(f": {name}"):
                return path, number
    return root / AUDIO_DIR, None


def check(root: Path, content: dict[str, Any]) -> list[Problem]:
    problems = []
    folder = root / AUDIO_DIR
    for key, text in iter_texts(content):
        for lang, name in (text.audio or {}).items():
            where = f"{key}.audio.{lang}"
            path = folder / name
            what = None
            if lang not in ("id", "en"):
                what, fix = f"`{lang}` is not a language of the kit", "use `id` or `en`"
            elif Path(name).name != name:
                what, fix = f"`{name}` is not a plain file name", f"put the file in {folder}"
            elif path.suffix.lower() not in EXTENSIONS:
                what = f"`{name}` is not a sound file the phones can play"
                fix = f"use one of {', '.join(sorted(EXTENSIONS))}"
            elif not path.is_file():
                what, fix = f"the recording `{name}` is not in {folder}", \
                    "copy the file there or correct its name"
            elif not MIN_BYTES <= path.stat().st_size <= MAX_BYTES:
                size = path.stat().st_size
                what = f"the recording `{name}` is {size:,} bytes"
                fix = (f"use a recording between {MIN_BYTES:,} bytes and {MAX_BYTES // 1024 ** 2}"
                       " MB (MP3 or Ogg at 64 kbit/s keeps speech clear and small)")
            if what:
                file, line = _named_at(root, name)
                problems.append(Problem(file, where, what, fix, line))
    return problems
