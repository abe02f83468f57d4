"""Small shared pieces for every view: the stylesheet, big tappable buttons, safe text.

Views are thin: they build ipywidgets from an engine's state and hand clicks back to it.
Anything a participant typed is escaped before it is shown (``safe``), never rendered as HTML."""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import ipywidgets as ipw

STYLESHEET = Path(__file__).with_name("waspada.css")


@lru_cache(maxsize=1)
def _css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def stylesheet() -> ipw.HTML:
    """The kit's CSS as a widget; harmless to include more than once."""
    return ipw.HTML(f"<style>{_css()}</style>", layout=ipw.Layout(display="none"))


def safe(text: object) -> str:
    """Escape text that came from a person or a file before it goes into HTML."""
    return html.escape(str(text), quote=True)


def button(label: str, *, kind: str = "default", icon: str = "", classes: tuple[str, ...] = (),
           tooltip: str = "") -> ipw.Button:
    """A full-width button at least 44 px tall (phone tap target).

    ``kind``: "primary", "default", "danger", "success", "warning", "info"."""
    widget = ipw.Button(description=label, tooltip=tooltip or label, icon=icon,
                        button_style="" if kind == "default" else kind,
                        layout=ipw.Layout(width="100%", min_height="44px", height="auto"))
    widget.add_class("wsp-button")
    for name in classes:
        widget.add_class(name)
    return widget


def html_block(markup: str, *classes: str) -> ipw.HTML:
    """Trusted markup from ``datasets/`` (never participant input) in a styled block."""
    widget = ipw.HTML(markup, layout=ipw.Layout(width="100%"))
    for name in classes:
        widget.add_class(name)
    return widget


def column(children: list[ipw.Widget], *classes: str) -> ipw.VBox:
    box = ipw.VBox(children, layout=ipw.Layout(width="100%"))
    box.add_class("wsp-column")
    for name in classes:
        box.add_class(name)
    return box


def row(children: list[ipw.Widget], *classes: str) -> ipw.HBox:
    box = ipw.HBox(children, layout=ipw.Layout(width="100%", flex_flow="row wrap"))
    box.add_class("wsp-row")
    for name in classes:
        box.add_class(name)
    return box
