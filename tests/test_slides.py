"""The projector decks are built from the content, work offline, and are kept up to date."""

from __future__ import annotations

import re

from widgets.content import cached_catalog
from widgets.paths import KIT_ROOT
from widgets.slides import build_deck, write_decks


def test_decks_hold_the_help_numbers_and_every_activity():
    catalog = cached_catalog()
    for lang in ("id", "en"):
        deck = build_deck(catalog, lang)
        for contact in catalog.help.contacts:
            assert contact.number in deck and contact.as_of in deck
        for activity in catalog.agenda.activities:
            assert activity.title(lang).replace("&", "&amp;") in deck or \
                activity.title(lang) in deck
        assert not re.search(r"(src|href)=['\"]https?://", deck)


def test_committed_decks_match_the_content(tmp_path):
    written = write_decks(tmp_path)
    for path in written:
        committed = KIT_ROOT / "slides" / path.name
        assert committed.exists(), f"run `waspada slides` to build {committed.name}"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"{committed} is out of date: run `waspada slides`"
