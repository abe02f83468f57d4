"""``waspada slides``: the facilitator's projector deck, built from the same content as the app.

One self-contained HTML file per language (no server, no internet): arrow keys or a click move
on, ``n`` shows the facilitator notes. Build it again after changing ``datasets/``."""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path

from .content import Catalog, load_catalog
from .content.base import cite

STYLE = """
html,body{margin:0;height:100%;background:#1d2433;font-family:system-ui,sans-serif}
.slide{display:none;box-sizing:border-box;width:100vw;height:100vh;padding:5vh 7vw;
background:#fff;color:#1d2433;font-size:3.2vh;line-height:1.45;overflow:auto}
.slide.on{display:block}
h1{font-size:7vh;color:#0b6e4f;margin:0 0 3vh}h2{font-size:5vh;margin:0 0 2vh}
.help{border:.6vh solid #b42318;border-radius:1.5vh;padding:2vh 3vw}
.big{font-size:5vh;font-weight:700}.muted{color:#4a5568;font-size:2.4vh}
.notes{display:none;margin-top:3vh;padding:2vh;background:#fff7d6;border-left:1vh solid #9a6700}
body.shownotes .notes{display:block}
.counter{position:fixed;right:2vw;bottom:1.5vh;color:#4a5568;font-size:2vh}
li{margin:.6vh 0}
"""

SCRIPT = """
(function(){var s=[].slice.call(document.querySelectorAll('.slide')),i=0,c=document.querySelector('.counter');
function show(n){i=Math.max(0,Math.min(s.length-1,n));s.forEach(function(e,k){e.classList.toggle('on',k===i)});
c.textContent=(i+1)+' / '+s.length;}
document.addEventListener('keydown',function(e){if(['ArrowRight','PageDown',' '].indexOf(e.key)>=0)show(i+1);
else if(['ArrowLeft','PageUp'].indexOf(e.key)>=0)show(i-1);else if(e.key==='n')document.body.classList.toggle('shownotes');
else if(e.key==='Home')show(0);else if(e.key==='End')show(s.length-1);});
document.addEventListener('click',function(e){if(e.target.tagName!=='A')show(i+(e.clientX<innerWidth/3?-1:1));});
show(0);})();
"""

LABELS = {
    "id": {"agenda": "Agenda", "minutes": "menit", "total": "Jumlah waktu", "help": "Nomor bantuan",
           "warning": "Sebelum mulai", "notes": "Catatan fasilitator", "join": "Cara bergabung",
           "join_steps": "Sambungkan ponsel ke Wi-Fi laptop, pindai kode QR di layar konsol "
                         "fasilitator, pilih bahasa, lalu tekan Gabung.",
           "keys": "Panah kanan/kiri: pindah slide · n: catatan fasilitator",
           "source": "Sumber", "checked": "diperiksa"},
    "en": {"agenda": "Agenda", "minutes": "min", "total": "Total time", "help": "Help numbers",
           "warning": "Before we start", "notes": "Facilitator notes", "join": "How to join",
           "join_steps": "Connect the phone to the laptop's Wi-Fi, scan the QR code on the "
                         "facilitator console, choose a language, then tap Join.",
           "keys": "Right/left arrow: next/previous slide · n: facilitator notes",
           "source": "Source", "checked": "checked"},
}


def _slide(body: str, notes: str = "", label: str = "") -> str:
    note = f'<div class="notes"><strong>{escape(label)}</strong><p>{escape(notes)}</p></div>' \
        if notes else ""
    return f'<section class="slide">{body}{note}</section>'


def build_deck(catalog: Catalog, lang: str) -> str:
    """The whole deck as one HTML document."""
    words = LABELS[lang]
    agenda = catalog.agenda
    slides = [_slide(f"<h1>{escape(agenda.title(lang))}</h1>"
                     f"<p class='muted'>{escape(words['keys'])}</p>")]
    slides.append(_slide(f"<h2>{escape(words['join'])}</h2><p class='big'>"
                         f"{escape(words['join_steps'])}</p>"))
    slides.append(_slide(f"<h2>{escape(words['warning'])}</h2>"
                         f"<p>{escape(catalog.help.content_warning(lang))}</p>"
                         f"<p class='big'>{escape(catalog.help.call_first(lang))}</p>"))
    contacts = "".join(
        f"<li><strong>{escape(c.name(lang))}</strong>: "
        f"<span class='big'>{escape(c.number or '')}</span>"
        + (f" · WhatsApp {escape(c.whatsapp)}" if c.whatsapp else "")
        + f"<br>{escape(c.what_for(lang))}<br><span class='muted'>{escape(words['source'])}: "
          f"{escape(cite(c.source, lang))} ({escape(words['checked'])} {escape(c.as_of)})</span></li>"
        for c in catalog.help.contacts)
    slides.append(_slide(f"<div class='help'><h2>{escape(words['help'])}</h2>"
                         f"<p>{escape(catalog.help.intro(lang))}</p><ul>{contacts}</ul></div>"))
    rows = "".join(f"<li>{escape(a.title(lang))} · {a.minutes} {words['minutes']}</li>"
                   for a in agenda.activities)
    slides.append(_slide(f"<h2>{escape(words['agenda'])}</h2><ol>{rows}</ol>"
                         f"<p class='muted'>{escape(words['total'])}: {agenda.minutes} "
                         f"{words['minutes']}</p>"))
    for number, activity in enumerate(agenda.activities, start=1):
        notes = activity.facilitator_notes(lang) if activity.facilitator_notes else ""
        slides.append(_slide(f"<p class='muted'>{number} / {len(agenda.activities)} · "
                             f"{activity.minutes} {words['minutes']}</p>"
                             f"<h1>{escape(activity.title(lang))}</h1>"
                             f"<p class='big'>{escape(activity.summary(lang))}</p>",
                             notes, words["notes"]))
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(agenda.title(lang))}</title><style>{STYLE}</style></head><body>"
            + "".join(slides) + f"<div class='counter'></div><script>{SCRIPT}</script>"
            "</body></html>")


def write_decks(out: Path, datasets: Path | None = None) -> list[Path]:
    catalog = load_catalog(datasets)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in ("id", "en"):
        path = out / f"waspada-{lang}.html"
        path.write_text(build_deck(catalog, lang), encoding="utf-8")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    from .content import ContentError

    try:
        written = write_decks(args.out, args.datasets)
    except ContentError as error:
        print(f"The content has problems; run `waspada check`:\n{error}")
        return 1
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from .cli import datasets_option

    parser = subparsers.add_parser("slides", help="build the facilitator's projector decks",
                                   description="Write one offline HTML deck per language.")
    parser.add_argument("--out", type=Path, default=Path("slides"), metavar="DIR")
    datasets_option(parser)
    parser.set_defaults(func=run)
