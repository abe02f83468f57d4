"""The room's answers as the facilitator and the projector see them.

Thin: the figures come from ``engines.live``; this module only turns them into labelled bars
(the word and the number on every bar, never colour alone), in the facilitator's language,
with "fewer than 3 answers" where a figure would point at a person."""

from __future__ import annotations

from typing import Callable

from ..content import Catalog
from ..content.agenda import Activity
from ..engines import live
from ..engines.elements import VERDICTS
from ..engines.store import Answer
from .common import safe

Translate = Callable[..., str]
SNIPPET = 140
PILE_KEYS = {"aman": "redflags.pile_aman", "waspada": "redflags.pile_waspada",
             "bahaya": "redflags.pile_bahaya", "tidak-yakin": "redflags.pile_tidak_yakin"}


def _snippet(text: str, width: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def bars(tally: live.ItemTally, label: Callable[[str], str], t: Translate,
         revealed: bool) -> str:
    """One item's answers as bars; the right answer marked only once revealed."""
    if not tally.shown:
        return f"<p class='wsp-suppressed'>{safe(t('live.fewer_than', minimum=live.MIN_ANSWERS))}</p>"
    total = tally.answered
    rows = []
    for option, count in sorted(tally.counts.items(), key=lambda kv: -kv[1]):
        agreed = revealed and option == tally.right
        mark = f"✓ {t('live.agreed')}: " if agreed else ""
        percent = round(100 * count / total)
        rows.append(
            f"<div class='wsp-bar-row{' wsp-bar-agreed' if agreed else ''}'>"
            f"<span class='wsp-bar-label'>{safe(mark + label(option))}</span>"
            f"<span class='wsp-bar-track' aria-hidden='true'>"
            f"<span class='wsp-bar-fill' style='width:{percent}%'></span></span>"
            f"<span class='wsp-bar-count'>{count} ({percent}%)</span></div>")
    return "".join(rows)


class LiveResults:
    """Renders the open activity's results as HTML for the console and the projector."""

    def __init__(self, catalog: Catalog, lang: str, t: Translate):
        self.catalog, self.lang, self.t = catalog, lang, t

    # --------------------------------------------------------------- labels
    def pile(self, pile: str) -> str:
        return self.t(PILE_KEYS[pile])

    def verdict(self, verdict: str) -> str:
        """A three-element verdict or a departure choice in words ("TPPO", "Resmi", ...)."""
        prefix = "lessons.verdict_" if verdict in VERDICTS else "lessons.choice_"
        key = prefix + verdict.replace("-", "_")
        return self.t(key) if key in self.catalog.strings else verdict

    # ------------------------------------------------------------- sections
    def results(self, activity: Activity, session_answers: list[Answer], revealed: bool) -> str:
        """The open activity's results; ``session_answers`` are the whole session's (the pre-
        and post-test compare each other)."""
        from .quiz import room_results_html

        answers = [a for a in session_answers if a.activity == activity.id]
        people = (f"<p class='wsp-live-people'>"
                  f"{safe(self.t('live.people', count=len({a.participant_code for a in answers})))}</p>")
        quiz = room_results_html(self.catalog, activity.id, session_answers, self.lang, self.t,
                                 revealed)
        if quiz:
            return people + quiz
        lessons = getattr(self.catalog, "lessons", None)
        redflags = getattr(self.catalog, "redflags", None)
        verdicts = {}
        if lessons is not None:
            verdicts = {"elements": {i: c.verdict for i, c in lessons.cases.items()},
                        "departures": {i: s.verdict for i, s in lessons.stories.items()}}
        card_piles = {i: c.pile for i, c in redflags.cards.items()} if redflags else {}
        results = live.activity_results(answers, card_piles, verdicts)
        parts = [people]
        if results.cards:
            parts.append(self.cards_html(results.cards, revealed))
        for kind, tallies in results.verdicts.items():
            parts.append(self.verdicts_html(kind, tallies, revealed))
        for scenario_id, tally in results.scenarios.items():
            parts.append(self.scenario_html(scenario_id, tally))
        if results.other:
            parts.append(self.other_html(results.other, revealed))
        if not answers:
            parts.append(f"<p class='wsp-muted'>{safe(self.t('live.no_answers_yet'))}</p>")
        return "".join(parts)

    def cards_html(self, tallies: list[live.ItemTally], revealed: bool) -> str:
        cards = self.catalog.redflags.cards
        items = [f"<h3>{safe(self.t('live.cards_heading'))}</h3>"]
        for tally in tallies:
            text = _snippet(cards[tally.item].situation(self.lang))
            items.append(f"<div class='wsp-tally wsp-tally-card' data-item='{safe(tally.item)}'>"
                         f"<p class='wsp-tally-item'>{safe(text)}</p>"
                         f"{bars(tally, self.pile, self.t, revealed)}</div>")
        return "".join(items)

    def verdicts_html(self, kind: str, tallies: list[live.ItemTally], revealed: bool) -> str:
        lessons = self.catalog.lessons
        source = lessons.cases if kind == "elements" else lessons.stories
        items = [f"<h3>{safe(self.t(f'live.{kind}_heading'))}</h3>"]
        for tally in tallies:
            entry = source.get(tally.item.split(":", 1)[1])
            title = entry.title(self.lang) if entry is not None else tally.item
            items.append(f"<div class='wsp-tally' data-item='{safe(tally.item)}'>"
                         f"<p class='wsp-tally-item'>{safe(title)}</p>"
                         f"{bars(tally, self.verdict, self.t, revealed)}</div>")
        return "".join(items)

    def scenario_html(self, scenario_id: str, tally) -> str:
        from ..authoring import scenario_svg

        library = self.catalog.scenarios
        if scenario_id not in library:
            return ""
        scenario = library[scenario_id]
        items = [f"<h3>{safe(scenario.title(self.lang))}</h3>",
                 f"<p class='wsp-muted'>{safe(self.t('live.players', count=tally.players))}</p>"]
        for node_id in scenario.nodes:
            counts = tally.choices.get(node_id)
            if not counts:
                continue
            node = scenario.nodes[node_id]
            labels = {c.id: c.label(self.lang) for c in node.choices}
            item = live.ItemTally(node_id, counts)
            items.append(f"<div class='wsp-tally wsp-tally-node' data-item='{safe(node_id)}'>"
                         f"<p class='wsp-tally-item'>{safe(_snippet(node.text(self.lang)))}</p>"
                         f"{bars(item, lambda c: labels.get(c, c), self.t, False)}</div>")
        endings = live.ItemTally("endings", tally.endings)
        ending_names = {n: node.title(self.lang) for n, node in scenario.nodes.items()
                        if node.title is not None}
        items.append(f"<div class='wsp-tally wsp-tally-endings'><p class='wsp-tally-item'>"
                     f"{safe(self.t('live.endings_heading'))}</p>"
                     f"{bars(endings, lambda n: ending_names.get(n, n), self.t, False)}</div>")
        svg = scenario_svg(scenario, self.lang, counts=live.shown_counts(tally.choices))
        items.append(f"<details class='wsp-scenario-graph'><summary>"
                     f"{safe(self.t('live.graph'))}</summary>{svg}</details>")
        return f"<div class='wsp-live-scenario' data-scenario='{safe(scenario_id)}'>" \
               f"{''.join(items)}</div>"

    def other_html(self, tallies: list[live.ItemTally], revealed: bool) -> str:
        items = [f"<h3>{safe(self.t('live.other_heading'))}</h3>"]
        for tally in tallies:
            items.append(f"<div class='wsp-tally' data-item='{safe(tally.item)}'>"
                         f"<p class='wsp-tally-item'>{safe(tally.item)}</p>"
                         f"{bars(tally, str, self.t, revealed)}</div>")
        return "".join(items)
