"""The district profile: everything known about one kabupaten/kota and where to get help there.

Pure HTML from content (no ipywidgets), so the module view and tests share it. Every text from a
file is escaped."""

from __future__ import annotations

from typing import Iterable

from ..content.geo import Geo
from ..content.help import Contact
from .build import Translate, esc, number, source_line


def _place_items(geo: Geo, places, t: Translate, lang: str) -> str:
    items = []
    for place in places:
        extra = []
        if place.address:
            extra.append(esc(t("address", address=place.address)))
        if place.phone:
            dial = "".join(ch for ch in place.phone if ch.isdigit() or ch == "+")
            extra.append(f'<a href="tel:{esc(dial)}">{esc(t("phone", phone=place.phone))}</a>')
        located = geo.locate(place)
        if located and located.approximate:
            extra.append(esc(t("approx_place", seat=geo.district(place.district).seat)))
        items.append(f"<li><b>{esc(place.name(lang))}</b> — {esc(place.about(lang))}"
                     + "".join(f"<br>{e}" for e in extra)
                     + source_line(t, place.source, place.as_of, lang) + "</li>")
    return "<ul class='wsp-map-list'>" + "".join(items) + "</ul>"


def profile_html(geo: Geo, code: str, t: Translate, lang: str,
                 contacts: Iterable[Contact] = ()) -> str:
    """The profile card for one district, in ``lang``."""
    d = geo.district(code)
    parts = [f"<h3>{esc(t('profile_title', name=d.name))}</h3>",
             f"<p>{esc(t('seat', seat=d.seat))} · "
             f"{esc(t('population', value=number(d.population, lang), year=d.population_year))}"
             "</p>", source_line(t, d.source, d.as_of, lang)]
    if d.position is None:
        parts.append(f"<p class='wsp-muted'>{esc(t('profile_not_on_map', seat=d.seat))}</p>")
    parts.append(f"<h4>{esc(t('profile_origin'))}</h4>")
    facts = geo.origin_for(code)
    if facts:
        parts.append("<ul class='wsp-map-list'>" + "".join(
            f"<li>{esc(f.note(lang))}{source_line(t, f.source, f.as_of, lang)}</li>" for f in facts)
            + "</ul>")
    else:
        parts.append(f"<p class='wsp-map-nodata'><b>{esc(t('no_data'))}.</b> "
                     f"{esc(t('profile_no_data'))}</p>")
    departures = geo.places_in(code, "departure", "transit")
    if departures:
        parts.append(f"<h4>{esc(t('profile_departure'))}</h4>")
        parts.append(_place_items(geo, departures, t, lang))
    parts.append(f"<h4>{esc(t('profile_help'))}</h4>")
    helps = geo.places_in(code, "help")
    parts.append(_place_items(geo, helps, t, lang) if helps
                 else f"<p>{esc(t('profile_no_help'))}</p>")
    contacts = list(contacts)
    if contacts:
        parts.append(f"<h4>{esc(t('profile_everywhere'))}</h4><ul class='wsp-map-list'>")
        for contact in contacts:
            number_part = (f' — <a href="tel:{esc(contact.dial)}">{esc(contact.number)}</a>'
                           if contact.number else "")
            parts.append(f"<li><b>{esc(contact.name(lang))}</b>{number_part}<br>"
                         f"{esc(contact.what_for(lang))}"
                         f"{source_line(t, contact.source, contact.as_of, lang)}</li>")
        parts.append("</ul>")
    return "".join(parts)
