"""The session report: what an organiser takes home after a workshop.

``write_report(store, session_code, out_dir, lang)`` writes, for one session:

- ``answers.csv`` and ``answers.xlsx``: one row per answer — participant code, team flag,
  activity, item, answer, correct, time. No names, no team names, no phone numbers.
- ``report.html`` and ``report.pdf`` (A4, through ``documents.pdf``): the session, the agenda
  with minutes, participation per activity, the knowledge gain with a chart and the sentence
  for a funder, the room's hardest red-flag cards and the scenario endings reached.

Figures come from the same engines as the console and the projector (``engines.live`` for
tallies and small-cell suppression, ``engines.knowledge`` for the tests), so the report never
shows a number the room did not see, nor one built on fewer than ``live.MIN_ANSWERS`` people.
Everything a person typed (session name, place, date) is escaped with ``safe``."""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from ..content import Catalog, cached_catalog
from ..content.redflags import CARDSORT_NOTEBOOK
from ..engines import knowledge as kn
from ..engines import live
from ..engines.store import Answer, Participant, Session, Store
from ..participation import APP_STATE
from ..views.common import safe
from .pdf import html_to_pdf, print_css

COLUMNS = ("participant_code", "team", "activity", "item", "answer", "correct", "answered_at")
#: Spreadsheet programs run a cell starting with one of these as a formula ("CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARDEST_CARDS = 5
SNIPPET = 160


# --------------------------------------------------------------------------- the data

@dataclass(frozen=True)
class SessionData:
    """One session as read from the store (read-only: nothing here writes)."""

    session: Session
    participants: list[Participant]
    answers: list[Answer]
    #: participant code → activities they finished (the app's "finished" marks)
    finished: dict[str, list[str]]


def read_session(store: Store, session_code: str) -> SessionData:
    session = store.get_session(session_code)
    if session is None:
        raise KeyError(f"there is no session with the code {session_code!r}")
    states = store.progress_of_all(session.code, APP_STATE)
    return SessionData(session, store.list_participants(session.code),
                       store.answers(session.code),
                       {code: list(state.get("finished", [])) for code, state in states.items()})


def _utc(stamp: datetime) -> str:
    stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def answer_rows(data: SessionData) -> list[tuple[str, ...]]:
    """One row per answer, in the order given; the team flag only, never the team's name."""
    teams = {p.code for p in data.participants if p.team_name}
    correct = {True: "yes", False: "no", None: ""}
    return [(a.participant_code, "yes" if a.participant_code in teams else "no", a.activity,
             a.item, a.answer, correct[a.correct], _utc(a.answered_at)) for a in data.answers]


def _defused(value: str) -> str:
    """A text cell a spreadsheet will show as text, not run as a formula (OWASP advice)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(rows: Sequence[tuple[str, ...]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([_defused(cell) for cell in row] for row in rows)
    return path


def write_xlsx(rows: Sequence[tuple[str, ...]], path: Path, title: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # every cell is text: nothing typed becomes a formula
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", (14, 8, 18, 36, 24, 9, 22)):
        sheet.column_dimensions[column].width = width
    book.properties.title = title[:200]
    book.save(path)
    return path


# --------------------------------------------------------------------------- the page

def _snippet(text: str) -> str:
    return textwrap.shorten(text, SNIPPET, placeholder=" …")


class ReportPage:
    """The report as one HTML document, in one language."""

    def __init__(self, catalog: Catalog, data: SessionData, lang: str):
        self.catalog, self.data, self.lang = catalog, data, lang

    def t(self, key: str, **values: object) -> str:
        return self.catalog.strings(key, self.lang, **values)

    def fewer(self) -> str:
        return (f"<span class='wsp-suppressed'>"
                f"{safe(self.t('report.fewer', minimum=live.MIN_ANSWERS))}</span>")

    def count(self, n: int) -> str:
        """A count of people, or the suppression words when 1 or 2."""
        return self.fewer() if 0 < n < live.MIN_ANSWERS else str(n)

    def bar(self, fraction: float, label: str, css: str = "") -> str:
        """A bar with its words and its number beside it (never colour alone)."""
        width = max(0.0, min(1.0, fraction)) * 100
        return (f"<div class='wsp-report-bar'><span class='wsp-report-bar-label'>{safe(label)}"
                f"</span><span class='wsp-report-bar-track'><span class='wsp-bar {css}' "
                f"style='width: {width:.1f}%'></span></span><span class='wsp-report-bar-value'>"
                f"{kn.percent(fraction)} %</span></div>")

    # ----------------------------------------------------------------- sections
    def html(self) -> str:
        session = self.data.session
        body = "".join([self.header(), self.agenda(), self.participation(), self.knowledge(),
                        self.cards(), self.endings(), self.method()])
        return (f"<!DOCTYPE html><html lang='{safe(self.lang)}'><head><meta charset='utf-8'>"
                f"<title>{safe(self.t('report.title'))} — {safe(session.name)}</title>"
                f"<style>{print_css()}{REPORT_CSS}</style></head>"
                f"<body class='wsp-report-page'>{body}</body></html>")

    def header(self) -> str:
        session = self.data.session
        rows = [(self.t("report.session_name"), session.name),
                (self.t("report.place"), session.place or "—"),
                (self.t("report.date"), session.held_on or "—"),
                (self.t("report.session_code"), session.code)]
        table = "".join(f"<tr><th>{safe(k)}</th><td class='wsp-report-field'>{safe(v)}</td></tr>"
                        for k, v in rows)
        made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        result = kn.session_knowledge(self.catalog, self.data.answers)
        summary = "" if result is None else (  # the one sentence a funder reads, on page 1
            f"<p class='wsp-report-funder'><strong>"
            f"{safe(kn.funder_sentence(result, self.t))}</strong></p>")
        return (f"<h1>{safe(self.t('report.title'))}</h1>"
                f"<p class='wsp-report-session-name'>{safe(session.name)}</p>"
                f"<table class='wsp-report-facts'>{table}</table>{summary}"
                f"<p class='wsp-muted'>{safe(self.t('report.generated', when=made))} · "
                f"{safe(self.t('report.privacy'))}</p>")

    def agenda(self) -> str:
        agenda = self.catalog.agenda
        rows = "".join(f"<tr><td class='num'>{n}</td><td>{safe(a.title(self.lang))}</td>"
                       f"<td class='num'>{a.minutes}</td></tr>"
                       for n, a in enumerate(agenda.activities, start=1))
        return (f"<h2>{safe(self.t('report.agenda_heading'))}</h2><table><thead><tr>"
                f"<th class='num'>{safe(self.t('report.col_number'))}</th>"
                f"<th>{safe(self.t('report.col_activity'))}</th>"
                f"<th class='num'>{safe(self.t('report.col_minutes'))}</th></tr></thead>"
                f"<tbody>{rows}</tbody><tfoot><tr><td></td>"
                f"<th>{safe(self.t('report.total'))}</th><th class='num'>{agenda.minutes}</th>"
                f"</tr></tfoot></table>")

    def participation(self) -> str:
        people = self.data.participants
        teams = sum(1 for p in people if p.team_name)
        rows = []
        for activity in self.catalog.agenda.activities:
            answered = len({a.participant_code for a in self.data.answers
                            if a.activity == activity.id})
            finished = sum(1 for done in self.data.finished.values() if activity.id in done)
            rows.append(f"<tr><td>{safe(activity.title(self.lang))}</td>"
                        f"<td class='num'>{self.count(answered)}</td>"
                        f"<td class='num'>{self.count(finished)}</td></tr>")
        return (f"<h2>{safe(self.t('report.participation_heading'))}</h2>"
                f"<p>{safe(self.t('report.joined', count=len(people), teams=teams))}</p>"
                f"<table><thead><tr><th>{safe(self.t('report.col_activity'))}</th>"
                f"<th class='num'>{safe(self.t('report.col_answered'))}</th>"
                f"<th class='num'>{safe(self.t('report.col_finished'))}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def knowledge(self) -> str:
        heading = f"<h2>{safe(self.t('report.knowledge_heading'))}</h2>"
        result = kn.session_knowledge(self.catalog, self.data.answers)
        if result is None:
            return heading + f"<p>{safe(self.t('report.no_tests'))}</p>"
        parts = [heading]
        if result.shown:
            parts.append(f"<div class='wsp-report-chart' role='img' aria-label="
                         f"'{safe(self.t('report.chart_title'))}'>"
                         f"<p class='wsp-report-chart-title'>{safe(self.t('report.chart_title'))}</p>"
                         + self.bar(result.paired_before, self.t("report.before"), "wsp-bar-before")
                         + self.bar(result.paired_after, self.t("report.after")) + "</div>")

        def mean(value: float | None) -> str:
            return self.fewer() if value is None else f"{kn.percent(value)} %"

        gain = ci = self.fewer()
        if result.shown:
            gain = f"{kn.percent(result.gain):+d}"
            ci = f"{kn.percent(result.gain_low):+d} … {kn.percent(result.gain_high):+d}"
        rows = [(self.t("report.takers"), self.count(result.takers_before),
                 self.count(result.takers_after)),
                (self.t("report.mean_all"), mean(result.mean_before), mean(result.mean_after)),
                (self.t("report.pairs"), self.count(result.pairs), self.count(result.pairs)),
                (self.t("report.mean_paired"), mean(result.paired_before),
                 mean(result.paired_after))]
        table = "".join(f"<tr><th>{safe(label)}</th><td class='num'>{before}</td>"
                        f"<td class='num'>{after}</td></tr>" for label, before, after in rows)
        table += (f"<tr><th>{safe(self.t('report.gain'))}</th><td class='num' colspan='2'>"
                  f"{gain}</td></tr><tr><th>{safe(self.t('report.ci'))}</th>"
                  f"<td class='num' colspan='2'>{ci}</td></tr>")
        parts.append(f"<table class='wsp-report-gain'><thead><tr><th></th>"
                     f"<th class='num'>{safe(self.t('report.before'))}</th>"
                     f"<th class='num'>{safe(self.t('report.after'))}</th></tr></thead>"
                     f"<tbody>{table}</tbody></table>")
        parts.append(self.per_item(result))
        return "".join(parts)

    def per_item(self, result: kn.Knowledge) -> str:
        quiz = self.catalog.quiz

        def share(value: kn.ItemShare, label: str, css: str = "") -> str:
            if value.answered == 0:
                return f"<span class='wsp-muted'>{safe(self.t('report.no_answers'))}</span>"
            if value.share is None:
                return self.fewer()
            return self.bar(value.share, label, css) + (
                f"<span class='wsp-muted'>{safe(self.t('report.of_answers', correct=value.correct, answered=value.answered))}</span>")

        rows = "".join(
            f"<tr><td>{safe(_snippet(quiz.items[change.item].question(self.lang)))}</td>"
            f"<td>{share(change.before, self.t('report.right_short'), 'wsp-bar-before')}</td>"
            f"<td>{share(change.after, self.t('report.right_short'))}</td></tr>"
            for change in result.per_item)
        return (f"<h3>{safe(self.t('report.per_item_heading'))}</h3><table class='wsp-report-items'>"
                f"<thead><tr><th>{safe(self.t('report.col_question'))}</th>"
                f"<th>{safe(self.t('report.before'))}</th><th>{safe(self.t('report.after'))}</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")

    def _results(self) -> live.ActivityResults:
        redflags = self.catalog.redflags
        cardsort = {a.id for a in self.catalog.agenda.activities
                    if a.notebook == CARDSORT_NOTEBOOK}
        answers = [a for a in self.data.answers
                   if a.activity in cardsort or (a.detail or {}).get("scenario")]
        return live.activity_results(answers, {i: c.pile for i, c in redflags.cards.items()})

    def cards(self) -> str:
        heading = f"<h2>{safe(self.t('report.cards_heading'))}</h2>"
        hardest = live.hardest_first(self._results().cards)[:HARDEST_CARDS]
        if not hardest:
            return heading + f"<p>{safe(self.t('report.cards_none', minimum=live.MIN_ANSWERS))}</p>"
        cards = self.catalog.redflags.cards
        rows = []
        for tally in hardest:
            pile_key = "redflags.pile_" + str(tally.right).replace("-", "_")
            pile = self.t(pile_key)
            rows.append(f"<tr><td>{safe(_snippet(cards[tally.item].situation(self.lang)))}</td>"
                        f"<td>{safe(pile)}</td><td>"
                        + self.bar(tally.share_right or 0.0, self.t("report.matched"))
                        + f"<span class='wsp-muted'>{safe(self.t('report.of_answers', correct=tally.counts[tally.right], answered=tally.answered))}</span></td></tr>")
        return (heading + f"<table class='wsp-report-cards'><thead><tr>"
                f"<th>{safe(self.t('report.col_card'))}</th>"
                f"<th>{safe(self.t('report.col_agreed'))}</th>"
                f"<th>{safe(self.t('report.col_matched'))}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def endings(self) -> str:
        heading = f"<h2>{safe(self.t('report.endings_heading'))}</h2>"
        tallies = self._results().scenarios
        library = getattr(self.catalog, "scenarios", {})
        rows = []
        for scenario_id, tally in sorted(tallies.items()):
            if scenario_id not in library:
                continue
            scenario = library[scenario_id]
            title = scenario.title(self.lang)
            if live.suppressed(tally.plays):
                rows.append(f"<tr><td>{safe(title)}</td><td colspan='2'>{self.fewer()}</td></tr>")
                continue
            for ending, plays in tally.endings.most_common():
                node = scenario.nodes.get(ending)
                name = node.title(self.lang) if node is not None and node.title else ending
                rows.append(f"<tr><td>{safe(title)}</td><td>{safe(name)}</td>"
                            f"<td class='num'>{self.count(plays)}</td></tr>")
        if not rows:
            return heading + f"<p>{safe(self.t('report.endings_none'))}</p>"
        return (heading + f"<table><thead><tr><th>{safe(self.t('report.col_story'))}</th>"
                f"<th>{safe(self.t('report.col_ending'))}</th>"
                f"<th class='num'>{safe(self.t('report.col_plays'))}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def method(self) -> str:
        return (f"<h2>{safe(self.t('report.method_heading'))}</h2>"
                f"<p class='wsp-source'>{safe(self.t('report.method', minimum=live.MIN_ANSWERS))}</p>")


#: Layout of the report's bars and header on top of the shared print stylesheet.
REPORT_CSS = """
.wsp-report-session-name { font-size: 14pt; font-weight: bold; margin: 0 0 2mm; }
.wsp-report-facts th { width: 30%; }
.wsp-report-funder { font-size: 12pt; border-left: 1.2mm solid #0b6e4f; padding-left: 3mm;
  break-inside: avoid; }
.wsp-report-chart, .wsp-report-gain { break-inside: avoid; }
.wsp-report-items .wsp-report-bar-label, .wsp-report-cards .wsp-report-bar-label {
  flex-basis: 12mm; }
.wsp-report-cards td:first-child { width: 48%; }
.wsp-report-cards td:last-child { width: 32%; }
.wsp-report-chart { margin: 2mm 0 4mm; }
.wsp-report-chart-title { font-weight: bold; margin: 0 0 1mm; }
.wsp-report-bar { display: flex; align-items: center; gap: 2mm; margin: 0.8mm 0; }
.wsp-report-bar-label { flex: 0 0 28%; font-size: 9.5pt; }
.wsp-report-bar-track { flex: 1 1 auto; border: 0.3pt solid #9aa3b2; height: 3.4mm; }
.wsp-report-bar-track .wsp-bar { display: block; height: 100%; }
.wsp-report-bar-value { flex: 0 0 12mm; text-align: right; font-variant-numeric: tabular-nums; }
.wsp-report-items td:first-child { width: 46%; }
body { max-width: 190mm; margin: 0 auto; }
"""


# --------------------------------------------------------------------------- the files

def write_report(store: Store, session_code: str, out_dir: Path | str, lang: str = "id",
                 catalog: Catalog | None = None) -> list[Path]:
    """Write the four files for one session into ``out_dir``; return their paths in order
    (answers.csv, answers.xlsx, report.html, report.pdf). The console's report button
    (``wsp-report``) calls this."""
    if lang not in ("id", "en"):
        raise ValueError("lang must be 'id' or 'en'")
    catalog = catalog or cached_catalog()
    data = read_session(store, session_code)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = answer_rows(data)
    written = [write_csv(rows, out / "answers.csv"),
               write_xlsx(rows, out / "answers.xlsx", data.session.name)]
    page = ReportPage(catalog, data, lang).html()
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    written.append(html_path)
    written.append(html_to_pdf(page, out / "report.pdf").path)
    return written


def run_report(args: argparse.Namespace) -> int:
    import os

    from ..engines.store import sqlite_url
    from ..paths import DATASETS_ENV

    if args.datasets is not None:
        os.environ[DATASETS_ENV] = str(args.datasets.resolve())
    if args.database_url:
        store = Store(args.database_url)
    else:
        if not (args.data_dir / "waspada.sqlite").exists():
            print(f"No answers found: {args.data_dir / 'waspada.sqlite'} does not exist. "
                  "Fix: pass the --data-dir that `waspada serve` used (default ./workshop-data).",
                  file=sys.stderr)
            return 1
        store = Store(sqlite_url(args.data_dir))
    try:
        written = write_report(store, args.session, args.out, args.lang)
    except KeyError:
        known = ", ".join(s.code for s in store.list_sessions()) or "none"
        print(f"There is no session {args.session!r} in this store (sessions: {known}). "
              "Fix: copy the session code from the facilitator console.", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..cli import datasets_option

    report = subparsers.add_parser(
        "report", help="write a session's answers and report (CSV, XLSX, HTML, PDF)",
        description="Write answers.csv, answers.xlsx, report.html and report.pdf for one "
        "session into --out, and print each file written.")
    report.add_argument("--data-dir", type=Path, default=Path("workshop-data"),
                        help="the folder `waspada serve` stored answers in")
    report.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL (e.g. postgresql://...) instead of the data dir")
    report.add_argument("--session", required=True, help="the session code, e.g. K7M2QX")
    report.add_argument("--out", type=Path, required=True, help="folder to write the files to")
    report.add_argument("--lang", choices=("id", "en"), default="id",
                        help="language of the report (default: id)")
    datasets_option(report)
    report.set_defaults(func=run_report)
