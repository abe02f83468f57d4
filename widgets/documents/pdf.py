"""The kit's one PDF engine: HTML + CSS → A4 PDF with WeasyPrint.

Why WeasyPrint: every printable is also an HTML page (the report is read on screen and printed),
so an HTML engine keeps one source for both; it embeds subsets of the fonts it uses and writes
real, searchable text; it runs in-process, offline, with no browser (a facilitator's laptop
need not have Chromium). It needs Pango from the system (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``), which ``make serve`` installs when it can.

Fonts: DejaVu Sans (Debian ``fonts-dejavu-core``) covers every Indonesian and English character
the kit prints; the stylesheet names it first and falls back to the system sans-serif."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PRINT_CSS = Path(__file__).with_name("print.css")


@dataclass(frozen=True)
class Printed:
    """A PDF written to disk and how many pages it has (commands print both)."""

    path: Path
    pages: int


class PdfEngineMissing(RuntimeError):
    """WeasyPrint or its system libraries are not installed."""


@lru_cache(maxsize=1)
def print_css() -> str:
    """The A4 stylesheet every printable shares (page size, margins, type, tables, bars)."""
    return PRINT_CSS.read_text(encoding="utf-8")


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfEngineMissing(
            "Cannot make PDFs: WeasyPrint or its Pango library is missing "
            f"({error}). Run `make install` again, or on Debian/Ubuntu: "
            "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core") from error
    return weasyprint


def html_to_pdf(html: str, out: Path, base_url: str | Path | None = None) -> Printed:
    """Write ``html`` (a whole document, which should link or embed ``print_css()``) as a PDF.

    ``base_url`` resolves relative image paths; nothing is fetched from the network: only
    ``file:`` and ``data:`` URLs are allowed."""
    weasyprint = _weasyprint()

    def offline_fetcher(url: str, *args, **kwargs):
        if not url.startswith(("file:", "data:")):
            raise ValueError(f"refusing to fetch {url!r}: printables are built offline")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = weasyprint.HTML(string=html, base_url=str(base_url) if base_url else None,
                               url_fetcher=offline_fetcher)
    rendered = document.render()
    rendered.write_pdf(out)
    return Printed(out, len(rendered.pages))
