"""The red-flag cards: schema, language parity, sources, pile balance per stage, and the messages
a trainer gets for a broken card (fixtures in tests/fixtures/redflags/)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import broken_copy_message
from widgets.content import check
from widgets.content import redflags as content
from widgets.content.base import ContentError, Text, iter_texts
from widgets.engines.cardsort import PILES

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "redflags"
STAGES = ["tawaran", "dokumen", "berangkat", "bekerja", "pulang"]


@pytest.fixture(scope="module")
def deck() -> content.RedFlags:
    return content.load(DATASETS)


def texts_of(model) -> list[tuple[str, Text]]:
    """Every bilingual text inside a content model, with its key path."""
    return list(iter_texts(model))


def numbers(text: str) -> set[str]:
    """Figures in a text, with thousands separators and decimal marks removed (7.000 = 7,000)."""
    return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


# --------------------------------------------------------------------------- what the issue asks

def test_at_least_forty_cards_across_the_five_stages(deck):
    assert len(deck.cards) >= 40
    assert deck.stage_ids == STAGES
    assert {card.stage for card in deck.cards.values()} == set(STAGES)


def test_every_stage_has_all_three_right_piles(deck):
    piles = {(card.stage, card.pile) for card in deck.cards.values()}
    for stage in STAGES:
        for pile in PILES:
            assert (stage, pile) in piles, f"stage {stage} has no {pile} card"


def test_safe_cards_are_not_a_token(deck):
    counts = Counter(card.pile for card in deck.cards.values())
    assert counts["aman"] >= len(STAGES) * 2
    assert counts["bahaya"] < len(deck.cards) * 0.7  # a sort where everything is danger teaches nothing


def test_some_cards_are_about_people_the_participant_knows(deck):
    known = [card for card in deck.cards.values() if card.someone_you_know]
    assert len(known) >= 10
    assert {card.stage for card in known} == set(STAGES)


def test_small_boats_and_scam_compounds_are_covered(deck):
    situations = " ".join(card.situation("id") + card.why("id") for card in deck.cards.values())
    for place in ("Tanjungbalai", "Asahan", "Batu Bara"):
        assert place in situations
    scam = [c for c in deck.cards.values() if c.stage == "bekerja" and "penipuan daring" in c.why("id")]
    assert scam, "no scam-compound card at the work-abroad stage"


def test_every_card_has_a_source_a_date_and_a_known_indicator_family(deck):
    families = {family.id for family in deck.deck.families}
    for card_id, card in deck.cards.items():
        assert card.source and all(c.publisher and c.title for c in card.source), card_id
        assert re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", card.as_of), card_id
        assert card.indicator.family in families, card_id
    used = {card.indicator.family for card in deck.cards.values()}
    assert used == families, f"families never used: {families - used}"


def test_every_family_carries_its_own_source(deck):
    for family in deck.deck.families:
        assert family.source and family.as_of


def test_card_ids_are_file_names_and_unique(deck):
    files = sorted(p.stem for p in (DATASETS / "redflags").glob("*.yaml")
                   if not p.name.startswith("_"))
    assert sorted(deck.cards) == files
    lowered = [name.lower() for name in files]
    assert len(set(lowered)) == len(lowered)


def test_facilitator_notes_for_the_card_sort(deck):
    notes = deck.deck.facilitator_notes
    assert notes.minutes > 0 and notes.prompts and notes.misconceptions


# --------------------------------------------------------------------------- parity

def test_both_languages_are_written_and_differ(deck):
    for card_id, card in deck.cards.items():
        for key, text in texts_of(card):
            assert text.id.strip() and text.en.strip(), (card_id, key)
            assert text.id != text.en, f"{card_id} {key}: the English is a copy of the Indonesian"


def test_figures_are_the_same_in_both_languages(deck):
    for card_id, card in deck.cards.items():
        for key, text in texts_of(card):
            assert numbers(text.id) == numbers(text.en), (card_id, key, text.id, text.en)


def test_no_unverified_fact_is_shown():
    """Facts the research marks unverified or contradictory must not appear in any card."""
    banned = ["1500630",          # Kemnaker call centre: one blog only
              "Pasal 7 ", "Pasal 17", "Pasal 11",  # article texts not verified
              "19 negara", "21 negara", "19 countries", "21 countries",  # moratorium list differs
              "Rp90 triliun", "SPSK"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in (DATASETS / "redflags").glob("*.yaml"))
    for phrase in banned:
        assert phrase not in text, phrase


# --------------------------------------------------------------------------- broken files

def _broken(tmp_path: Path, fixture: str, name: str | None = None) -> str:
    """Copy the real cards, add one broken card, and return the loader's message."""
    return broken_copy_message(tmp_path, DATASETS / "redflags", FIXTURES / fixture,
                               name or fixture, content.load)


def test_unknown_stage_names_the_line_and_lists_the_stages(tmp_path):
    message = _broken(tmp_path, "stage-unknown.yaml")
    assert "line 1 (key `stage`): `kapal` is not a stage" in message
    assert "tawaran, dokumen, berangkat, bekerja, pulang" in message


def test_not_sure_is_refused_as_a_right_pile(tmp_path):
    message = _broken(tmp_path, "pile-unsure.yaml")
    assert "line 2 (key `pile`)" in message
    assert "`tidak-yakin` is the participant's pile" in message


def test_missing_source_asks_for_source_and_date(tmp_path):
    message = _broken(tmp_path, "no-source.yaml")
    assert "(key `source`): `source` is missing" in message
    assert "(key `as_of`): `as_of` is missing" in message
    assert "add `source:`" in message


def test_missing_english_says_so(tmp_path):
    message = _broken(tmp_path, "no-english.yaml")
    assert "(key `situation.en`): the English text is missing" in message
    assert "add an `en:` line" in message


def test_misspelt_key_suggests_the_right_one(tmp_path):
    message = _broken(tmp_path, "typo-key.yaml")
    assert "line 3 (key `situasi`): `situasi` is not a key this file knows" in message
    assert "did you mean `situation`?" in message


def test_unknown_indicator_family_lists_the_families(tmp_path):
    message = _broken(tmp_path, "family-unknown.yaml")
    assert "line 13 (key `indicator.family`): `ilo-2010` is not an indicator family" in message
    assert "ilo-2009, ilo-kerja-paksa" in message


def test_invalid_yaml_points_at_the_line(tmp_path):
    message = _broken(tmp_path, "not-yaml.yaml")
    assert "line 4: this is not valid YAML" in message
    assert "put text containing ':' or '#' in quotes" in message


def test_bad_file_name_is_explained(tmp_path):
    message = _broken(tmp_path, "Kartu_Baru.yaml")
    assert "the file name `Kartu_Baru` cannot be a card id" in message


def test_bad_date_is_explained(tmp_path):
    message = _broken(tmp_path, "bad-date.yaml")
    assert "(key `as_of`): as_of must be a date written YYYY-MM-DD" in message


def test_a_stage_without_safe_cards_is_refused(tmp_path):
    shutil.copytree(DATASETS / "redflags", tmp_path / "redflags")
    for path in (tmp_path / "redflags").glob("pulang-*.yaml"):
        if "pile: aman" in path.read_text(encoding="utf-8"):
            path.unlink()
    with pytest.raises(ContentError) as caught:
        content.load(tmp_path)
    assert "the stage `pulang` has no card whose right pile is `aman`" in str(caught.value)
    assert "add a `aman` card for this stage" in str(caught.value)


def test_agenda_settings_that_name_an_unknown_stage_are_reported(tmp_path):
    shutil.copytree(DATASETS, tmp_path / "datasets")
    agenda = tmp_path / "datasets" / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    assert "params: {stages: [tawaran, dokumen, berangkat, bekerja, pulang], count: 15}" in text
    agenda.write_text(text.replace("stages: [tawaran, dokumen,", "stages: [kapal, dokumen,"),
                      encoding="utf-8")
    problems = [str(p) for p in check(tmp_path / "datasets")]
    assert any("activities.tanda-bahaya.params" in p and "`kapal` is not a stage" in p
               for p in problems), problems
