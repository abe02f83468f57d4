"""The 2026 content review (issue 9): sources are citations readable in Indonesian, `waspada facts`
lists every fact with its date, and the corrected legal claims stay corrected."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from tests.helpers import broken_copy_message
from widgets.cli import main
from widgets.content import ContentError, load_catalog
from widgets.content import redflags
from widgets.content.base import Citation, Sourced, Text, cite, english_words, load_yaml
from widgets.content.facts import Fact, collect, old_facts, report, warn_old
from widgets.content.geo import load as load_geo
from widgets.paths import DATASETS

FIXTURES = Path(__file__).parent / "fixtures" / "citations"
CATALOG = load_catalog()
TODAY = date(2026, 12, 4)


class Note(Sourced):
    text: Text


def problems(name: str) -> str:
    with pytest.raises(ContentError) as caught:
        load_yaml(FIXTURES / name, Note)
    return str(caught.value)


# ----------------------------------------------------------------------------- citation model

def test_a_good_source_is_a_list_of_citations():
    note = load_yaml(FIXTURES / "good.yaml", Note)
    assert [c.publisher for c in note.source] == ["Pemerintah RI", "ILO"]
    shown = cite(note.source, "id")
    assert "22 Nov 2017, Pasal 5" in shown
    assert "(dalam bahasa Inggris)" in shown and "(in English)" in cite(note.source, "en")


def test_a_single_citation_may_be_written_without_a_list():
    note = Note.model_validate({"text": {"id": "a", "en": "b"}, "as_of": "2022",
                                "source": {"publisher": "Kompas.com", "title": "Judul",
                                           "where": "hlm. 1"}})
    assert len(note.source) == 1


def test_an_old_style_source_names_file_line_key_and_fix():
    message = problems("old-style.yaml")
    assert "old-style.yaml, line 2 (key `source`)" in message
    assert "one line of text (the old form)" in message
    assert "Fix: write `source:` then one line per citation" in message
    assert "move any explanation into the text" in message


def test_english_prose_in_a_citation_is_refused():
    message = problems("english-prose.yaml")
    assert "english-prose.yaml, line 4 (key `source.1`)" in message
    assert "`title` has English words (may, not, up, to)" in message
    assert "add `language: en`" in message
    assert "source.0" not in message


def test_a_citation_must_say_where_to_find_it():
    message = problems("unfindable.yaml")
    assert "line 3 (key `source.0`): this citation does not say where to find it" in message
    assert "add `url:`" in message


def test_english_words_spares_indonesian_titles_and_names():
    assert english_words("Pengirim TKI Ilegal Diancam Penjara 10 Tahun dan Denda Rp15 M") == []
    assert english_words("UU No. 21 Tahun 2007, Pasal 1 angka 1") == []
    assert english_words("the story is a composite") == ["the", "story", "is"]


def test_an_old_style_card_in_the_deck_is_reported_with_its_file(tmp_path):
    message = broken_copy_message(tmp_path, DATASETS / "redflags", FIXTURES / "card-old-source.yaml",
                                  "tawaran-biaya-lama.yaml", redflags.load)
    assert "line 17 (key `source`)" in message and "the old form" in message


def test_a_table_names_its_citations_by_id(tmp_path):
    geo = load_geo(DATASETS)
    sergai = next(d for d in geo.districts.values() if d.code == "12.18")
    assert [c.publisher for c in sergai.source] == ["Kemendagri", "GeoNames"]
    assert sergai.source[1].where == "nomor 1213619"
    copy = tmp_path / "geo"
    shutil.copytree(DATASETS / "geo", copy)
    table = copy / "districts.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("kepmendagri-2025; geonames: nomor 1213619",
                                                               "kemendagri; geonames: nomor 1213619"),
                     encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_geo(tmp_path)
    message = str(caught.value)
    assert "districts.csv" in message and "(key `source`)" in message
    assert "no citation has the id `kemendagri`" in message and "kepmendagri-2025" in message


def test_every_citation_in_the_kit_reads_in_indonesian():
    for fact in collect(CATALOG):
        for citation in fact.source:
            assert isinstance(citation, Citation), fact.where
            if citation.language == "id":
                assert not english_words(f"{citation.publisher} {citation.title}"), fact.where
            assert not english_words(citation.where or ""), fact.where


# ----------------------------------------------------------------------------- waspada facts

def test_facts_lists_every_kind_of_fact_oldest_first():
    facts = collect(CATALOG)
    places = {f.where.split(".")[0] for f in facts}
    assert {"help", "lessons", "redflags", "scenarios", "geo"} <= places
    assert {f"help.contacts.{c.id}" for c in CATALOG.help.contacts} <= {f.where for f in facts}
    assert any(f.where.endswith("laws.uu18-syarat") for f in facts)
    assert [f.checked for f in facts] == sorted(f.checked for f in facts)


def test_a_fact_is_old_after_the_limit():
    fact = Fact("x", "x", (), "2025-11-04")
    assert fact.age_months(TODAY) == 13 and fact.is_old(TODAY, 12)
    assert not Fact("x", "x", (), "2025-12").is_old(TODAY, 12)
    assert Fact("x", "x", (), "2024").is_old(TODAY, 12)
    assert not Fact("x", "x", (), "2024").is_old(TODAY, 36)


def test_the_report_flags_old_facts_and_shows_review_notes():
    facts = collect(CATALOG)
    text = report(facts, TODAY, 12)
    assert text.count("[OLD ") == len(old_facts(facts, TODAY, 12)) > 0
    assert f"{len(facts)} facts;" in text
    assert "review note: Pasal 80" in text


def test_the_facts_command_runs(capsys):
    assert main(["facts", "--today", "2026-12-04", "--max-age-months", "1000", "--old-only"]) == 0
    out = capsys.readouterr().out
    assert "0 facts; 0 older than 1000 months" in out
    assert main(["facts", "--datasets", str(DATASETS), "--today", "2026-12-04"]) == 0
    assert "source: Pemerintah RI" in capsys.readouterr().out


def test_check_warns_about_old_facts_but_passes(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "OK:" in out and "Warning:" in out and "waspada facts --old-only" in out
    assert warn_old(CATALOG, TODAY, 1000) is None


# ----------------------------------------------------------------------------- corrected claims

def participant_texts(value=CATALOG.extra | {"help": CATALOG.help}, path=""):
    """Every bilingual text a participant can see: review notes and facilitator notes left out."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in ("review_note", "facilitator_notes", "source"):
                yield from participant_texts(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("facilitator_notes",):
                yield from participant_texts(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from participant_texts(item, f"{path}.{index}")
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from participant_texts(getattr(value, name), f"{path}.{name}")


TEXTS = list(participant_texts())


def test_the_walk_sees_participant_texts():
    assert len(TEXTS) > 500


def test_child_placement_is_not_cited_as_pasal_83_of_uu_18():
    """The review found the age offence is UU 18/2017 Pasal 80; a Pasal 83 may only be the child
    protection law's (UU 35/2014), i.e. the nearest law named before it must be 35/2014."""
    for where, text in TEXTS:
        for body in (text.id, text.en):
            for hit in re.finditer(r"(Pasal|Article) 83\b", body):
                before = body[:hit.start()]
                assert before.rfind("35/2014") > before.rfind("18/2017"), (where, body)


def test_child_placement_names_pasal_80_and_its_penalty():
    note = CATALOG.scenarios.laws["uu18-syarat"]
    assert "Pasal 80" in note.text.id and "3 tahun" in note.text.id and "Rp500 juta" in note.text.id


def test_falsification_cites_its_articles():
    text = CATALOG.scenarios.laws["pemalsuan-dokumen"].text.id
    assert "Pasal 79" in text and "Pasal 19" in text
    assert "pemalsuan oleh siapa pun" not in text


def test_children_and_reporting_without_the_familys_consent():
    note = CATALOG.scenarios.laws["perlindungan-anak"]
    assert "Pasal 76F" in note.text.id and "tidak perlu menunggu persetujuan keluarga" in note.text.id
    assert "Pasal 6" in note.review_note.id and "Pasal 17" in note.review_note.id
    assert not any("masih mensyaratkan paksaan" in t.id for _, t in TEXTS)


def test_no_text_calls_all_middle_east_domestic_work_illegal():
    for where, text in TEXTS:
        assert "tidak ada jalur resmi" not in text.id.lower(), where
        assert "Kerja rumah tangga ke Timur Tengah tidak bisa" not in text.id, where
    assert "Arab Saudi" in CATALOG.scenarios.laws["moratorium-timteng"].text.id


def test_no_participant_text_names_one_registration_app():
    for where, text in TEXTS:
        assert "SIAPkerja" not in text.id + text.en, where


def test_help_contacts_do_not_promise_everything_is_free():
    intro = CATALOG.help.intro
    assert "Semua gratis" not in intro.id and "kuota" in intro.id
    kp2mi = next(c for c in CATALOG.help.contacts if c.id == "kp2mi")
    # A WhatsApp number backed by one statement (reprinted twice) is not shown as a fact.
    assert kp2mi.whatsapp is None and "0811-8080-141" in kp2mi.review_note.id


def test_moved_to_another_job_is_an_offence_card():
    card = CATALOG.redflags.cards["bekerja-dipindah-ke-kebun"]
    assert card.pile == "bahaya" and "Pasal 82" in card.why.id


def test_a_domestic_vessel_is_not_sent_to_kp2mi_alone():
    card = CATALOG.redflags.cards["bekerja-awak-kapal-tanpa-kontrak"]
    assert "polisi" in card.what_to_do.id and "Dinas Tenaga Kerja" in card.what_to_do.id


def test_the_rescue_debrief_names_exploitation_as_the_purpose():
    ending = CATALOG.scenarios["perahu-tanjungbalai"].endings["end-rescued"]
    text = ending.debrief.what_happened.id
    assert "TUJUAN" in text and "eksploitasi" in text and "tanpa perlindungan" not in text
