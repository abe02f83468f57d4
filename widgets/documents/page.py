"""The HTML around every printable (guide, handout, certificate, action plan): one place for
the document shell, the QR code and the help-contact list, so each paper prints the numbers
the same way."""

from __future__ import annotations

import base64

import segno

from ..content import Catalog
from ..content.base import cite
from ..views.common import safe
from .pdf import print_css


def document(title: str, body: str, lang: str, body_class: str = "") -> str:
    """A whole HTML document with the shared print stylesheet inlined (also opens on a phone)."""
    klass = f' class="{safe(body_class)}"' if body_class else ""
    return (f"<!DOCTYPE html><html lang='{safe(lang)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{safe(title)}</title><style>{print_css()}</style></head>"
            f"<body{klass}>{body}</body></html>")


def qr_image(url: str, css: str = "wsp-qr") -> str:
    """A QR code as an inline SVG image (a data: URL: nothing to fetch)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000000")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="{safe(css)}" alt="QR: {safe(url)}" src="data:image/svg+xml;base64,{data}">'


def contact_list(catalog: Catalog, lang: str, with_source: bool = True) -> str:
    """Every help contact: number (and WhatsApp), what it is for, and when it was checked."""
    t = catalog.strings
    items = []
    for contact in catalog.help.contacts:
        numbers = [f"<span class='wsp-help-number'>{safe(contact.number)}</span>"] \
            if contact.number else []
        if contact.whatsapp:
            numbers.append(f"WhatsApp <strong>{safe(contact.whatsapp)}</strong>")
        checked = t("print.checked", lang, source=cite(contact.source, lang), as_of=contact.as_of) \
            if with_source else t("print.checked_short", lang, as_of=contact.as_of)
        items.append(f"<li class='wsp-contact-{safe(contact.id)}'>{' · '.join(numbers)} — "
                     f"<strong>{safe(contact.name(lang))}</strong>. {safe(contact.what_for(lang))}"
                     f" <span class='wsp-source'>({safe(checked)})</span></li>")
    return "<ul>" + "".join(items) + "</ul>"


def bullet_list(texts: list[str], css: str = "", ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    klass = f' class="{safe(css)}"' if css else ""
    return f"<{tag}{klass}>" + "".join(f"<li>{safe(text)}</li>" for text in texts) + f"</{tag}>"
