"""The programme report: ``programme.html``, ``programme.pdf`` and ``sessions.csv``.

One HTML document serves the screen and the printer (the PDF goes through ``pdf.html_to_pdf``
with the shared ``print_css``). The map is a static inline SVG — proportional circles at the
district seats, and district outlines when a trainer gives a boundary file — so it prints,
needs no script and no network, and the PDF stays text plus vectors.

Everything a person typed (session name, place, kecamatan, village) is escaped with ``safe``;
a CSV cell that a spreadsheet would read as a formula is defused as in the session report."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from ..content import Catalog
from ..engines import live
from ..engines.knowledge import percent
from ..programme.figures import (MIN_PAIRS_PER_DISTRICT, DistrictRow, ProgrammeFigures,
                                 compute)
from ..programme.gain import Gain, Quiz
from ..programme.store import ProgrammeStore
from ..views.common import safe
from .pdf import Printed, html_to_pdf, print_css
from .report import _defused  # the session report's CSV rule, one for both

#: The view of North Sumatra drawn on the static map (lat, lon of two corners).
MAP_SOUTH, MAP_WEST, MAP_NORTH, MAP_EAST = 0.4, 97.25, 4.3, 100.75
MAP_WIDTH = 640
MAX_RADIUS = 24.0
MIN_RADIUS = 4.5

EXTRA_CSS = """
.wsp-programme .wsp-figures { display: flex; gap: 4mm; margin: 2mm 0 4mm; }
.wsp-programme .wsp-figure { border: 0.6pt solid #9aa3b2; border-radius: 2mm; padding: 2mm 3mm;
  flex: 1; }
.wsp-programme .wsp-figure strong { display: block; font-size: 18pt; color: #0b6e4f; }
.wsp-programme .wsp-map { text-align: center; }
.wsp-programme .wsp-map svg { width: 128mm; height: auto; border: 0.4pt solid #c9d0da; }
@media screen { .wsp-programme .wsp-map svg { width: 100%; max-width: 720px; } }
.wsp-programme td.num, .wsp-programme th.num { white-space: nowrap; }
@media screen { body.wsp-programme { max-width: 190mm; margin: 8mm auto; padding: 0 4mm; } }
"""


@dataclass(frozen=True)
class ProgrammeReport:
    html: Path
    pdf: Printed
    csv: Path


def quiz_of(catalog: Catalog) -> Quiz | None:
    """The pre/post test of today's content (the agenda's test activities and the items the
    pre-test asks, as ``engines.knowledge.session_knowledge`` takes them), with each item's
    fingerprint as bundles record it; None when the content has no test pair."""
    from ..content.quiz import phases_of
    from ..programme.bundle import content_files, item_version

    phases = phases_of(catalog)
    pre = tuple(a for a, phase in phases.items() if phase == "pre")
    post = tuple(a for a, phase in phases.items() if phase == "post")
    if not pre or not post:
        return None
    rights = catalog.quiz.rights(catalog.quiz.select(catalog.agenda.get(pre[0]).params))
    files = content_files(catalog.root)
    return Quiz(pre, post, rights,
                {item: item_version(catalog.root, files, item, {})[1] for item in rights})


def card_piles(catalog: Catalog) -> dict[str, str]:
    cards = getattr(catalog, "extra", {}).get("redflags")
    return {card_id: card.pile for card_id, card in cards.cards.items()} if cards else {}


def ending_kinds(catalog: Catalog) -> dict[tuple[str, str], str]:
    library = getattr(catalog, "extra", {}).get("scenarios")
    if library is None:
        return {}
    return {(name, node_id): node.ending
            for name, file in library.files.items()
            for node_id, node in file.scenario.nodes.items() if node.ending}


# ------------------------------------------------------------------------------ the map

def _project(lat: float, lon: float) -> tuple[float, float]:
    scale = MAP_WIDTH / (MAP_EAST - MAP_WEST)
    stretch = 1 / math.cos(math.radians((MAP_NORTH + MAP_SOUTH) / 2))
    return (lon - MAP_WEST) * scale, (MAP_NORTH - lat) * scale * stretch


def map_height() -> float:
    return _project(MAP_SOUTH, MAP_EAST)[1]


def radius(people: int, largest: int) -> float:
    """Circle area proportional to the number of participants."""
    if largest <= 0:
        return MIN_RADIUS
    return max(MIN_RADIUS + 1.5, MAX_RADIUS * math.sqrt(people / largest))


def static_map_svg(districts: list[DistrictRow], t, shapes: dict | None = None,
                   positions: dict[str, tuple[float, float]] | None = None) -> str:
    """Inline SVG: one circle per district at its seat (or at ``positions``), labelled.

    Reached districts: a green circle sized by participants; fewer than 3 participants: a small
    striped circle with no number; no workshop: a grey dashed ring."""
    positions = positions or {}
    height = map_height()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {height:.0f}" '
             f'role="img" aria-label="{safe(t("map_alt"))}" class="wsp-programme-map">',
             '<defs><pattern id="wsp-stripes" width="4" height="4" '
             'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<rect width="4" height="4" fill="#ffffff"/>'
             '<line x1="0" y1="0" x2="0" y2="4" stroke="#0b6e4f" stroke-width="2"/>'
             '</pattern></defs>',
             f'<rect width="{MAP_WIDTH}" height="{height:.0f}" fill="#f6f4ee"/>']
    reached = {d.code for d in districts if d.workshops}
    for code, shape in (shapes or {}).items():
        fill = "#dcefe6" if code in reached else "#ffffff"
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in
                            (_project(lat, lon) for lon, lat in ring)) + " Z"
            for polygon in shape for ring in polygon)
        parts.append(f'<path d="{path}" fill="{fill}" fill-rule="evenodd" stroke="#9aa3b2" '
                     'stroke-width="0.6"/>')
    largest = max((d.people for d in districts if d.people_shown), default=0)
    drawn = []
    for district in districts:
        where = district.position or positions.get(district.code)
        if where is None:
            continue
        x, y = _project(*where)
        if not district.workshops:
            r = MIN_RADIUS
            circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#ffffff" '
                      'stroke="#5f6b7a" stroke-width="1.2" stroke-dasharray="2 2"/>')
            text, weight, colour = district.short_name, "normal", "#5f6b7a"
        elif not district.people_shown:
            r = MIN_RADIUS + 1.5
            circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="url(#wsp-stripes)" '
                      'stroke="#0b6e4f" stroke-width="1.2"/>')
            text, weight, colour = district.short_name, "bold", "#1d2433"
        else:
            r = radius(district.people, largest)
            circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#0b6e4f" '
                      'fill-opacity="0.72" stroke="#063b2a" stroke-width="1"/>')
            text, weight, colour = f"{district.short_name} {district.people}", "bold", "#1d2433"
        drawn.append((r, circle, x, y, text, weight, colour))
    # Big circles first so small ones stay visible on top.
    for r, circle, *_ in sorted(drawn, key=lambda d: -d[0]):
        parts.append(circle)
    circles = [(x - r, y - r, x + r, y + r) for r, _, x, y, *_ in drawn]
    placed: list[tuple[float, float, float, float]] = []
    # Reached districts choose their label place first, biggest first.
    for r, _, x, y, text, weight, colour in sorted(drawn, key=lambda d: (d[5] != "bold", -d[0])):
        lx, ly = _label_place(x, y, r, text, placed, circles)
        # A white halo under each label (a copy with a white outline), then the label itself:
        # readable over circles and outlines without relying on paint-order.
        for paint in (f'fill="#ffffff" stroke="#ffffff" stroke-width="2.4"', f'fill="{colour}"'):
            parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{LABEL_SIZE}" '
                         f'font-weight="{weight}" {paint}>{safe(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


LABEL_SIZE = 11


def _label_place(x: float, y: float, r: float, text: str,
                 placed: list[tuple[float, float, float, float]],
                 circles: list[tuple[float, float, float, float]]) -> tuple[float, float]:
    """Where a label's baseline starts: right of the circle if free, else left, above, below
    (a little farther each round). The box it takes is added to ``placed``."""
    width, height = len(text) * LABEL_SIZE * 0.56, LABEL_SIZE

    def box(left: float, baseline: float) -> tuple[float, float, float, float]:
        return (left, baseline - height * 0.8, left + width, baseline + height * 0.2)

    def free(candidate, own) -> bool:
        a0, b0, a1, b1 = candidate
        clash = any(a0 < c1 and c0 < a1 and b0 < d1 and d0 < b1
                    for c0, d0, c1, d1 in placed)
        covers = any(a0 < c1 and c0 < a1 and b0 < d1 and d0 < b1
                     for c0, d0, c1, d1 in circles if (c0, d0, c1, d1) != own)
        return not clash and not covers and 0 <= a0 and a1 <= MAP_WIDTH

    own = (x - r, y - r, x + r, y + r)
    first = None
    for gap in (2, 6, 12):
        for left, baseline in ((x + r + gap, y + 4), (x - r - gap - width, y + 4),
                               (x - width / 2, y - r - gap), (x - width / 2, y + r + gap + 8),
                               (x + r + gap, y - r - gap + 4), (x + r + gap, y + r + gap + 4)):
            candidate = box(left, baseline)
            first = first or (left, baseline, candidate)
            if free(candidate, own):
                placed.append(candidate)
                return left, baseline
    placed.append(first[2])
    return first[0], first[1]


def boundary_shapes(geo, boundaries: Path | None):
    """A trainer's boundary file matched to the districts (maps.boundaries), simplified for
    print; and a drawing position for districts whose seat has no coordinates."""
    if boundaries is None:
        return None, {}
    from ..maps.boundaries import match, read_features, representative_point
    from ..maps.simplify import fit_to_budget

    report = match(read_features(Path(boundaries)), geo.districts.values())
    shapes, _ = fit_to_budget(report.shapes, 150_000)
    return shapes, {code: representative_point(shape) for code, shape in shapes.items()}


# --------------------------------------------------------------------------- the document

def _pct(value: float) -> str:
    return str(percent(value))


def _points(value: float) -> str:
    points = percent(value)
    return f"+{points}" if points > 0 else str(points)


def _period(figures: ProgrammeFigures, t) -> str:
    if figures.start or figures.end:
        return t("period", start=figures.start.isoformat() if figures.start else "…",
                 end=figures.end.isoformat() if figures.end else "…")
    return t("period_all")


def _gain_sentence(found: Gain | None, t, quiz: Quiz | None) -> str:
    if quiz is None:
        return f"<p class='wsp-muted'>{safe(t('gain_no_test'))}</p>"
    if found is None:
        return f"<p class='wsp-muted'>{safe(t('gain_none'))}</p>"
    if not found.shown:
        text = f"<p class='wsp-suppressed'>{safe(t('gain_too_few'))}</p>"
    else:
        text = (f"<p class='wsp-gain'>{safe(t('gain_sentence', pairs=found.pairs, before=_pct(found.before), after=_pct(found.after), gain=_points(found.gain), low=_points(found.low), high=_points(found.high)))}</p>"
                f"<p><span class='wsp-bar wsp-bar-before' style='width:{found.before * 80:.1f}mm'></span> "
                f"{safe(t('before'))} {_pct(found.before)} %<br>"
                f"<span class='wsp-bar' style='width:{found.after * 80:.1f}mm'></span> "
                f"{safe(t('after'))} {_pct(found.after)} %</p>")
    if found.other_version:
        text += f"<p class='wsp-muted'>{safe(t('gain_other_version', count=found.other_version))}</p>"
    return text


def render_html(figures: ProgrammeFigures, catalog: Catalog, lang: str, quiz: Quiz | None,
                shapes: dict | None = None, positions: dict | None = None,
                made_on: date | None = None) -> str:
    strings = catalog.strings

    def t(key: str, **values: object) -> str:
        return strings(f"programme.{key}", lang, **values)

    made_on = made_on or datetime.now(timezone.utc).date()
    body: list[str] = [
        f"<h1>{safe(t('title'))}</h1>",
        f"<p><strong>{safe(_period(figures, t))}</strong><br>"
        f"<span class='wsp-muted'>{safe(t('made_on', date=made_on.isoformat(), workshops=figures.workshops))}</span></p>",
        f"<h2>{safe(t('summary_heading'))}</h2><div class='wsp-figures'>",
    ]
    people = str(figures.people) if not live.suppressed(figures.people) else t("fewer_than")
    for label, value in ((t("workshops"), str(figures.workshops)),
                         (t("districts_reached"), f"{figures.districts_reached} / {len(figures.districts)}"),
                         (t("people"), people),
                         (t("answers"), str(figures.answers) if not live.suppressed(figures.people) else t("fewer_than"))):
        body.append(f"<div class='wsp-figure'><strong>{safe(value)}</strong>{safe(label)}</div>")
    body.append("</div>")
    if figures.teams and not live.suppressed(figures.people):
        body.append(f"<p class='wsp-muted'>{safe(t('teams_note', teams=figures.teams))}</p>")
    body.append(f"<p class='wsp-muted'>{safe(t('privacy'))}</p>")
    # ---- map and district table
    body.append(f"<h2>{safe(t('map_heading'))}</h2><div class='wsp-map'>"
                f"{static_map_svg(figures.districts, t, shapes, positions)}</div>"
                f"<p class='wsp-source'>{safe(t('map_legend_reached'))} {safe(t('map_legend_small'))} "
                f"{safe(t('map_legend_none'))} {safe(t('map_seat_note'))}</p>")
    missing = [d.short_name for d in figures.districts
               if d.position is None and d.code not in (positions or {})]
    if missing:
        body.append(f"<p class='wsp-source'>{safe(t('not_on_map', names=', '.join(missing)))}</p>")
    if figures.unplaced:
        body.append(f"<p class='wsp-muted'>{safe(t('unplaced', count=figures.unplaced))}</p>")
    rows = []
    for d in sorted(figures.districts, key=lambda d: (-d.workshops, -d.people, d.short_name)):
        if not d.workshops:
            continue
        shown = str(d.people) if d.people_shown else t("fewer_than")
        answers = str(d.answers) if d.people_shown else t("fewer_than")
        rows.append(f"<tr><td>{safe(d.name)}</td><td class='num'>{d.workshops}</td>"
                    f"<td class='num'>{safe(shown)}</td><td class='num'>{safe(answers)}</td></tr>")
    body.append(f"<table class='wsp-districts'><thead><tr><th>{safe(t('district'))}</th>"
                f"<th class='num'>{safe(t('workshops'))}</th><th class='num'>{safe(t('people'))}</th>"
                f"<th class='num'>{safe(t('answers'))}</th></tr></thead><tbody>{''.join(rows)}"
                "</tbody></table>")
    without = sorted(d.short_name for d in figures.districts if not d.workshops)
    if without:
        body.append(f"<p class='wsp-none'><strong>{safe(t('no_workshop_heading', count=len(without)))}"
                    f"</strong> {safe(', '.join(without))}</p>")
    # ---- knowledge gain
    body.append(f"<h2>{safe(t('gain_heading'))}</h2>")
    body.append(_gain_sentence(figures.gain, t, quiz))
    if quiz is not None:
        body.append(f"<h3>{safe(t('gain_by_district', minimum=MIN_PAIRS_PER_DISTRICT))}</h3>")
        with_gain = [d for d in figures.districts if d.gain is not None]
        if not with_gain:
            body.append(f"<p class='wsp-muted'>{safe(t('gain_district_none', minimum=MIN_PAIRS_PER_DISTRICT))}</p>")
        else:
            cells = "".join(
                f"<tr><td>{safe(d.name)}</td><td class='num'>{d.gain.pairs}</td>"
                f"<td class='num'>{_pct(d.gain.before)} %</td><td class='num'>{_pct(d.gain.after)} %</td>"
                f"<td class='num'>{_points(d.gain.gain)}</td>"
                f"<td class='num'>{_points(d.gain.low)} … {_points(d.gain.high)}</td></tr>"
                for d in with_gain)
            body.append(f"<table class='wsp-gain-districts'><thead><tr><th>{safe(t('district'))}</th>"
                        f"<th class='num'>{safe(t('pairs'))}</th><th class='num'>{safe(t('before'))}</th>"
                        f"<th class='num'>{safe(t('after'))}</th><th class='num'>{safe(t('gain'))}</th>"
                        f"<th class='num'>{safe(t('interval'))}</th></tr></thead><tbody>{cells}</tbody></table>")
    # ---- hardest cards
    body.append(f"<h2>{safe(t('cards_heading'))}</h2><p class='wsp-muted'>{safe(t('cards_intro'))}</p>")
    cards = getattr(catalog, "extra", {}).get("redflags")
    if not figures.cards:
        body.append(f"<p class='wsp-muted'>{safe(t('cards_none'))}</p>")
    else:
        cells = []
        for row in figures.cards:
            card = cards.cards.get(row.card) if cards else None
            text = card.situation(lang) if card else row.card
            if row.version:
                text += f" ({t('version', number=row.version)})"
            pile = strings(f"redflags.pile_{row.right.replace('-', '_')}", lang) \
                if f"redflags.pile_{row.right.replace('-', '_')}" in strings else row.right
            cells.append(f"<tr><td>{safe(text)}</td><td>{safe(pile)}</td>"
                         f"<td class='num'>{_pct(row.share_right)} %</td><td class='num'>{row.people}</td></tr>")
        body.append(f"<table class='wsp-cards'><thead><tr><th>{safe(t('card'))}</th><th>{safe(t('agreed'))}</th>"
                    f"<th class='num'>{safe(t('right_share'))}</th><th class='num'>{safe(t('sorted_by'))}</th>"
                    f"</tr></thead><tbody>{''.join(cells)}</tbody></table>")
        if any(r.version for r in figures.cards):
            body.append(f"<p class='wsp-muted'>{safe(t('version_note'))}</p>")
    # ---- endings
    body.append(f"<h2>{safe(t('endings_heading'))}</h2><p class='wsp-muted'>{safe(t('endings_intro'))}</p>")
    library = getattr(catalog, "extra", {}).get("scenarios")
    if not figures.endings:
        body.append(f"<p class='wsp-muted'>{safe(t('endings_none'))}</p>")
    else:
        cells = []
        for row in figures.endings:
            file = library.files.get(row.scenario) if library else None
            story = file.scenario.title(lang) if file else row.scenario
            if row.version:
                story += f" ({t('version', number=row.version)})"
            node = file.scenario.nodes.get(row.ending) if file else None
            ending = node.title(lang) if node is not None and node.title else row.ending
            if row.kind and f"scenario.ending_{row.kind}" in strings:
                ending = f"{strings(f'scenario.ending_{row.kind}', lang)} — {ending}"
            plays = (f"<td class='num wsp-suppressed'>{safe(t('fewer_than'))}</td>"
                     if live.suppressed(row.plays) else f"<td class='num'>{row.plays}</td>")
            cells.append(f"<tr><td>{safe(story)}</td><td>{safe(ending)}</td>{plays}</tr>")
        body.append(f"<table class='wsp-endings'><thead><tr><th>{safe(t('story'))}</th><th>{safe(t('ending'))}</th>"
                    f"<th class='num'>{safe(t('plays'))}</th></tr></thead><tbody>{''.join(cells)}</tbody></table>")
    # ---- sessions
    body.append(f"<h2>{safe(t('sessions_heading'))}</h2>")
    if figures.content_versions > 1:
        body.append(f"<p class='wsp-muted'>{safe(t('versions_note', count=figures.content_versions))}</p>")
    names = {d.code: d.short_name for d in figures.districts}
    cells = []
    for row in figures.sessions:
        s = row.session
        where = " · ".join(x for x in (names.get(s.district_code or "", ""), s.kecamatan, s.village) if x)
        shown = str(row.people) if not live.suppressed(row.people) else t("fewer_than")
        cells.append(f"<tr><td>{safe(s.held_on)}</td><td>{safe(s.name)}</td><td>{safe(where)}</td>"
                     f"<td class='num'>{safe(shown)}</td><td>{safe(s.laptop_id[:6])}/{safe(s.code)}</td></tr>")
    body.append(f"<table class='wsp-sessions'><thead><tr><th>{safe(t('date'))}</th><th>{safe(t('session'))}</th>"
                f"<th>{safe(t('where'))}</th><th class='num'>{safe(t('people'))}</th><th>{safe(t('laptop'))}</th>"
                f"</tr></thead><tbody>{''.join(cells)}</tbody></table>")
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{safe(t('title'))}</title><style>{print_css()}{EXTRA_CSS}</style></head>"
            f"<body class='wsp-programme'>{''.join(body)}</body></html>")


SESSION_COLUMNS = ["laptop_id", "session_code", "name", "held_on", "district_code", "district",
                   "kecamatan", "village", "place", "participants", "teams", "answers",
                   "kit_version", "content_hash"]


def sessions_csv(figures: ProgrammeFigures) -> str:
    names = {d.code: d.name for d in figures.districts}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SESSION_COLUMNS)
    for row in figures.sessions:
        s = row.session
        small = live.suppressed(row.people)
        writer.writerow([_defused("" if v is None else str(v)) for v in (
            s.laptop_id, s.code, s.name, s.held_on, s.district_code or "",
            names.get(s.district_code or "", ""), s.kecamatan, s.village, s.place,
            "<3" if small else row.people, "" if small else row.teams,
            "" if small else row.answers, s.kit_version, s.content_hash)])
    return buffer.getvalue()


def write_programme(store: ProgrammeStore, out: Path, catalog: Catalog, lang: str = "id",
                    start: date | None = None, end: date | None = None,
                    boundaries: Path | None = None) -> ProgrammeReport:
    """Compute the figures and write the three files into ``out``."""
    quiz = quiz_of(catalog)
    figures = compute(store, catalog.geo, card_piles(catalog), ending_kinds(catalog), quiz,
                      start, end)
    shapes, positions = boundary_shapes(catalog.geo, boundaries)
    document = render_html(figures, catalog, lang, quiz, shapes, positions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "programme.html"
    html_path.write_text(document, encoding="utf-8")
    printed = html_to_pdf(document, out / "programme.pdf", base_url=out)
    csv_path = out / "sessions.csv"
    csv_path.write_text(sessions_csv(figures), encoding="utf-8")
    return ProgrammeReport(html_path, printed, csv_path)
