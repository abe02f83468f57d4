"""The join door: the participant page's first screen in plain HTML.

Voilà's front end is about 1.4 MB of JavaScript; a cheap phone on a weak link needs close to a
minute to fetch and run it before any widget can be drawn (docs/performance.md). The door is in
the page itself, ahead of that JavaScript, so a participant can choose a language and text size,
type the session code and join within seconds. The door's form goes to the laptop
(``serve/door.py``), which admits the participant and leaves a claim for this page's kernel;
the app (``views/app.py``) takes it and opens on the content warning, and the door steps aside
as soon as the app's widgets are on screen. Only Indonesian and English texts from
``datasets/`` are used; every translatable piece is written in both languages and the door's
script shows one (the other carries ``hidden``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..content import Catalog
from ..participation import TEXT_SIZES
from .common import STYLESHEET, safe
from .help import help_markup
from .readaloud import read_aloud_values, text_of

DOOR_SCRIPT = Path(__file__).with_name("door.js")
DOOR_STYLE = Path(__file__).with_name("door.css")
# The app's read-aloud control (an anywidget module) and what draws it on the door.
READ_ALOUD_SCRIPT = Path(__file__).with_name("readaloud.js")
DOOR_LISTEN_SCRIPT = Path(__file__).with_name("door-listen.js")
LANGUAGES = ("id", "en")


def _both(catalog: Catalog, key: str, tag: str = "span", classes: str = "") -> str:
    """An interface string in both languages; Indonesian shown until the script chooses."""
    parts = []
    for lang in LANGUAGES:
        hidden = " hidden" if lang != "id" else ""
        css = f' class="{classes}"' if classes else ""
        parts.append(f'<{tag}{css} lang="{lang}" data-l="{lang}"{hidden}>'
                     f"{safe(catalog.strings(key, lang))}</{tag}>")
    return "".join(parts)


def _blocks(catalog: Catalog, markup_of, classes: str, recording=None) -> str:
    """A longer block (help numbers, the content warning) in both languages, each with its
    "Dengarkan / Listen" control (``recording(lang)``: a trainer's recording, if any)."""
    parts = []
    for lang in LANGUAGES:
        markup = markup_of(lang)
        values = read_aloud_values(
            text_of(markup), lang, lambda key, **v: catalog.strings(key, lang, **v),
            recording(lang) if recording else None)
        parts.append(
            f'<div lang="{lang}" data-l="{lang}"{" hidden" if lang != "id" else ""}>'
            f'<div class="wsp-door-listen" data-read="{safe(json.dumps(values))}"></div>'
            f'<div class="{classes}">{markup}</div></div>')
    return "".join(parts)


def _button(catalog: Catalog, key: str, classes: str, kind: str = "submit", **data: str) -> str:
    attributes = "".join(f' data-{name}="{safe(value)}"' for name, value in data.items())
    return (f'<button type="{kind}" class="wsp-door-button {classes}"{attributes}>'
            f"{_both(catalog, key)}</button>")


def _input(catalog: Catalog, *, wrapper: str, name: str, label_key: str,
           placeholder_key: str, hidden: bool = False) -> str:
    placeholders = "".join(
        f' data-placeholder-{lang}="{safe(catalog.strings(placeholder_key, lang))}"'
        for lang in LANGUAGES)
    return (f'<div class="wsp-door-field {wrapper}"{" hidden" if hidden else ""}>'
            f'<label for="wsp-door-{name}">{_both(catalog, label_key)}</label>'
            f'<input id="wsp-door-{name}" name="{name}" type="text" autocomplete="off" '
            f'autocapitalize="characters" spellcheck="false" maxlength="60" '
            f'placeholder="{safe(catalog.strings(placeholder_key, "id"))}"{placeholders}>'
            f"</div>")


def _form(catalog: Catalog) -> str:
    languages = "".join(
        f'<button type="button" class="wsp-door-button wsp-door-choice wsp-lang-{code}" '
        f'lang="{code}" data-lang="{code}" aria-pressed="{str(code == "id").lower()}">'
        f'<span class="wsp-door-check" aria-hidden="true">✓ </span>{name}</button>'
        for code, name in (("id", "Bahasa Indonesia"), ("en", "English")))
    sizes = "".join(
        f'<button type="button" class="wsp-door-button wsp-door-choice wsp-text-size '
        f'wsp-size-choice-{size}" data-size="{size}" aria-pressed="{str(size == "normal").lower()}">'
        f'<span class="wsp-door-check" aria-hidden="true">✓ </span>'
        f'{_both(catalog, "app.text_size_" + size.replace("-", "_"))}</button>'
        for size in TEXT_SIZES)
    return (
        '<form class="wsp-home wsp-door-form" novalidate>'
        f'<div class="wsp-card"><h1>Waspada</h1>{_both(catalog, "app.tagline", "p")}</div>'
        f'<div class="wsp-door-row wsp-languages">{languages}</div>'
        f'<div class="wsp-text-size-home"><strong>{_both(catalog, "app.text_size")}</strong>'
        f'<div class="wsp-door-row wsp-text-size-choices">{sizes}</div></div>'
        + _input(catalog, wrapper="wsp-session-input", name="sesi",
                 label_key="app.session_code_label",
                 placeholder_key="app.session_code_placeholder")
        + '<div class="wsp-door-field wsp-team-toggle"><label class="wsp-door-check-label">'
          '<input type="checkbox" name="kelompok"> '
        f'{_both(catalog, "app.team_toggle")}</label></div>'
        + _input(catalog, wrapper="wsp-team-input", name="kelompok-nama",
                 label_key="app.team_name_label",
                 placeholder_key="app.team_name_placeholder", hidden=True)
        + _button(catalog, "app.join_button", "wsp-join wsp-door-primary", action="join")
        + '<div class="wsp-message" aria-live="polite"></div>'
        + _input(catalog, wrapper="wsp-resume-input", name="kode",
                 label_key="app.resume_label",
                 placeholder_key="app.participant_code_placeholder")
        + _button(catalog, "app.resume_button", "wsp-resume", kind="button", action="resume")
        + _both(catalog, "app.privacy_note", "p", "wsp-muted")
        + _button(catalog, "app.self_study_button", "wsp-self-study", kind="button",
                  action="self-study")
        + "</form>")


def _waiting(catalog: Catalog) -> str:
    def warning(lang: str) -> str:
        return (f"<h2>{safe(catalog.strings('app.warning_title', lang))}</h2>"
                f"<p>{safe(catalog.help.content_warning(lang))}</p>"
                f"<p><strong>{safe(catalog.help.call_first(lang))}</strong></p>")

    return (
        '<div class="wsp-door-waiting" hidden>'
        '<p class="wsp-card wsp-door-status" role="status">'
        '<span class="wsp-door-spinner" aria-hidden="true"></span>'
        f'<span class="wsp-door-ready">{_both(catalog, "app.door_getting_ready")}</span>'
        '<span class="wsp-door-back-text"></span></p>'
        f'<div class="wsp-card"><h2>{_both(catalog, "app.your_code")}</h2>'
        '<p class="wsp-code wsp-door-code"></p>'
        f'{_both(catalog, "app.your_code_note", "p")}</div>'
        + _blocks(catalog, warning, "wsp-card wsp-warning",
                  catalog.help.content_warning.recording) + "</div>")


def door_texts(catalog: Catalog) -> dict[str, dict[str, str]]:
    """The few strings the door's script writes itself (messages, with ``{code}`` filled in)."""
    keys = ("door_coming_back", "door_sending", "door_no_answer", "door_page_gone")
    return {lang: {key: catalog.strings(f"app.{key}", lang) for key in keys}
            for lang in LANGUAGES}


@lru_cache(maxsize=1)
def _asset(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def door_markup(catalog: Catalog) -> str:
    """The whole door, style and script inline: nothing more to fetch before it works."""
    texts = json.dumps(door_texts(catalog), ensure_ascii=False).replace("</", "<\\/")
    help_panel = _blocks(catalog, lambda lang: help_markup(
        catalog.help, lang, lambda key, **values: catalog.strings(key, lang, **values)),
        "wsp-card wsp-help")
    return (
        f"<style>{_asset(STYLESHEET)}{_asset(DOOR_STYLE)}</style>"
        '<div id="wsp-door" class="wsp-door wsp-size-normal" data-lang="id" lang="id">'
        '<div class="wsp-door-header"><span class="wsp-brand">Waspada</span>'
        f'{_button(catalog, "app.help_button", "wsp-door-help", kind="button")}'
        '</div>'
        f'<div class="wsp-door-help-panel" hidden>{help_panel}'
        f'{_button(catalog, "app.help_close", "wsp-door-help-close", kind="button")}</div>'
        f"{_form(catalog)}{_waiting(catalog)}"
        f'<script type="application/json" id="wsp-door-texts">{texts}</script>'
        f"<script>{_asset(DOOR_SCRIPT)}</script>"
        # async: run at once, not after the page has been parsed, which on a slow phone waits
        # for Voilà's scripts (a module script is otherwise deferred until then)
        f'<script type="module" async>{_asset(READ_ALOUD_SCRIPT)}\n'
        f"{_asset(DOOR_LISTEN_SCRIPT)}</script>"
        "</div>")
