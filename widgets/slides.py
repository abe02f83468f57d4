"""``waspada slides``: the facilitator's reveal.js decks, built from the same content as the app.

Per language: an opening deck (welcome, joining, ground rules, content warning, help numbers,
agenda), one deck per agenda activity (its key content, facilitator notes as speaker notes) and
a closing deck (what we learned, whom to call, the action plan). reveal.js is vendored in
``widgets/reveal/`` and copied next to the decks, so they open from a USB stick or from
``waspada serve`` (``/slides/``) with no internet: speaker view (S), overview (Esc), touch swipe
and print-to-PDF (``?print-pdf``) come from reveal. Every slide stays under ``MAX_WORDS`` so it
reads from the back of a hall; longer texts are split over several slides."""

from __future__ import annotations

import argparse
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .content import Catalog, load_catalog
from .content.base import cite
from .content.agenda import Activity
from .documents import material

REVEAL = Path(__file__).with_name("reveal")
THEME = Path(__file__).with_name("slides.css")
ASSETS = "reveal"
MAX_WORDS = 40
LANGS = ("id", "en")


@dataclass(frozen=True)
class Deck:
    name: str  # file name
    title: str
    html: str
    slides: int


def words(text: str) -> int:
    return len(text.split())


def _section(body: str, notes: list[str] | None = None, css: str = "") -> str:
    aside = ""
    if notes:
        aside = '<aside class="notes">' + "".join(f"<p>{escape(n)}</p>" for n in notes if n) \
            + "</aside>"
    klass = f' class="{css}"' if css else ""
    return f"<section{klass}>{body}{aside}</section>"


def _chunks(lines: list[str], budget: int) -> list[list[str]]:
    """Lines grouped so each group holds at most ``budget`` words (a long line stays alone)."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if groups[-1] and sum(map(words, groups[-1])) + words(line) > budget:
            groups.append([])
        groups[-1].append(line)
    return [g for g in groups if g]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def list_slides(title: str, lines: list[str], notes: list[str] | None = None,
                ordered: bool = False, css: str = "") -> list[str]:
    """A heading and a list, over as many slides as the word budget needs."""
    tag = "ol" if ordered else "ul"
    slides, start = [], 1
    for group in _chunks(lines, MAX_WORDS - words(title)):
        items = "".join(f"<li>{escape(line)}</li>" for line in group)
        attr = f' start="{start}"' if ordered and start > 1 else ""
        slides.append(_section(f"<h2>{escape(title)}</h2><{tag}{attr}>{items}</{tag}>",
                               notes, css))
        start += len(group)
    return slides


def text_slides(title: str, text: str, notes: list[str] | None = None, css: str = "") -> list[str]:
    """A heading and a text, split at sentences over as many slides as the budget needs."""
    return [_section(f"<h2>{escape(title)}</h2>"
                     + "".join(f"<p>{escape(s)}</p>" for s in group), notes, css)
            for group in _chunks(_sentences(text), MAX_WORDS - words(title))]


def _contact_lines(catalog: Catalog, lang: str) -> list[str]:
    t = catalog.strings
    lines = []
    for contact in catalog.help.contacts:
        number = contact.number or contact.whatsapp or ""
        lines.append(f"{number} — {contact.name(lang)} "
                     f"({t('print.checked_short', lang, as_of=contact.as_of)})")
    return lines


def _help_slides(catalog: Catalog, lang: str, title: str) -> list[str]:
    notes = [f"{c.name(lang)}: {c.number or ''} {c.whatsapp or ''} — {c.what_for(lang)} "
             f"{catalog.strings('print.checked', lang, source=cite(c.source, lang), as_of=c.as_of)}"
             for c in catalog.help.contacts]
    return [s.replace("<section>", '<section class="wsp-help">', 1)
            for s in list_slides(title, _contact_lines(catalog, lang), notes)]


def _title_slide(title: str, subtitle: str, notes: list[str] | None = None) -> str:
    parts = [f"<h1>{escape(title)}</h1>"]
    parts += [f"<p>{escape(s)}</p>" for s in _sentences(subtitle)][:3]
    return _section("".join(parts), notes, "wsp-title")


# --------------------------------------------------------------------------- decks

def opening_slides(catalog: Catalog, lang: str) -> list[str]:
    t = lambda key, **v: catalog.strings(f"print.{key}", lang, **v)  # noqa: E731
    agenda = catalog.agenda
    slides = [_title_slide(agenda.title(lang), t("deck_keys"))]
    slides += list_slides(t("join_title"), _sentences(t("join_steps")), ordered=True)
    slides += list_slides(t("ground_rules"), [r(lang) for r in catalog.printables.ground_rules])
    slides += text_slides(t("warning_title"), catalog.help.content_warning(lang),
                          css="wsp-warning")
    slides.append(_section(f"<p class='wsp-big wsp-alert'>{escape(catalog.help.call_first(lang))}"
                           "</p>", None, "wsp-title"))
    slides += _help_slides(catalog, lang, t("help_title"))
    rows = [f"{a.title(lang)} · {t('minutes', minutes=a.minutes)}" for a in agenda.activities]
    slides += list_slides(t("agenda_title"), rows, ordered=True)
    return slides


def _elements_slides(catalog: Catalog, lang: str) -> list[str]:
    three = catalog.printables.three_elements
    title = catalog.strings("print.three_elements", lang)
    lines = [three.proses(lang), three.cara(lang), three.tujuan(lang)]
    return list_slides(title, lines) + [_section(f"<p class='wsp-big'>{escape(three.rule(lang))}"
                                                 "</p>", [cite(three.source, lang)], "wsp-title")]


def _checklist_slides(catalog: Catalog, lang: str) -> list[str]:
    checklist = catalog.lessons.checklist
    return list_slides(catalog.strings("print.checklist_title", lang),
                       [item.short(lang) for item in checklist.items],
                       [f"{item.short(lang)}: {item.how_to_check(lang)}" for item in checklist.items])


def _card_slides(catalog: Catalog, lang: str) -> list[str]:
    t = lambda key, **v: catalog.strings(f"print.{key}", lang, **v)  # noqa: E731
    redflags = catalog.redflags
    slides = list_slides(t("stages_title"), [s.title(lang) for s in redflags.deck.stages],
                         ordered=True)
    for card_id in material.sample_cards(catalog):
        card = redflags.cards[card_id]
        title = t("card_title", stage=redflags.stage(card.stage).title(lang))
        answer = t("card_answer", pile=t(f"pile_{card.pile}"), indicator=card.indicator.item(lang))
        situation = card.situation(lang)
        budget = MAX_WORDS - words(title) - words(answer)
        if words(situation) > budget:
            situation = " ".join(situation.split()[:budget - 1]) + " …"
        slides.append(_section(
            f"<h2>{escape(title)}</h2><p>{escape(situation)}</p>"
            f"<p class='fragment wsp-answer wsp-pile-{card.pile}'>{escape(answer)}</p>",
            [card.situation(lang), card.why(lang), card.what_to_do(lang)]))
    return slides


def _clip(text: str, count: int) -> str:
    parts = text.split()
    return text if len(parts) <= count else " ".join(parts[:count]) + " …"


def _decision_slides(catalog: Catalog, lang: str) -> list[str]:
    story = material.first_story(catalog).scenario
    slides = [_title_slide(story.title(lang), story.summary(lang),
                           [story.facilitator_notes(lang)] if story.facilitator_notes else None)]
    for number, decision in enumerate(material.decisions(catalog), start=1):
        title = catalog.strings("print.decision_title", lang, number=number,
                                story=story.title(lang))
        per_choice = max(4, (MAX_WORDS - words(title)) // max(1, len(decision.choices)))
        choices = [_clip(choice(lang), per_choice) for choice in decision.choices]
        while sum(map(words, choices)) + words(title) > MAX_WORDS and per_choice > 3:
            per_choice -= 1
            choices = [_clip(choice(lang), per_choice) for choice in decision.choices]
        items = "".join(f"<li>{escape(c)}</li>" for c in choices)
        slides.append(_section(f"<h2>{escape(title)}</h2><ol class='wsp-choices'>{items}</ol>",
                               [decision.text(lang)] + [c(lang) for c in decision.choices]))
    return slides


def map_svg(catalog: Catalog, lang: str) -> tuple[str, list[str]]:
    """Every district seat as a dot; origin districts named by a source large and numbered
    (the names go in a list beside the map, so no label hides another). No tiles, no network."""
    geo = catalog.geo
    located = [d for d in geo.districts.values() if d.position]
    lats = [d.lat for d in located]
    lons = [d.lon for d in located]
    width, height, pad = 620, 560, 30
    lat0, lat1, lon0, lon1 = min(lats), max(lats), min(lons), max(lons)
    scale = min((width - 2 * pad) / (lon1 - lon0), (height - 2 * pad) / (lat1 - lat0))

    def xy(d) -> tuple[float, float]:
        return (pad + (d.lon - lon0) * scale, height - pad - (d.lat - lat0) * scale)

    named_codes = {f.code for f in geo.origin if f.kind == "named_origin"}
    named = [d for d in geo.ordered_districts() if d.code in named_codes and d.position]
    dots = [f'<circle cx="{xy(d)[0]:.0f}" cy="{xy(d)[1]:.0f}" r="7" fill="#5b6475"/>'
            for d in located if d.code not in named_codes]
    for number, d in enumerate(named, start=1):
        x, y = xy(d)
        dots.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="17" fill="#b42318" stroke="#fff" '
                    f'stroke-width="2"/><text x="{x:.0f}" y="{y + 8:.0f}" font-size="22" '
                    f'font-weight="700" text-anchor="middle" fill="#fff">{number}</text>')
    title = escape(catalog.strings("print.map_title", lang))
    svg = (f'<svg class="wsp-map" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">' + "".join(dots) + "</svg>")
    return svg, [d.short_name for d in named]


def _map_slides(catalog: Catalog, lang: str) -> list[str]:
    t = lambda key: catalog.strings(f"print.{key}", lang)  # noqa: E731
    facts = sorted({f"{f.district}: {f.note(lang)} ({cite(f.source, lang)}, {f.as_of})"
                    for f in catalog.geo.origin if f.kind == "named_origin"})
    svg, names = map_svg(catalog, lang)
    listed = "".join(f"<li>{escape(name)}</li>" for name in names)
    return [_section(f"<h2>{escape(t('map_title'))}</h2><div class='wsp-map-row'>{svg}"
                     f"<div><ol class='wsp-map-names'>{listed}</ol>"
                     f"<p class='wsp-small'>{escape(t('map_legend'))}</p></div></div>",
                     facts[:8], "wsp-mapslide")]


def _plan_slides(catalog: Catalog, lang: str) -> list[str]:
    plan = catalog.plan
    lines = [plan.village(lang), plan.risks(lang),
             f"{plan.actions(lang)}: {plan.who(lang)}, {plan.by_when(lang)}", plan.call(lang)]
    return list_slides(catalog.strings("print.plan_title", lang), lines, ordered=True)


def _quiz_slides(catalog: Catalog, lang: str, phase: str) -> list[str]:
    """The pre-test: what it asks about. The post-test: three questions with their answers,
    to talk through once the room has answered."""
    bank = catalog.quiz.bank
    intro = bank.intro_pre if phase == "pre" else bank.intro_post
    slides = text_slides(catalog.strings("print.quiz_topics", lang), intro(lang))
    slides += list_slides(catalog.strings("print.quiz_topics", lang),
                          [topic.name(lang) for topic in bank.topics])
    if phase == "post":
        for number, item_id in enumerate(list(catalog.quiz.items)[:3], start=1):
            item = catalog.quiz.items[item_id]
            right = next(o for o in item.options if o.right)
            title = catalog.strings("print.quiz_question", lang, number=number)
            slides += list_slides(title, [item.question(lang), f"✓ {right.text(lang)}"])
            slides += text_slides(title, item.explanation(lang))
    return slides


CONTENT = {
    "kenali-tppo.ipynb": lambda c, lang: _elements_slides(c, lang) + _checklist_slides(c, lang),
    "tanda-bahaya.ipynb": _card_slides,
    "simulasi-kasus.ipynb": _decision_slides,
    "peta.ipynb": _map_slides,
    "rencana-aksi.ipynb": _plan_slides,
    "tes-awal.ipynb": lambda c, lang: _quiz_slides(c, lang, "pre"),
    "tes-akhir.ipynb": lambda c, lang: _quiz_slides(c, lang, "post"),
}


def activity_slides(catalog: Catalog, activity: Activity, lang: str) -> list[str]:
    t = lambda key, **v: catalog.strings(f"print.{key}", lang, **v)  # noqa: E731
    activities = catalog.agenda.activities
    number = activities.index(activity) + 1
    notes = material.speaker_notes(catalog, activity, lang)
    head = _section(f"<p class='wsp-small'>{escape(t('activity_position', number=number, total=len(activities), minutes=activity.minutes))}</p>"
                    f"<h1>{escape(activity.title(lang))}</h1>", notes, "wsp-title")
    slides = [head] + text_slides(activity.title(lang), activity.summary(lang), notes)
    builder = CONTENT.get(activity.notebook)
    if builder is not None:
        slides += builder(catalog, lang)
    prompts = [p(lang) for p in material.prompts(catalog, activity)]
    if prompts:
        slides += list_slides(t("discussion"), prompts, notes)
    return slides


def closing_slides(catalog: Catalog, lang: str) -> list[str]:
    t = lambda key: catalog.strings(f"print.{key}", lang)  # noqa: E731
    slides = list_slides(t("learned_title"), [p(lang) for p in catalog.printables.what_we_learned])
    slides += _help_slides(catalog, lang, t("call_title"))
    slides += _plan_slides(catalog, lang)
    slides.append(_title_slide(catalog.agenda.title(lang), catalog.help.call_first(lang)))
    return slides


def page(title: str, lang: str, slides: list[str]) -> str:
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title>"
            f"<link rel='stylesheet' href='{ASSETS}/reset.css'>"
            f"<link rel='stylesheet' href='{ASSETS}/reveal.css'>"
            f"<link rel='stylesheet' href='{ASSETS}/waspada.css'></head><body>"
            "<div class='reveal'><div class='slides'>\n" + "\n".join(slides)
            + "\n</div></div>"
            f"<script src='{ASSETS}/reveal.js'></script>"
            f"<script src='{ASSETS}/plugin/notes.js'></script>"
            "<script>Reveal.initialize({hash: true, width: 1280, height: 720, margin: 0.04, "
            "transition: 'none', backgroundTransition: 'none', slideNumber: 'c/t', "
            "controls: true, progress: true, touch: true, plugins: [RevealNotes]});</script>"
            "</body></html>\n")


def build_decks(catalog: Catalog, lang: str) -> list[Deck]:
    """Every deck of one language, in agenda order."""
    t = lambda key: catalog.strings(f"print.{key}", lang)  # noqa: E731
    decks = []

    def add(name: str, title: str, slides: list[str]) -> None:
        decks.append(Deck(name, title, page(f"{title} — Waspada", lang, slides), len(slides)))

    add(f"{lang}-00-pembukaan.html", t("deck_opening"), opening_slides(catalog, lang))
    for number, activity in enumerate(catalog.agenda.activities, start=1):
        add(f"{lang}-{number:02d}-{activity.id}.html", activity.title(lang),
            activity_slides(catalog, activity, lang))
    add(f"{lang}-99-penutup.html", t("deck_closing"), closing_slides(catalog, lang))
    return decks


def index_page(catalog: Catalog, decks: dict[str, list[Deck]]) -> str:
    """``index.html``: every deck, both languages, for the USB stick and ``/slides/``."""
    parts = []
    for lang, listed in decks.items():
        title = catalog.strings("print.deck_index", lang)
        links = "".join(f"<li><a href='{d.name}'>{escape(d.title)}</a> · {d.slides}</li>"
                        for d in listed)
        parts.append(f"<section lang='{lang}'><h1>{escape(title)}</h1><ol>{links}</ol></section>")
    return ("<!DOCTYPE html>\n<html lang='id'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Waspada — slide</title><link rel='stylesheet' href='reveal/waspada.css'>"
            "</head><body class='wsp-index'>" + "".join(parts) + "</body></html>\n")


def copy_assets(out: Path) -> list[Path]:
    """The vendored reveal.js and the kit's theme, next to the decks (relative paths)."""
    target = out / ASSETS
    written = []
    for source in sorted(p for p in REVEAL.rglob("*") if p.is_file() and p.suffix != ".md"):
        path = target / source.relative_to(REVEAL)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        written.append(path)
    theme = target / "waspada.css"
    shutil.copyfile(THEME, theme)
    return written + [theme]


def write_decks(out: Path, datasets: Path | None = None, langs: tuple[str, ...] = LANGS
                ) -> list[tuple[Path, int]]:
    """Write the decks (and index, assets); returns each deck's path with its slide count.
    Decks left from an agenda activity that no longer exists are removed."""
    catalog = load_catalog(datasets)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    built = {lang: build_decks(catalog, lang) for lang in LANGS}
    keep = {d.name for lang in langs for d in built[lang]}
    for old in out.glob("*.html"):
        if old.name != "index.html" and old.name.split("-")[0] in langs and old.name not in keep:
            old.unlink()
    written = []
    for lang in langs:
        for deck in built[lang]:
            path = out / deck.name
            path.write_text(deck.html, encoding="utf-8")
            written.append((path, deck.slides))
    (out / "index.html").write_text(index_page(catalog, built), encoding="utf-8")
    return written


def run(args: argparse.Namespace) -> int:
    from .content import ContentError

    langs = (args.lang,) if args.lang else LANGS
    try:
        written = write_decks(args.out, args.datasets, langs)
    except ContentError as error:
        print(f"The content has problems; run `waspada check`:\n{error}")
        return 1
    for path, slides in written:
        print(f"wrote {path} ({slides} slides, {max(1, path.stat().st_size // 1024)} KB)")
    print(f"open {args.out / 'index.html'} in a browser; S = speaker view, Esc = overview")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from .cli import datasets_option

    parser = subparsers.add_parser("slides", help="build the facilitator's reveal.js decks",
                                   description="Write the offline reveal.js decks: opening, one "
                                   "per agenda activity, closing.")
    parser.add_argument("--out", type=Path, default=Path("slides"), metavar="DIR")
    parser.add_argument("--lang", choices=LANGS, default=None,
                        help="one language only (default: both)")
    datasets_option(parser)
    parser.set_defaults(func=run)
