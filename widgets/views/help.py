"""The help panel: verified numbers, one tap away on every screen."""

from __future__ import annotations

import ipywidgets as ipw

from ..content.base import cite
from ..content.help import HelpDirectory
from .common import html_block, safe


def help_markup(directory: HelpDirectory, lang: str, t) -> str:
    """The panel's HTML: each contact with a tap-to-call link, what it is for, source and date."""
    parts = [f"<h2>{safe(t('app.help_title'))}</h2>",
             f"<p><strong>{safe(directory.call_first(lang))}</strong></p>",
             f"<p>{safe(directory.intro(lang))}</p>"]
    for contact in directory.contacts:
        links = []
        if contact.number:
            links.append(f'<a href="tel:{safe(contact.dial)}">☎ '
                         f'{safe(t("app.help_call", number=contact.number))}</a>')
        if contact.whatsapp:
            links.append(f'<a href="{safe(contact.whatsapp_link)}">✆ '
                         f'{safe(t("app.help_whatsapp", number=contact.whatsapp))}</a>')
        hours = f"<br>{safe(contact.hours(lang))}" if contact.hours else ""
        parts.append(
            f'<div class="wsp-contact wsp-contact-{safe(contact.id)}">'
            f"<strong>{safe(contact.name(lang))}</strong><br>{' · '.join(links)}<br>"
            f"{safe(contact.what_for(lang))}{hours}<br>"
            f'<span class="wsp-asof">'
            f"{safe(t('app.help_checked', source=cite(contact.source, lang), as_of=contact.as_of))}"
            f"</span></div>")
    return "".join(parts)


def help_panel(directory: HelpDirectory, lang: str, t) -> ipw.HTML:
    return html_block(help_markup(directory, lang, t), "wsp-card", "wsp-help")
