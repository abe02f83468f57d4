"""The reveal.js decks: built from the content in both languages, short slides, speaker notes,
nothing from the internet, kept up to date, and stepping through in a real offline Chromium."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser

import pytest

from tests.helpers import ARTIFACTS
from widgets.content import cached_catalog
from widgets.paths import KIT_ROOT
from widgets.slides import LANGS, MAX_WORDS, build_decks, write_decks


class SlideText(HTMLParser):
    """The visible text of each <section> (speaker notes and scripts left out)."""

    def __init__(self):
        super().__init__()
        self.slides: list[str] = []
        self.notes: list[str] = []
        self._skip = 0
        self._in_notes = False

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.slides.append("")
            self.notes.append("")
        elif tag == "aside":
            self._in_notes = True
        elif tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "aside":
            self._in_notes = False
        elif tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip or not self.slides:
            return
        if self._in_notes:
            self.notes[-1] += " " + data
        else:
            self.slides[-1] += " " + data


def parsed(html: str) -> SlideText:
    parser = SlideText()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def decks():
    catalog = cached_catalog()
    return {lang: build_decks(catalog, lang) for lang in LANGS}


def test_an_opening_a_closing_and_one_deck_per_activity_in_each_language(decks):
    activities = cached_catalog().agenda.activities
    for lang in LANGS:
        names = [deck.name for deck in decks[lang]]
        assert names[0] == f"{lang}-00-pembukaan.html" and names[-1] == f"{lang}-99-penutup.html"
        for number, activity in enumerate(activities, start=1):
            assert f"{lang}-{number:02d}-{activity.id}.html" in names
        for deck in decks[lang]:
            assert deck.slides == len(parsed(deck.html).slides) >= 3


def test_every_slide_is_short_enough_to_read_from_the_back(decks):
    for lang in LANGS:
        for deck in decks[lang]:
            for number, text in enumerate(parsed(deck.html).slides, start=1):
                assert len(text.split()) <= MAX_WORDS, (deck.name, number, text)


def test_help_numbers_with_their_dates_open_and_close_the_workshop(decks):
    contacts = cached_catalog().help.contacts
    for lang in LANGS:
        for deck in (decks[lang][0], decks[lang][-1]):
            text = " ".join(parsed(deck.html).slides)
            for contact in contacts:
                assert contact.number in text and contact.as_of in text, (deck.name, contact.id)


def test_activity_decks_carry_key_content_and_the_facilitator_notes(decks):
    catalog = cached_catalog()
    for lang in LANGS:
        by_name = {deck.name: deck for deck in decks[lang]}
        for number, activity in enumerate(catalog.agenda.activities, start=1):
            deck = parsed(by_name[f"{lang}-{number:02d}-{activity.id}.html"].html)
            assert activity.title(lang) in " ".join(deck.slides)
            if activity.facilitator_notes:
                # Quotes are escaped in the HTML; compare the first words.
                first = " ".join(activity.facilitator_notes(lang).split()[:4])
                assert first in " ".join(deck.notes), activity.id
        kenali = parsed(next(deck for name, deck in by_name.items()
                             if name.startswith(lang) and name.endswith("-kenali-tppo.html")
                             ).html).slides
        assert any("PROSES" in s or "PROCESS" in s for s in kenali)
        assert any(catalog.lessons.checklist.items[0].short(lang) in s for s in kenali)


def test_no_deck_asks_the_internet_for_anything(decks):
    for lang in LANGS:
        for deck in decks[lang]:
            assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", deck.html), deck.name
            assert "@import" not in deck.html
    theme = (KIT_ROOT / "widgets" / "slides.css").read_text(encoding="utf-8")
    assert "http" not in theme and "@import" not in theme


def test_committed_decks_match_the_content(tmp_path):
    written = write_decks(tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(KIT_ROOT / "slides") for p in (KIT_ROOT / "slides").rglob("*")
                       if p.is_file() and p.name != "README.md")
    assert committed == built, "run `waspada slides` (decks added or removed)"
    for relative in built:
        assert (KIT_ROOT / "slides" / relative).read_bytes() == (tmp_path / relative).read_bytes(), \
            f"slides/{relative} is out of date: run `waspada slides`"
    assert len(written) == 2 * (len(cached_catalog().agenda.activities) + 2)


def test_vendored_reveal_is_lean_and_licensed():
    reveal = KIT_ROOT / "widgets" / "reveal"
    assert "MIT" in (reveal / "LICENSE").read_text(encoding="utf-8")
    assert "6.0.2" in (reveal / "README.md").read_text(encoding="utf-8")
    assert (reveal / "plugin" / "notes.js").exists()
    for path in reveal.rglob("*"):
        assert path.stat().st_size < 2_000_000, path


# --------------------------------------------------------------------------- in Chromium

STEP = """async () => {
  const total = Reveal.getTotalSlides();
  let steps = 0;
  while (!(Reveal.isLastSlide() && !Reveal.availableFragments().next) && steps < 200) {
    Reveal.next(); steps++;
    await new Promise(r => setTimeout(r, 0));
  }
  return {total, steps, notes: Reveal.hasPlugin('notes'), last: Reveal.isLastSlide(),
          index: Reveal.getIndices().h};
}"""


@pytest.mark.browser
def test_each_deck_opens_offline_from_the_file_system_and_steps_through(projector, tmp_path):
    """From a USB stick: file:// URLs, relative assets, no server, nothing from outside."""
    requested: list[str] = []
    projector.on("request", lambda request: requested.append(request.url))
    written = write_decks(tmp_path / "usb")
    for path, slides in written:
        projector.goto(path.as_uri())
        projector.wait_for_function("window.Reveal && Reveal.isReady()")
        result = projector.evaluate(STEP)
        assert result["total"] == slides and result["last"] and result["notes"], path.name
        assert result["index"] == slides - 1
        projector.evaluate("Reveal.slide(Math.floor(Reveal.getTotalSlides() / 2))")
        projector.wait_for_timeout(50)
        ARTIFACTS.mkdir(exist_ok=True)
        projector.screenshot(path=str(ARTIFACTS / f"slides-{path.stem}.png"))
    outside = [url for url in requested if not url.startswith(("file:", "data:", "about:"))]
    assert outside == []
    # reveal's print-to-PDF: one page per slide (the opening deck has no fragments).
    opening, slides = written[0]
    projector.goto(opening.as_uri() + "?print-pdf")
    projector.wait_for_function("document.querySelectorAll('.pdf-page').length > 0")
    projector.emulate_media(media="print")
    pdf = tmp_path / "opening.pdf"
    pdf.write_bytes(projector.pdf(width="1280px", height="720px", print_background=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages == slides, (pages, slides)


@pytest.mark.browser
@pytest.mark.server
def test_decks_are_served_at_slides(served, projector):
    base = served.url.rstrip("/")
    projector.goto(f"{base}/slides/")
    assert projector.locator("a[href='id-00-pembukaan.html']").count() == 1
    deck = next(p.name for p in (KIT_ROOT / "slides").glob("en-*-tanda-bahaya.html"))
    projector.goto(f"{base}/slides/{deck}")
    projector.wait_for_function("window.Reveal && Reveal.isReady()")
    result = projector.evaluate(STEP)
    assert result["last"] and result["total"] >= 3
