"""Leaflet, inlined into the page so a map never asks the internet for anything.

The JavaScript and CSS come from the ``xstatic-leaflet`` package (the Leaflet version folium
expects). The CSS's images become ``data:`` URIs, and the one outbound link in Leaflet (its
attribution prefix linking to leafletjs.com) is replaced by plain text, so a participant who
taps it is not sent off the local network."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

LEAFLET_DIR = Path(xleaflet.BASE_DIR)
LEAFLET_VERSION = xleaflet.VERSION
_ATTRIBUTION_LINK = re.compile(r'<a href="https://leafletjs\.com"[^>]*>')


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    source = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    source, count = _ATTRIBUTION_LINK.subn("<a>", source)
    if count != 1:
        raise RuntimeError("Leaflet's attribution link was not found; check the xstatic-leaflet "
                           "version before inlining it")
    source = re.sub(r"//# sourceMappingURL=\S*", "", source)
    # Inlined into <script>: a literal "</script" inside would end the element early.
    return source.replace("</script", "<\\/script")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        return f"url({_data_uri(LEAFLET_DIR / match.group(1))})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
