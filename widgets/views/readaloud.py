"""The "Dengarkan / Listen" control: the phone reads a text aloud in its own voice.

Many people in the room read Indonesian better aloud than on a small screen. The control is a
small front-end widget (anywidget; its JavaScript is ``readaloud.js``) that speaks with the
browser's speech synthesis, so nothing is sent anywhere and the laptop does no work. When a
trainer recorded the text (an ``audio`` file in ``datasets/audio/``), the recording plays instead.
Views call ``read_aloud`` (plain text) or ``read_aloud_markup`` (the HTML they show)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import anywidget
import traitlets

#: Speech synthesis language tags for the kit's languages.
VOICE_LANG = {"id": "id-ID", "en": "en-US"}
#: Where ``waspada serve`` publishes ``datasets/audio/`` (see widgets/serve/app.py).
AUDIO_URL = "/audio/"

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "br", "tr", "summary", "ul", "ol"}
_SKIPPED = {"style", "script"}


class ReadAloud(anywidget.AnyWidget):
    """A toggle button that speaks ``text`` in ``lang`` (a BCP 47 tag such as ``id-ID``)."""

    _esm = Path(__file__).with_name("readaloud.js")
    text = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode("id-ID").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    stop_label = traitlets.Unicode("").tag(sync=True)
    no_voice = traitlets.Unicode("").tag(sync=True)
    audio = traitlets.Unicode("").tag(sync=True)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def text_of(markup: str) -> str:
    """What a listener should hear of some HTML: its text, one line per block."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def read_aloud_values(text: str, lang: str, t: Callable[..., str],
                      audio: str | None = None) -> dict[str, str]:
    """What ``readaloud.js`` is given for one text: the widget's state here, and the same
    values on the join door (views/door.py), which runs the same script before Voilà has."""
    return {"text": text, "lang": VOICE_LANG.get(lang, lang), "label": t("app.listen"),
            "stop_label": t("app.listen_stop"), "no_voice": t("app.listen_no_voice"),
            "audio": f"{AUDIO_URL}{audio}" if audio else ""}


def read_aloud(text: str, lang: str, t: Callable[..., str], audio: str | None = None) -> ReadAloud:
    """The control for one text. ``t`` is the view's string lookup (``app.*`` keys);
    ``audio`` is a file name in ``datasets/audio/`` recorded for this text, if any."""
    widget = ReadAloud(**read_aloud_values(text, lang, t, audio), layout={"width": "100%"})
    widget.add_class("wsp-readaloud-control")
    return widget


def read_aloud_markup(markup: str, lang: str, t: Callable[..., str],
                      audio: str | None = None) -> ReadAloud:
    """The control for a block of the kit's own HTML, read as plain text."""
    return read_aloud(text_of(markup), lang, t, audio)
