"""``waspada handouts``: the facilitator guide and the participant handout (A4 PDFs), and a
blank certificate, from the same ``datasets/`` as the app and the slides."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..content import Catalog, load_catalog
from ..content.base import cite
from ..views.common import safe
from . import material
from .certificate import certificate_html
from .page import bullet_list, contact_list, document, qr_image
from .pdf import Printed, html_to_pdf

LANGS = ("id", "en")
FILES = {"guide": "panduan-fasilitator-{lang}.pdf", "handout": "lembar-peserta-{lang}.pdf",
         "certificate": "sertifikat-{lang}.pdf"}


def _t(catalog: Catalog, lang: str):
    return lambda key, **values: catalog.strings(f"print.{key}", lang, **values)


# --------------------------------------------------------------------------- guide

def _agenda_table(catalog: Catalog, agenda, lang: str) -> str:
    t = _t(catalog, lang)
    rows = []
    for item in agenda.items:
        if item.activity:
            activity = catalog.agenda.get(item.activity)
            name = f"<strong>{safe(activity.title(lang))}</strong>"
        else:
            name = safe(item.title(lang))
        rows.append(f"<tr><td>{name}</td><td class='num'>{item.minutes}</td></tr>")
    return (f"<h3>{safe(agenda.title(lang))}</h3><p class='wsp-muted'>{safe(agenda.note(lang))}</p>"
            f"<table><tr><th>{safe(t('agenda_item'))}</th><th class='num'>"
            f"{safe(t('agenda_minutes'))}</th></tr>{''.join(rows)}"
            f"<tr><th>{safe(t('agenda_total'))}</th><th class='num'>{agenda.minutes}</th></tr>"
            "</table>")


def _module(catalog: Catalog, activity, number: int, lang: str) -> str:
    t = _t(catalog, lang)
    guide = catalog.printables.modules.get(activity.id)
    parts = [f"<div class='wsp-module'><h2>{number}. {safe(activity.title(lang))} · "
             f"{safe(t('minutes', minutes=activity.minutes))}</h2>",
             f"<p>{safe(activity.summary(lang))}</p>"]
    if guide is not None:
        parts += [f"<h3>{safe(t('objectives'))}</h3>",
                  bullet_list([o(lang) for o in guide.objectives]),
                  f"<h3>{safe(t('steps'))}</h3>",
                  bullet_list([s(lang) for s in guide.steps], ordered=True)]
    prompts = material.prompts(catalog, activity)
    if prompts:
        parts += [f"<h3>{safe(t('prompts'))}</h3>", bullet_list([p(lang) for p in prompts])]
    notes = material.speaker_notes(catalog, activity, lang)
    if notes:
        parts += [f"<h3>{safe(t('notes'))}</h3>", bullet_list(notes)]
    return "".join(parts) + "</div>"


def guide_html(catalog: Catalog, lang: str) -> str:
    t = _t(catalog, lang)
    printables = catalog.printables
    phone = [t("phone_each", name=c.name(lang), number=c.number or c.whatsapp or "",
               as_of=c.as_of) for c in catalog.help.contacts]
    safeguarding = printables.safeguarding
    contacts = "".join(
        f"<tr><td>{safe(c.name(lang))}<br><span class='wsp-source'>{safe(c.what_for(lang))}"
        f"</span></td><td>{safe(c.number or '')}"
        + (f"<br>WA {safe(c.whatsapp)}" if c.whatsapp else "")
        + f"</td><td>{safe(c.as_of)}<br><span class='wsp-source'>{safe(cite(c.source, lang))}</span></td></tr>"
        for c in catalog.help.contacts)
    body = [
        f"<h1>{safe(t('guide_title'))}</h1><p><strong>{safe(catalog.agenda.title(lang))}</strong></p>",
        f"<h2>{safe(t('agendas'))}</h2>",
        *(_agenda_table(catalog, agenda, lang) for agenda in printables.agendas),
        f"<h2>{safe(t('preparation'))}</h2>",
        bullet_list([p(lang) for p in printables.preparation] + phone, "wsp-checklist"
                    ).replace("<li>", "<li class='wsp-checkbox'>"),
        f"<h2 style='break-before: page'>{safe(t('safeguarding'))}</h2>",
        f"<p>{safe(safeguarding.intro(lang))}</p>",
        f"<h3>{safe(t('disclosure'))}</h3>",
        bullet_list([d(lang) for d in safeguarding.disclosure], ordered=True),
        f"<h3>{safe(t('referral'))}</h3>",
        bullet_list([r(lang) for r in safeguarding.referral]),
        f"<p class='wsp-source'>{safe(t('checked', source=cite(safeguarding.source, lang), as_of=safeguarding.as_of))}</p>",
        f"<h3>{safe(t('contacts'))}</h3>",
        f"<table><tr><th>{safe(t('contact_name'))}</th><th>{safe(t('contact_number'))}</th>"
        f"<th>{safe(t('contact_checked'))}</th></tr>{contacts}</table>",
        f"<h2 style='break-before: page'>{safe(t('modules'))}</h2>",
        *(_module(catalog, activity, number, lang)
          for number, activity in enumerate(catalog.agenda.activities, start=1)),
    ]
    return document(t("guide_title"), "".join(body), lang, "wsp-guide")


# --------------------------------------------------------------------------- handout

def handout_html(catalog: Catalog, lang: str) -> str:
    """Two pages at most, large type: what a participant keeps."""
    t = _t(catalog, lang)
    three = catalog.printables.three_elements
    url = catalog.printables.kit_source_url
    source = (f"{qr_image(url)}<p class='wsp-muted'>{safe(t('kit_source'))}<br>{safe(url)}</p>"
              if url else f"<p class='wsp-muted'>{safe(t('kit_source_missing'))}</p>")
    stages = "".join(
        f"<div><h3>{safe(stage(lang))}</h3>{bullet_list([s(lang) for s in signs])}</div>"
        for stage, signs in material.signs_by_stage(catalog))
    body = [
        f"<h1>{safe(t('handout_title'))}</h1>",
        f"<div class='wsp-help-box'><h2>{safe(t('help_numbers'))}</h2>"
        f"<p><strong>{safe(catalog.help.call_first(lang))}</strong></p>"
        f"{contact_list(catalog, lang, with_source=False)}</div>",
        f"<h2>{safe(t('three_elements'))}</h2>",
        bullet_list([three.proses(lang), three.cara(lang), three.tujuan(lang)]),
        f"<p><strong>{safe(three.rule(lang))}</strong></p>",
        f"<h2>{safe(t('checklist'))}</h2>",
        bullet_list([item.short(lang) for item in catalog.lessons.checklist.items],
                    "wsp-checklist").replace("<li>", "<li class='wsp-checkbox'>"),
        f"<h2>{safe(t('red_flags'))}</h2><div class='wsp-columns'>{stages}</div>",
        source,
    ]
    return document(t("handout_title"), "".join(body), lang, "wsp-large")


# --------------------------------------------------------------------------- command

def write_handouts(out: Path, datasets: Path | None = None, langs: tuple[str, ...] = LANGS,
                   session=None) -> list[Printed]:
    """Guide, handout and certificate per language (the certificate blank unless a session
    is given: its name, place and date; the participant's name is always a blank line)."""
    catalog = load_catalog(datasets)
    out = Path(out)
    printed = []
    for lang in langs:
        name = lambda kind: out / FILES[kind].format(lang=lang)  # noqa: E731
        printed.append(html_to_pdf(guide_html(catalog, lang), name("guide")))
        printed.append(html_to_pdf(handout_html(catalog, lang), name("handout")))
        printed.append(html_to_pdf(certificate_html(catalog, lang, session), name("certificate")))
    return printed


def run(args: argparse.Namespace) -> int:
    from ..content import ContentError
    from .pdf import PdfEngineMissing

    session = None
    if args.session:
        from ..engines.store import Store, normalise_code
        from ..paths import data_dir

        session = Store.in_data_dir(data_dir()).get_session(normalise_code(args.session))
        if session is None:
            print(f"No session {args.session!r} in {data_dir()}; check the code in the console.")
            return 1
    langs = (args.lang,) if args.lang else LANGS
    try:
        printed = write_handouts(args.out, args.datasets, langs, session)
    except ContentError as error:
        print(f"The content has problems; run `waspada check`:\n{error}")
        return 1
    except PdfEngineMissing as error:
        print(error)
        return 1
    for item in printed:
        pages = f"{item.pages} page" + ("s" if item.pages != 1 else "")
        print(f"wrote {item.path} ({pages}, {max(1, item.path.stat().st_size // 1024)} KB)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..cli import datasets_option

    parser = subparsers.add_parser(
        "handouts", help="print the facilitator guide, participant handout and certificate",
        description="Write A4 PDFs: facilitator guide, participant handout (2 pages at most) "
                    "and a certificate of participation, per language.")
    parser.add_argument("--out", type=Path, default=Path("handouts"), metavar="DIR")
    parser.add_argument("--lang", choices=LANGS, default=None,
                        help="one language only (default: both)")
    parser.add_argument("--session", default=None, metavar="CODE",
                        help="fill the certificate with this session's name, place and date")
    datasets_option(parser)
    parser.set_defaults(func=run)
