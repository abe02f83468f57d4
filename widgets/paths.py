"""Where the kit's folders are. The kit runs from its checkout (`make serve`), so content and
notebooks sit beside the package rather than inside it."""

from __future__ import annotations

import os
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
DATASETS = KIT_ROOT / "datasets"
NOTEBOOKS = KIT_ROOT / "notebooks"
#: The facilitator decks written by `waspada slides`, served at /slides/.
SLIDES = KIT_ROOT / "slides"

#: Set by `waspada serve` for every kernel it starts; absolute, outside the served folder.
DATA_DIR_ENV = "WASPADA_DATA_DIR"
DATASETS_ENV = "WASPADA_DATASETS"


def datasets_dir() -> Path:
    return Path(os.environ.get(DATASETS_ENV) or DATASETS)


def data_dir() -> Path:
    """The answer store's folder: the server's choice, else a per-user folder for self-study
    (never the notebooks folder, which Voilà serves)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "waspada"
