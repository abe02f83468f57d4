"""The printed papers: every PDF in both languages through the one engine (WeasyPrint), with
its headings and every help number as real text, page counts within bounds, a PNG of each
first page for people to look at, and one source: a corrected number reaches every output."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import ARTIFACTS
from widgets.cli import main
from widgets.content import cached_catalog, load_catalog
from widgets.documents.certificate import certificate_html
from widgets.documents.handouts import FILES, guide_html, handout_html, write_handouts
from widgets.engines.store import Store
from widgets.paths import DATASETS
from widgets.slides import build_decks
from widgets.views.help import help_markup

#: (kind, fewest pages, most pages)
PAGES = {"guide": (4, 20), "handout": (1, 2), "certificate": (1, 1)}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    return {item.path.name: item for item in write_handouts(out)}


def test_every_pdf_in_both_languages_with_its_page_count(printed):
    for lang in ("id", "en"):
        for kind, (low, high) in PAGES.items():
            item = printed[FILES[kind].format(lang=lang)]
            assert low <= item.pages <= high, (item.path.name, item.pages)
            assert item.path.read_bytes().startswith(b"%PDF")


def test_pdfs_have_their_headings_and_every_help_number_as_text(printed):
    catalog = cached_catalog()
    for lang in ("id", "en"):
        t = lambda key: catalog.strings(f"print.{key}", lang)  # noqa: E731
        expected = {
            "guide": [t("guide_title"), t("agendas"), t("preparation"), t("safeguarding"),
                      t("disclosure"), t("referral"), t("contacts"), t("objectives"),
                      t("prompts"), *(a.title(lang) for a in catalog.printables.agendas),
                      *(a.title(lang) for a in catalog.agenda.activities)],
            "handout": [t("handout_title"), t("three_elements"), t("checklist"),
                        t("red_flags"), t("help_numbers"),
                        *(s.title(lang) for s in catalog.redflags.deck.stages)],
            "certificate": [catalog.printables.certificate.title(lang)],
        }
        for kind, headings in expected.items():
            text = flat(pdf_text(printed[FILES[kind].format(lang=lang)].path))
            for heading in headings:
                assert flat(heading) in text, (kind, lang, heading)
            if kind != "certificate":
                for contact in catalog.help.contacts:
                    assert contact.number in text and contact.as_of in text, (kind, contact.id)
                    if contact.whatsapp:
                        assert contact.whatsapp in text


def test_the_guide_times_each_agenda_and_lists_checks_before_the_day(printed):
    catalog = cached_catalog()
    text = flat(pdf_text(printed["panduan-fasilitator-id.pdf"].path))
    for agenda in catalog.printables.agendas:
        assert str(agenda.minutes) in text
    assert "Telepon Polisi — panggilan darurat 110: 110" in text
    assert catalog.printables.safeguarding.disclosure[0]("id") in text


def test_first_pages_rendered_for_people_to_look_at(printed):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, item in printed.items():
        prefix = ARTIFACTS / f"pdf-{item.path.stem}"
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(item.path), str(prefix)], check=True)
        assert prefix.with_suffix(".png").stat().st_size > 5_000


def test_fonts_are_embedded(printed):
    fonts = subprocess.run(["pdffonts", str(printed["lembar-peserta-id.pdf"].path)],
                           capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts


def test_a_certificate_prints_typed_text_as_text(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Lokakarya <b>Sei Rampah</b>", "Balai desa & aula",
                                   "2026-11-29")
    html = certificate_html(cached_catalog(), "id", session, "<script>alert(1)</script> Siti")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Siti" in html
    assert "&lt;b&gt;Sei Rampah&lt;/b&gt;" in html and "Balai desa &amp; aula" in html


def test_the_handout_has_a_qr_code_when_the_kit_has_an_address(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    path = copy / "printables.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "kit_source_url: null", "kit_source_url: https://example.org/waspada"), encoding="utf-8")
    html = handout_html(load_catalog(copy), "en")
    assert "data:image/svg+xml;base64," in html and "https://example.org/waspada" in html
    assert "Ask the facilitator" not in html


# --------------------------------------------------------------------------- one source

def test_a_corrected_help_number_reaches_the_app_slides_handout_and_guide(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    help_file = copy / "help.yaml"
    data = yaml.safe_load(help_file.read_text(encoding="utf-8"))
    old = data["contacts"][0]["number"]
    new = "0800-4321-987"
    help_file.write_text(help_file.read_text(encoding="utf-8").replace(
        f'number: "{old}"', f'number: "{new}"'), encoding="utf-8")
    catalog = load_catalog(copy)
    for lang in ("id", "en"):
        t = lambda key, **v: catalog.strings(key, lang, **v)  # noqa: E731
        panel = help_markup(catalog.help, lang, t)
        assert new in panel and old not in panel
        decks = "".join(deck.html for deck in build_decks(catalog, lang))
        assert new in decks and old not in decks
        for html in (handout_html(catalog, lang), guide_html(catalog, lang)):
            assert new in html and f">{old}<" not in html
    # ... and through the commands a trainer runs, PDFs included.
    assert main(["handouts", "--datasets", str(copy), "--out", str(tmp_path / "pdf"),
                 "--lang", "id"]) == 0
    for kind in ("guide", "handout"):
        text = flat(pdf_text(tmp_path / "pdf" / FILES[kind].format(lang="id")))
        assert new in text and f" {old} " not in f" {text} "
    assert main(["slides", "--datasets", str(copy), "--out", str(tmp_path / "slides"),
                 "--lang", "en"]) == 0
    assert new in (tmp_path / "slides" / "en-00-pembukaan.html").read_text(encoding="utf-8")


def test_the_app_reads_a_copy_of_datasets_named_in_the_environment(tmp_path, monkeypatch):
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    help_file = copy / "help.yaml"
    help_file.write_text(help_file.read_text(encoding="utf-8").replace(
        'number: "0800-1000"', 'number: "0800-5555"'), encoding="utf-8")
    monkeypatch.setenv("WASPADA_DATASETS", str(copy))
    catalog = load_catalog()
    assert catalog.help.contacts[0].number == "0800-5555"
