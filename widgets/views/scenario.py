"""The case-simulation player: pick a story, play it one step at a time, read the debrief.

Thin on purpose: every rule lives in ``widgets.engines.scenario``; this module only turns a
``Play`` into widgets and a tap back into ``engine.choose``. Each choice is committed with
``p.record`` before its feedback or the next node is shown, and the play is saved as its path,
so a phone that reloads comes back to the same step (or the same feedback)."""

from __future__ import annotations

from typing import Callable

import ipywidgets as ipw

from ..content.base import Text, cite
from ..content.scenarios import Scenario, ScenarioLibrary
from ..engines import scenario as engine
from ..participation import Participation, current
from .common import button, column, html_block, safe, stylesheet
from .readaloud import read_aloud, read_aloud_markup


def _library() -> ScenarioLibrary:
    from ..content import cached_catalog
    return cached_catalog().scenarios


def _paragraphs(text: str) -> str:
    """Plain story text from a file → escaped HTML paragraphs (blank line = new paragraph)."""
    parts = [part.strip() for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{safe(part).replace(chr(10), '<br>')}</p>" for part in parts)


class Simulation:
    """One participant's (or team's) scenarios in one activity, on one screen."""

    def __init__(self, p: Participation, library: ScenarioLibrary, *,
                 only: str | None = None, on_next: Callable[[], None] | None = None):
        self.p = p
        self.library = library
        self.only = only
        self.on_next = on_next or getattr(p, "on_next", None)
        self.busy = False
        self.root = column([], "wsp-scenario")
        p.expect("scenario")
        saved = p.load_progress() or {}
        self.progress: dict = {"open": saved.get("open"), "runs": dict(saved.get("runs") or {})}
        if only is not None:
            self.progress["open"] = only
        self.scenario_id: str | None = None
        self.play: engine.Play | None = None
        self.choice_buttons: list[ipw.Button] = []
        self.message = html_block("", "wsp-scenario-message")

    # ------------------------------------------------------------------ helpers
    def t(self, key: str, **values: object) -> str:
        return self.p.t(f"scenario.{key}", **values)

    def text(self, value: Text) -> str:
        return value(self.p.lang)

    @property
    def scenario(self) -> Scenario:
        assert self.scenario_id is not None
        return self.library[self.scenario_id]

    def run(self, scenario_id: str | None = None) -> dict:
        key = scenario_id or self.scenario_id
        return self.progress["runs"].setdefault(key, {"play": 1, "path": [], "feedback": False,
                                                      "started": False, "ended": False,
                                                      "done": 0})

    def save(self) -> None:
        self.p.save_progress(self.progress)

    def ids(self) -> list[str]:
        listed = self.library.listed(include_drafts=self.p.facilitator)
        wanted = self.p.params.get("scenarios")
        if wanted:
            listed = [i for i in wanted if i in self.library]
        return listed

    def show(self, *children: ipw.Widget, in_story: bool = True) -> None:
        """Replace the screen. Then focus its first button: the browser scrolls a focused
        element into view, so a phone that tapped at the bottom of a long page lands at the
        top of the next step instead of in the middle of it."""
        top: list[ipw.Widget] = []
        if in_story and self.only is None:
            back = button(self.t("back_to_list"), classes=("wsp-back-to-list",
                                                           "wsp-scenario-top"))
            back.on_click(lambda _: self.back_to_list())
            top.append(back)
        self.root.children = (stylesheet(), *top, *self.team_banner(), *children)
        first = next(self._buttons(self.root), None)
        if first is not None:
            first.focus()

    @staticmethod
    def _buttons(widget: ipw.Widget):
        if isinstance(widget, ipw.Button):
            yield widget
        for child in getattr(widget, "children", ()):
            yield from Simulation._buttons(child)

    def team_banner(self) -> list[ipw.Widget]:
        team = getattr(self.p.participant, "team_name", None)
        if not team and not self.p.params.get("team"):
            return []
        parts = []
        if team:
            parts.append(f"<strong>{safe(self.t('team', team=team))}</strong>")
        parts.append(f"<span class='wsp-muted'>{safe(self.t('team_hint'))}</span>")
        return [html_block("<br>".join(parts), "wsp-card", "wsp-scenario-team")]

    # ------------------------------------------------------------------ screens
    def start(self) -> ipw.VBox:
        """The first screen: the open story where the participant left it, else the list."""
        opened = self.progress.get("open")
        if opened in self.library:
            self.open(opened)
        else:
            self.show_list()
        return self.root

    def show_list(self) -> None:
        self.progress["open"] = None
        self.scenario_id, self.play = None, None
        ids = self.ids()
        heading = html_block(f"<h2>{safe(self.t('pick_title'))}</h2>"
                             f"<p class='wsp-muted'>{safe(self.t('pick_intro'))}</p>")
        if not ids:
            self.show(heading, html_block(f"<p>{safe(self.t('no_scenarios'))}</p>", "wsp-card"),
                      in_story=False)
            return
        self.show(heading, *[self.card(i) for i in ids], in_story=False)

    def card(self, scenario_id: str) -> ipw.Widget:
        scenario = self.library[scenario_id]
        run = self.progress["runs"].get(scenario_id, {})
        facts = [self.t("minutes", minutes=scenario.minutes),
                 self.t(f"difficulty_{scenario.difficulty}")]
        if run.get("done"):
            facts.append(self.t("finished_before", count=run["done"]))
        markup = (f"<h3>{safe(self.text(scenario.title))}</h3>"
                  f"<p>{safe(self.text(scenario.summary))}</p>"
                  f"<p class='wsp-muted'>{safe(self.text(scenario.place))} · "
                  f"{' · '.join(safe(f) for f in facts)}</p>")
        in_progress = run.get("started") and not run.get("ended")
        label = self.t("continue_play") if in_progress else self.t("open")
        go = button(label, kind="primary", classes=("wsp-scenario-open",
                                                    f"wsp-scenario-open-{scenario_id}"))
        go.on_click(lambda _: self.open(scenario_id))
        return column([html_block(markup), go], "wsp-card", "wsp-scenario-card",
                      f"wsp-scenario-card-{scenario_id}")

    def open(self, scenario_id: str) -> None:
        self.scenario_id = scenario_id
        self.progress["open"] = scenario_id
        run = self.run()
        self.play = engine.resume(self.scenario, run["path"])
        if len(self.play.path) != len(run["path"]):  # the file changed: keep what still fits
            run["path"], run["feedback"] = self.play.to_progress(), False
        self.save()
        if not run["started"]:
            self.show_intro()
        elif run["feedback"] and self.play.path:
            self.show_feedback(self.outcome_of_last_step())
        else:
            self.show_step()

    def show_intro(self) -> None:
        s = self.scenario
        facts = (f"<p>{safe(self.t('role', role=self.text(s.role)))}</p>"
                 f"<p>{safe(self.t('place', place=self.text(s.place)))}</p>"
                 f"<p class='wsp-muted'>{safe(self.t('minutes', minutes=s.minutes))} · "
                 f"{safe(self.t('difficulty_' + s.difficulty))}</p>")
        warning = (f"<p><strong>⚠ {safe(self.t('content_warning'))}:</strong> "
                   f"{safe(self.text(s.content_warning))}</p>"
                   f"<p class='wsp-muted'>{safe(self.text(s.fictional_note))}</p>")
        children: list[ipw.Widget] = [
            html_block(f"<h2>{safe(self.text(s.title))}</h2><p>{safe(self.text(s.summary))}</p>"
                       + facts, "wsp-scenario-intro"),
            html_block(warning, "wsp-card", "wsp-warning")]
        if self.p.facilitator and s.facilitator_notes is not None:
            children.append(html_block(f"<h3>{safe(self.t('facilitator_notes'))}</h3>"
                                       + _paragraphs(self.text(s.facilitator_notes)),
                                       "wsp-card", "wsp-facilitator-notes"))
        begin = button(self.t("start"), kind="primary", classes=("wsp-scenario-start",))
        begin.on_click(lambda _: self.begin())
        children.append(begin)
        self.show(*children)

    def begin(self) -> None:
        run = self.run()
        run["started"] = True
        self.save()
        self.show_step()

    def header(self) -> ipw.Widget:
        assert self.play is not None
        fraction = engine.progress_fraction(self.scenario, self.play)
        percent = round(100 * fraction)
        chips = []
        values = self.play.state
        for name, variable in self.scenario.state.items():
            if not variable.show:
                continue
            value = values.get(name)
            if isinstance(value, bool):
                if value:
                    label = safe(self.text(variable.label))
                    chips.append(f"<span class='wsp-scenario-chip'>✓ {label}</span>")
            else:
                chips.append(f"<span class='wsp-scenario-chip'>{safe(self.text(variable.label))}: "
                             f"<strong>{safe(value)}</strong></span>")
        return html_block(
            f"<p class='wsp-muted wsp-scenario-title'>{safe(self.text(self.scenario.title))}</p>"
            f"<p class='wsp-progress'>{safe(self.t('step', number=self.play.step_number))}</p>"
            f"<div class='wsp-scenario-bar' role='progressbar' aria-valuemin='0' "
            f"aria-label='{safe(self.t('progress_label'))}' "
            f"aria-valuemax='100' aria-valuenow='{percent}'><span style='width:{percent}%'>"
            f"</span></div>" + (f"<p class='wsp-scenario-chips'>{''.join(chips)}</p>"
                                if chips else ""), "wsp-scenario-header")

    def show_step(self) -> None:
        assert self.play is not None
        if engine.is_over(self.scenario, self.play):
            self.show_ending()
            return
        node = engine.node(self.scenario, self.play)
        story = html_block(_paragraphs(self.text(node.text)), "wsp-story",
                           "wsp-scenario-node", f"wsp-node-{self.play.node}")
        buttons = []
        for choice in engine.choices(self.scenario, self.play):
            tap = button(self.text(choice.label), classes=("wsp-choice",
                                                           f"wsp-choice-{choice.id}"))
            tap.on_click(lambda _, cid=choice.id: self.choose(cid))
            buttons.append(tap)
        self.message = html_block("", "wsp-scenario-message")
        prompt = html_block(f"<p><strong>{safe(self.t('what_now'))}</strong></p>")
        self.choice_buttons = buttons
        spoken = read_aloud(self.text(node.text), self.p.lang, self.p.t,
                            node.text.recording(self.p.lang))
        self.show(self.header(), spoken, story,
                  prompt, column(buttons, "wsp-choices"), self.message)

    def choose(self, choice_id: str) -> None:
        if self.busy or self.play is None:
            return
        self.busy = True
        for tap in self.choice_buttons:
            tap.disabled = True
        try:
            new_play, outcome = engine.choose(self.scenario, self.play, choice_id)
            run = self.run()
            target = self.scenario.nodes[outcome.step.to]
            detail = {"scenario": self.scenario_id, "play": run["play"],
                      "step": self.play.step_number, "to": outcome.step.to,
                      "ending": target.ending, "revealed": list(outcome.revealed),
                      "ignored": list(outcome.ignored), "lang": self.p.lang}
            team = getattr(self.p.participant, "team_name", None)
            if team:
                detail["team"] = team
            try:
                self.p.record(item=outcome.step.node, answer=choice_id, detail=detail)
            except Exception:  # the store is unreachable: say so, let them tap again
                self.message.value = (f"<p class='wsp-card wsp-warning'>⚠ "
                                      f"{safe(self.t('not_saved'))}</p>")
                for tap in self.choice_buttons:
                    tap.disabled = False
                return
            self.play = new_play
            run["path"], run["feedback"] = new_play.to_progress(), True
            self.save()
            self.show_feedback(outcome)
        finally:
            self.busy = False

    def outcome_of_last_step(self) -> engine.Outcome:
        """Rebuild the last choice's feedback after a reload."""
        assert self.play is not None
        before = engine.resume(self.scenario, self.play.to_progress()[:-1])
        _, outcome = engine.choose(self.scenario, before, self.play.path[-1].choice)
        return outcome

    def show_feedback(self, outcome: engine.Outcome) -> None:
        chosen = self.t("you_chose", choice=self.text(outcome.choice.label))
        parts = [f"<p class='wsp-muted'>{safe(chosen)}</p>",
                 _paragraphs(self.text(outcome.feedback))]
        for flag_id in outcome.revealed:
            parts.append(f"<p class='wsp-flag wsp-flag-seen'>⚑ <strong>"
                         f"{safe(self.t('flag_seen'))}"
                         f"</strong> {safe(self.text(self.scenario.flags[flag_id].text))}</p>")
        for flag_id in outcome.ignored:
            parts.append(f"<p class='wsp-flag wsp-flag-missed'>⚠ <strong>"
                         f"{safe(self.t('flag_ignored'))}</strong> "
                         f"{safe(self.text(self.scenario.flags[flag_id].text))}</p>")
        kind = "wsp-feedback-unsure"
        if outcome.revealed and not outcome.ignored:
            kind = "wsp-feedback-right"
        elif outcome.ignored and not outcome.revealed:
            kind = "wsp-feedback-wrong"
        label = self.t("see_debrief") if outcome.ending else self.t("continue")
        onward = button(label, kind="primary", classes=("wsp-continue",))
        onward.on_click(lambda _: self.after_feedback())
        self.show(self.header(), read_aloud_markup("".join(parts), self.p.lang, self.p.t),
                  html_block("".join(parts), "wsp-card", kind, "wsp-scenario-feedback"), onward)

    def after_feedback(self) -> None:
        self.run()["feedback"] = False
        self.save()
        self.show_step()

    def show_ending(self) -> None:
        assert self.play is not None
        s, run = self.scenario, self.run()
        if not run["ended"]:
            run["ended"] = True
            run["done"] = int(run.get("done", 0)) + 1
            self.save()
        self.p.finished("scenario")
        ending = engine.node(s, self.play)
        assert ending.debrief is not None and ending.ending is not None
        debrief = ending.debrief
        flags = engine.flag_report(s, self.play)
        title = f"<h2>{safe(self.text(ending.title))}</h2>" if ending.title else ""
        badge = (f"<p class='wsp-ending-badge'><strong>{safe(self.t('ending_' + ending.ending))}"
                 f"</strong></p>")
        top = html_block(badge + title + _paragraphs(self.text(ending.text)), "wsp-card",
                         "wsp-story", "wsp-scenario-ending", f"wsp-ending-{ending.ending}",
                         f"wsp-node-{self.play.node}")

        def flag_list(ids: tuple[str, ...], mark: str, empty: str) -> str:
            if not ids:
                return f"<p class='wsp-muted'>{safe(empty)}</p>"
            items = "".join(f"<li>{mark} {safe(self.text(s.flags[f].text))}</li>" for f in ids)
            return f"<ul class='wsp-flag-list'>{items}</ul>"

        laws = []
        for reference in debrief.law:
            note = self.library.law(reference)
            laws.append(f"<div class='wsp-law'><p><strong>⚖ {safe(self.text(note.title))}"
                        f"</strong>"
                        f"</p>{_paragraphs(self.text(note.text))}<p class='wsp-muted'>"
                        f"{safe(self.t('law_source', source=cite(note.source, self.p.lang), as_of=note.as_of))}"
                        f"</p></div>")
        questions = "".join(f"<li>{safe(self.text(q))}</li>" for q in debrief.questions)
        chosen = []
        for step in self.play.path:
            choice = next(c for c in s.nodes[step.node].choices if c.id == step.choice)
            chosen.append(f"<li>{safe(self.text(choice.label))}</li>")
        markup = (f"<h3>{safe(self.t('debrief'))}</h3>"
                  f"<h4>{safe(self.t('what_happened'))}</h4>"
                  f"{_paragraphs(self.text(debrief.what_happened))}"
                  f"<h4>⚑ {safe(self.t('flags_seen'))}</h4>"
                  f"{flag_list(flags.seen, '✓', self.t('no_flags_seen'))}"
                  f"<h4>⚠ {safe(self.t('flags_missed'))}</h4>"
                  f"{flag_list(flags.missed, '✗', self.t('no_flags_missed'))}"
                  f"<h4>{safe(self.t('law'))}</h4>{''.join(laws)}"
                  f"<h4>{safe(self.t('questions'))}</h4><ol>{questions}</ol>"
                  f"<details><summary>{safe(self.t('your_path'))}</summary>"
                  f"<ol class='wsp-scenario-path'>{''.join(chosen)}</ol></details>"
                  f"<p class='wsp-muted'>{safe(self.text(s.fictional_note))}</p>")
        again = button(self.t("play_again"), classes=("wsp-play-again",))
        again.on_click(lambda _: self.play_again())
        buttons: list[ipw.Widget] = [again]
        if self.on_next is not None:
            onward = button(self.t("next_activity"), kind="primary",
                            classes=("wsp-next-activity",))
            onward.on_click(lambda _: self.on_next())
            buttons.append(onward)
        buttons.extend(self.leave_buttons())
        spoken = read_aloud_markup(top.value + markup, self.p.lang, self.p.t)
        self.show(spoken, top, html_block(markup, "wsp-card", "wsp-scenario-debrief"),
                  column(buttons, "wsp-scenario-actions"))

    def leave_buttons(self) -> list[ipw.Widget]:
        if self.only is not None:
            return []
        back = button(self.t("back_to_list"), classes=("wsp-back-to-list",))
        back.on_click(lambda _: self.back_to_list())
        return [back]

    def back_to_list(self) -> None:
        self.show_list()
        self.save()

    def play_again(self) -> None:
        run = self.run()
        run.update(play=int(run["play"]) + 1, path=[], feedback=False, ended=False,
                   started=True)
        self.play = engine.start(self.scenario)
        self.save()
        self.show_step()


# --------------------------------------------------------------------------- entry points

def picker(p: Participation | None = None, *, on_next: Callable[[], None] | None = None,
           library: ScenarioLibrary | None = None) -> ipw.VBox:
    """The story list (or the story the participant left open), then the player.

    The agenda activity may narrow the list with ``params: {scenarios: [id, ...]}`` and mark
    shared-phone play with ``params: {team: true}``."""
    p = p or current()
    return Simulation(p, library or _library(), on_next=on_next).start()


def player(scenario_id: str, p: Participation | None = None, *,
           on_next: Callable[[], None] | None = None,
           library: ScenarioLibrary | None = None) -> ipw.VBox:
    """One story, without the list around it."""
    p = p or current()
    return Simulation(p, library or _library(), only=scenario_id, on_next=on_next).start()


def graph(p: Participation | None = None, scenario_id: str | None = None,
          library: ScenarioLibrary | None = None) -> ipw.VBox:
    """For trainers and facilitators: each story's map (nodes, choices, endings)."""
    from ..authoring import scenario_svg

    p = p or current()
    library = library or _library()
    ids = library.listed(include_drafts=True)
    if not ids:
        return column([stylesheet(), html_block(f"<p>{safe(p.t('scenario.no_scenarios'))}</p>")])
    picked = ipw.Dropdown(options=[(library[i].title(p.lang), i) for i in ids],
                          value=scenario_id if scenario_id in ids else ids[0],
                          description=p.t("scenario.graph_pick"),
                          layout=ipw.Layout(width="100%", min_height="44px"))
    picked.add_class("wsp-scenario-graph-pick")
    summary = html_block("", "wsp-muted")
    picture = html_block("", "wsp-scenario-graph")

    def draw(*_: object) -> None:
        scenario = library[picked.value]
        n_choices = sum(len(n.choices) for n in scenario.nodes.values())
        summary.value = safe(p.t("scenario.graph_summary", nodes=len(scenario.nodes),
                                 endings=len(scenario.endings), choices=n_choices))
        picture.value = scenario_svg(scenario, lang=p.lang)

    picked.observe(draw, names="value")
    draw()
    return column([stylesheet(), html_block(f"<h3>{safe(p.t('scenario.graph_title'))}</h3>"),
                   picked, summary, picture], "wsp-scenario-graphs")


__all__ = ["Simulation", "graph", "picker", "player"]
