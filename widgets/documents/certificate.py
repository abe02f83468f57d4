"""The certificate of participation: session name, place and date from the session, and the
participant's name typed at print time (never stored) or a blank line to write on."""

from __future__ import annotations

from pathlib import Path

from ..content import Catalog
from ..views.common import safe
from .page import document
from .pdf import Printed, html_to_pdf


def certificate_html(catalog: Catalog, lang: str, session=None, name: str = "") -> str:
    t = lambda key: catalog.strings(f"print.{key}", lang)  # noqa: E731
    texts = catalog.printables.certificate
    blank = t("blank")
    session_name = (session.name if session and session.name else "") or blank
    place = (session.place if session and session.place else "") or blank
    held_on = (session.held_on if session and session.held_on else "") or blank
    # Escape each value, then fill the (trusted) sentence, so typed text stays text.
    sentence = safe(texts.body(lang)).format(session=f"<strong>{safe(session_name)}</strong>",
                                             place=safe(place), date=safe(held_on))
    body = (f"<div class='wsp-certificate'><p>{safe(catalog.agenda.title(lang))}</p>"
            f"<h1>{safe(texts.title(lang))}</h1><p>{safe(texts.given_to(lang))}</p>"
            f"<div class='wsp-name'>{safe(name.strip()) or '&nbsp;'}</div>"
            f"<p>{sentence}</p><div class='wsp-signature'>{safe(texts.signed(lang))}</div></div>")
    return document(texts.title(lang), body, lang)


def print_certificate(catalog: Catalog, lang: str, session, name: str, out: Path) -> Printed:
    return html_to_pdf(certificate_html(catalog, lang, session, name), out)
