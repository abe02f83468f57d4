"""Views of the "Kenali TPPO" module: the texts, the three-element cases, the legal-departure
checklist, the departure stories and the village leader's role.

Thin: the rules are in ``widgets.engines.elements`` (scoring) and ``widgets.engines.cardsort.Walk``
(one item at a time, resumable). Each answer is committed with ``p.record`` before its feedback is
drawn, and the walk is saved with ``p.save_progress`` so a reloaded phone comes back to the same
case with the same feedback open. Facilitator notes are drawn only when ``p.facilitator``."""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

import ipywidgets as ipw

from ..content.base import Source, Text, cite
from ..content.lessons import FacilitatorNotes, Lessons
from ..engines import elements as scoring
from ..engines.cardsort import Walk
from ..participation import ActivityLocked, Participation, current
from .common import button, column, html_block, row, safe, stylesheet
from .help import help_panel
from .player import markdown_html
from .readaloud import read_aloud_markup

log = logging.getLogger("waspada.lessons")

#: Default activity ids when a module notebook runs on its own (no app around it).
LESSONS_ACTIVITY = "kenali-tppo"


def _lessons() -> Lessons:
    from ..content import cached_catalog
    return cached_catalog().lessons


# --------------------------------------------------------------------------- shared pieces

def para(text: str, css: str = "", strong: bool = False) -> str:
    """One escaped paragraph of HTML (text from a file or a string table, never raw markup)."""
    body = f"<strong>{safe(text)}</strong>" if strong else safe(text)
    return f'<p class="{css}">{body}</p>' if css else f"<p>{body}</p>"


def source_line(p: Participation, source: Source, as_of: str, area: str = "lessons") -> str:
    """The citations of a fact, in the participant's language, and the date it was checked."""
    return (f'<p class="wsp-source">'
            f"{safe(p.t(f'{area}.source', source=cite(source, p.lang), as_of=as_of))}</p>")


def facilitator_panel(notes: FacilitatorNotes | None, p: Participation) -> ipw.Widget | None:
    """The notes of one exercise, for the facilitator console only (None for participants)."""
    if notes is None or not p.facilitator:
        return None
    lang = p.lang
    t = p.t
    parts = [f"<h3>✎ {safe(t('lessons.facilitator_title'))}</h3>",
             f"<p><strong>{safe(t('lessons.facilitator_minutes', minutes=notes.minutes))}</strong>"
             f" · {safe(t('lessons.facilitator_goal'))}: {safe(notes.goal(lang))}</p>",
             f"<p><strong>{safe(t('lessons.facilitator_prompts'))}</strong></p><ul>",
             *(f"<li>{safe(prompt(lang))}</li>" for prompt in notes.prompts), "</ul>"]
    if notes.misconceptions:
        parts.append(f"<p><strong>{safe(t('lessons.facilitator_misconceptions'))}</strong></p><ul>")
        parts += [f"<li><em>“{safe(m.belief(lang))}”</em> — {safe(m.reply(lang))}</li>"
                  for m in notes.misconceptions]
        parts.append("</ul>")
    if notes.tips:
        parts.append(f"<p><strong>{safe(t('lessons.facilitator_tips'))}</strong></p><ul>")
        parts += [f"<li>{safe(tip(lang))}</li>" for tip in notes.tips]
        parts.append("</ul>")
    return html_block("".join(parts), "wsp-card", "wsp-facilitator-notes")


def module_box(children: Sequence[ipw.Widget | None], *classes: str) -> ipw.VBox:
    """Top-level box of a view: the stylesheet first, then the parts that exist."""
    return column([stylesheet(), *(c for c in children if c is not None)], *classes)


class OneAtATime:
    """A resumable exercise that shows one item, then its feedback, then the next, then a summary.

    Subclasses draw ``question``, ``feedback`` and ``summary``; this class keeps the order of
    record → save → draw, guards against double taps, and restores the walk after a reload."""

    area = "lessons"

    def __init__(self, p: Participation, items: Sequence[str], key: str, progress_key: str):
        self.p = p
        self.progress_key = progress_key
        self.walk = Walk.resume(p.load_progress(progress_key), items, key)
        p.expect(progress_key)
        self.busy = False
        self.message = html_block("", "wsp-save-message")
        self.body = column([])

    def t(self, key: str, **values: object) -> str:
        return self.p.t(f"{self.area}.{key}", **values)

    def text(self, value: Text) -> str:
        return value(self.p.lang)

    # -------------------------------------------------------------- flow
    def render(self) -> None:
        if self.walk.done:
            self.p.finished(self.progress_key)
            children = self.summary()
        elif self.walk.feedback_open:
            children = self.feedback(self.walk.last, self.walk.answers[self.walk.last])
        else:
            children = self.question(self.walk.current)
        self.body.children = [self.message, *children]

    def submit(self, item: str, value: Any, answer: str, correct: bool | None,
               detail: dict, record_item: str) -> bool:
        """Record the answer (durably), then open its feedback. False if nothing was done."""
        if self.busy or item != self.walk.current:
            return False  # a second tap, or a tap on a card that is no longer on screen
        self.busy = True
        try:
            try:
                self.p.record(record_item, answer, correct, detail, activity=self.activity)
            except ActivityLocked:  # the facilitator closed answers: say so, not "not saved"
                self.message.value = para(self.p.t("app.activity_locked"), "wsp-card wsp-warning")
                return False
            except Exception:  # the store is unreachable: say so, keep the question on screen
                log.exception("could not record %s", record_item)
                self.message.value = para(self.t("not_saved"), "wsp-card wsp-warning")
                return False
            self.message.value = ""
            self.walk.answer(item, value)
            self._save()
            self.render()
            return True
        finally:
            self.busy = False

    def go_next(self, _button=None) -> None:
        if not self.walk.feedback_open:
            return
        self.walk.next()
        self._save()
        self.render()

    def restart(self, _button=None) -> None:
        self.walk = Walk(list(self.walk.items), self.walk.key)
        self._save()
        self.render()

    @property
    def activity(self) -> str:
        return self.p.activity or LESSONS_ACTIVITY

    def _save(self) -> None:
        try:
            self.p.save_progress(self.walk.to_state(), activity=self.progress_key)
        except Exception:  # the answer is stored; losing the bookmark only costs a re-read
            log.exception("could not save progress for %s", self.progress_key)

    def next_button(self, label: str) -> ipw.Button:
        widget = button(f"{label} →", kind="primary", classes=("wsp-next",))
        widget.on_click(self.go_next)
        return widget

    def restart_button(self) -> ipw.Button:
        widget = button(f"↺ {self.t('restart')}", classes=("wsp-restart",))
        widget.on_click(self.restart)
        return widget

    # -------------------------------------------------------------- to draw
    def question(self, item: str) -> list[ipw.Widget]:
        raise NotImplementedError

    def feedback(self, item: str, value: Any) -> list[ipw.Widget]:
        raise NotImplementedError

    def summary(self) -> list[ipw.Widget]:
        raise NotImplementedError


def _first(items: Sequence[str], limit: Any) -> list[str]:
    return list(items)[:limit] if isinstance(limit, int) and limit > 0 else list(items)


# --------------------------------------------------------------------------- module texts

def section(section_id: str, p: Participation | None = None) -> ipw.VBox:
    """One text of the module, with its source (and its facilitator notes, if any)."""
    p = p or current()
    item = _lessons().section(section_id)
    text = f"<h3>{safe(item.title(p.lang))}</h3>{markdown_html(item.body(p.lang))}"
    markup = f"{text}{source_line(p, item.source, item.as_of)}"
    return module_box([facilitator_panel(item.facilitator_notes, p),
                    read_aloud_markup(text, p.lang, p.t, item.body.recording(p.lang)),
                    html_block(markup, "wsp-card", "wsp-lesson", f"wsp-lesson-{section_id}")],
                   "wsp-lessons")


# --------------------------------------------------------------------------- three elements

class ElementsExercise(OneAtATime):
    def __init__(self, p: Participation, lessons: Lessons):
        self.lessons = lessons
        items = _first(sorted(lessons.cases), p.params.get("cases"))
        activity = p.activity or LESSONS_ACTIVITY
        super().__init__(p, items, key=f"cases:{len(items)}", progress_key=f"{activity}/elements")
        self.toggles: dict[str, ipw.ToggleButton] = {}

    def _element_label(self, element: str, on: bool) -> str:
        return f"{'☑' if on else '☐'} {self.t(f'element_{element}')}"

    def question(self, case_id: str) -> list[ipw.Widget]:
        case = self.lessons.cases[case_id]
        n = self.walk.position
        progress = self.t("case_progress", n=n, total=len(self.walk.items))
        header = html_block(para(f"{progress} · {self.t('fictional_case')}", "wsp-progress")
                            + f"<h3>{safe(self.text(case.title))}</h3>"
                            + para(self.text(case.story), "wsp-story"),
                            "wsp-card", "wsp-case")
        self.toggles = {}
        for element in scoring.ELEMENTS:
            toggle = ipw.ToggleButton(value=False, description=self._element_label(element, False),
                                      layout=ipw.Layout(width="100%", min_height="44px",
                                                        height="auto"))
            toggle.add_class("wsp-toggle")
            toggle.add_class(f"wsp-element-{element}")
            toggle.observe(self._relabel(element), names="value")
            self.toggles[element] = toggle
        verdicts = []
        for verdict in scoring.VERDICTS:
            choice = button(self.verdict_name(verdict),
                            classes=("wsp-verdict", f"wsp-verdict-{verdict}"))
            choice.on_click(lambda _b, v=verdict, c=case_id: self._decide(c, v))
            verdicts.append(choice)
        hint = []
        if self.p.facilitator:
            answer = self.t("facilitator_answer", answer=self.verdict_name(case.verdict))
            hint = [html_block(para(answer, "wsp-muted"))]
        return [header, html_block(para(self.t("mark_elements"), strong=True)),
                *self.toggles.values(),
                html_block(para(self.t("decide"), strong=True)), *verdicts, *hint]

    def verdict_name(self, verdict: str) -> str:
        return self.t("verdict_" + verdict.replace("-", "_"))

    def _relabel(self, element: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            change["owner"].description = self._element_label(element, change["new"])
        return handler

    def _decide(self, case_id: str, verdict: str) -> None:
        case = self.lessons.cases[case_id]
        marked = [e for e, toggle in self.toggles.items() if toggle.value]
        result = scoring.score_elements(case.status, case.verdict, marked, verdict)
        self.submit(case_id, {"marked": marked, "verdict": verdict}, verdict, result.correct,
                    {"marked": marked, "verdict_right": result.verdict_right,
                     "elements_right": result.elements_right, "missed": result.missed,
                     "extra": result.extra},
                    record_item=f"elements:{case_id}")

    def _result(self, case_id: str, value: dict) -> scoring.ElementsResult:
        case = self.lessons.cases[case_id]
        return scoring.score_elements(case.status, case.verdict, value["marked"], value["verdict"])

    def feedback(self, case_id: str, value: dict) -> list[ipw.Widget]:
        case = self.lessons.cases[case_id]
        result = self._result(case_id, value)
        verdict_name = self.verdict_name(case.verdict)
        if result.verdict_right:
            head = f"✔ {self.t('verdict_right', verdict=verdict_name)}"
            kind = "wsp-feedback-right"
        else:
            chosen = self.verdict_name(result.chosen)
            head = f"✖ {self.t('verdict_wrong', chosen=chosen, verdict=verdict_name)}"
            kind = "wsp-feedback-wrong"
        rows = []
        for mark in result.marks:
            finding = case.finding(mark.element)
            if mark.right is None:
                verdict_line = f"○ {self.t('element_open')}"
            elif mark.right:
                verdict_line = "✔ " + self.t("element_ok_present" if mark.state == "ya"
                                             else "element_ok_absent")
            else:
                verdict_line = "✖ " + self.t("element_missed" if mark.state == "ya"
                                             else "element_extra")
            quote = (para(self.t("in_the_story", quote=self.text(finding.quote)), "wsp-quote")
                     if finding.quote else "")
            rows.append(f'<div class="wsp-element-feedback wsp-element-{mark.element}">'
                        f"<p><strong>{safe(self.t('element_' + mark.element))}</strong><br>"
                        f"{safe(verdict_line)}</p>{quote}{para(self.text(finding.explain))}</div>")
        markup = (para(head, "wsp-feedback-head", strong=True) + para(self.text(case.verdict_why))
                  + "".join(rows) + source_line(self.p, case.source, case.as_of))
        last = self.walk.position >= len(self.walk.items)
        return [html_block(markup, "wsp-card", kind, "wsp-case-feedback"),
                self.next_button(self.t("see_summary") if last else self.t("next_case"))]

    def summary(self) -> list[ipw.Widget]:
        results = [self._result(c, v) for c, v in self.walk.answers.items()]
        outcome = scoring.summarize_elements(results)
        weakest = outcome.weakest_element
        lines = [self.t("elements_summary", right=outcome.verdicts_right, total=outcome.total,
                        full=outcome.fully_right),
                 self.t("weakest_element", element=self.t("element_short_" + weakest))
                 if weakest else self.t("no_weak_element")]
        markup = "".join(para(line) for line in lines)
        return [html_block(markup, "wsp-card", "wsp-elements-summary"), self.restart_button()]


def elements_exercise(p: Participation | None = None) -> ipw.VBox:
    """The three-element cases, one at a time (agenda param ``cases`` limits how many)."""
    p = p or current()
    lessons = _lessons()
    view = ElementsExercise(p, lessons)
    view.render()
    return module_box([facilitator_panel(lessons.elements.facilitator_notes, p),
                    html_block(para(lessons.elements.intro(p.lang)), "wsp-intro"),
                    view.body], "wsp-elements")


# --------------------------------------------------------------------------- departure stories

class DeparturesExercise(OneAtATime):
    def __init__(self, p: Participation, lessons: Lessons):
        self.lessons = lessons
        items = _first(sorted(lessons.stories), p.params.get("stories"))
        activity = p.activity or LESSONS_ACTIVITY
        super().__init__(p, items, key=f"stories:{len(items)}",
                         progress_key=f"{activity}/departures")
        self.flag_toggles: dict[str, ipw.ToggleButton] = {}
        self.choosing_problems = False

    def _choice(self, verdict: str) -> str:
        return self.t("choice_" + verdict.replace("-", "_"))

    def _item_label(self, item_id: str, on: bool) -> str:
        item = self.lessons.checklist.get(item_id)
        return f"{'☑' if on else '☐'} {self.text(item.short)}"

    def question(self, story_id: str) -> list[ipw.Widget]:
        story = self.lessons.stories[story_id]
        progress = self.t("story_progress", n=self.walk.position, total=len(self.walk.items))
        header = html_block(para(f"{progress} · {self.t('fictional_story')}", "wsp-progress")
                            + f"<h3>{safe(self.text(story.title))}</h3>"
                            + para(self.text(story.story), "wsp-story"),
                            "wsp-card", "wsp-departure")
        if self.choosing_problems:
            return [header, *self._problem_picker(story_id)]
        choices = []
        for verdict in (*scoring.DEPARTURE_VERDICTS, scoring.UNSURE):
            choice = button(self._choice(verdict),
                            classes=("wsp-departure-choice", f"wsp-departure-{verdict}"))
            choice.on_click(lambda _b, v=verdict, s=story_id: self._choose(s, v))
            choices.append(choice)
        hint = []
        if self.p.facilitator:
            answer = self.t("facilitator_answer", answer=self._choice(story.verdict))
            hint = [html_block(para(answer, "wsp-muted"))]
        return [header, html_block(para(self.t("departure_question"), strong=True)),
                *choices, *hint]

    def _choose(self, story_id: str, verdict: str) -> None:
        if verdict == "non-prosedural":
            self.choosing_problems = True  # second step: which requirements are broken?
            self.render()
        else:
            self._check(story_id, verdict, [])

    def _problem_picker(self, story_id: str) -> list[ipw.Widget]:
        self.flag_toggles = {}
        for item in self.lessons.checklist.items:
            toggle = ipw.ToggleButton(value=False, description=self._item_label(item.id, False),
                                      layout=ipw.Layout(width="100%", min_height="44px",
                                                        height="auto"))
            toggle.add_class("wsp-toggle")
            toggle.add_class(f"wsp-problem-{item.id}")
            toggle.observe(lambda change, i=item.id: setattr(
                change["owner"], "description", self._item_label(i, change["new"])), names="value")
            self.flag_toggles[item.id] = toggle
        check = button(self.t("check_answer"), kind="primary", classes=("wsp-check-answer",))
        check.on_click(lambda _b: self._check(
            story_id, "non-prosedural", [i for i, t in self.flag_toggles.items() if t.value]))
        back = button(f"← {self.t('back')}", classes=("wsp-back",))
        back.on_click(self._back)
        return [html_block(para(self.t("which_broken"), strong=True)),
                *self.flag_toggles.values(), check, back]

    def _back(self, _button=None) -> None:
        self.choosing_problems = False
        self.render()

    def _check(self, story_id: str, chosen: str, flagged: list[str]) -> None:
        story = self.lessons.stories[story_id]
        result = scoring.score_departure(story.verdict, story.broken, chosen, flagged)
        self.choosing_problems = False
        if not self.submit(story_id, {"chosen": chosen, "flagged": flagged}, chosen,
                           result.verdict_right,
                           {"flagged": flagged, "found": list(result.found),
                            "missed": list(result.missed), "extra": list(result.extra)},
                           record_item=f"departures:{story_id}"):
            self.render()

    def _result(self, story_id: str, value: dict) -> scoring.DepartureResult:
        story = self.lessons.stories[story_id]
        return scoring.score_departure(story.verdict, story.broken, value["chosen"],
                                       value["flagged"])

    def feedback(self, story_id: str, value: dict) -> list[ipw.Widget]:
        story = self.lessons.stories[story_id]
        result = self._result(story_id, value)
        right = self._choice(story.verdict)
        if result.verdict_right is None:
            head, kind = f"? {self.t('departure_unsure', verdict=right)}", "wsp-feedback-unsure"
        elif result.verdict_right:
            head, kind = f"✔ {self.t('departure_right', verdict=right)}", "wsp-feedback-right"
        else:
            chosen = self._choice(result.chosen)
            head = f"✖ {self.t('departure_wrong', chosen=chosen, verdict=right)}"
            kind = "wsp-feedback-wrong"
        checklist = self.lessons.checklist
        if story.broken:
            lines = []
            for item_id in story.broken:
                item = checklist.get(item_id)
                seen = (f"✔ {self.t('broken_found')}" if item_id in result.found
                        else f"○ {self.t('broken_missed')}")
                lines.append(f"<li><strong>{safe(self.text(item.short))}</strong> "
                             f"({safe(seen)}) — {safe(self.text(item.why))}</li>")
            broken = para(self.t("broken_title")) + f"<ul>{''.join(lines)}</ul>"
        else:
            broken = para(self.t("nothing_broken"))
        extra = ""
        if result.extra:
            names = ", ".join(self.text(checklist.get(i).short) for i in result.extra)
            extra = para(f"{self.t('extra_title')} {names}", "wsp-muted")
        markup = (para(head, "wsp-feedback-head", strong=True) + para(self.text(story.explain))
                  + broken + extra + source_line(self.p, story.source, story.as_of))
        last = self.walk.position >= len(self.walk.items)
        return [html_block(markup, "wsp-card", kind, "wsp-departure-feedback"),
                self.next_button(self.t("see_summary") if last else self.t("next_story"))]

    def summary(self) -> list[ipw.Widget]:
        results = [self._result(s, v) for s, v in self.walk.answers.items()]
        outcome = scoring.summarize_departures(results)
        lines = [self.t("departures_summary", right=outcome.right, total=outcome.total)]
        if outcome.most_missed:
            item = self.lessons.checklist.get(outcome.most_missed)
            lines.append(self.t("most_missed", item=self.text(item.short)))
        markup = "".join(para(line) for line in lines)
        return [html_block(markup, "wsp-card", "wsp-departures-summary"), self.restart_button()]


def departures_exercise(p: Participation | None = None) -> ipw.VBox:
    """The departure stories, one at a time (agenda param ``stories`` limits how many)."""
    p = p or current()
    lessons = _lessons()
    view = DeparturesExercise(p, lessons)
    view.render()
    return module_box([facilitator_panel(lessons.departures.facilitator_notes, p),
                    html_block(para(lessons.departures.intro(p.lang)), "wsp-intro"),
                    view.body], "wsp-departures")


# --------------------------------------------------------------------------- checklist

class ChecklistView:
    """The legal-departure checklist: answers are kept as progress while the participant taps;
    "see the result" records them once and then shows the evaluation."""

    def __init__(self, p: Participation, lessons: Lessons):
        self.p = p
        self.checklist = lessons.checklist
        self.progress_key = f"{p.activity or LESSONS_ACTIVITY}/checklist"
        saved = p.load_progress(self.progress_key) or {}
        known = {item.id for item in self.checklist.items}
        self.answers: dict[str, str] = {k: v for k, v in (saved.get("answers") or {}).items()
                                        if k in known and v in scoring.CHECK_ANSWERS}
        self.shown = bool(saved.get("shown"))
        self.lines = column([], "wsp-checklist-lines")
        self.counter = html_block("", "wsp-progress")
        self.result = html_block("", "wsp-checklist-result")
        self.message = html_block("", "wsp-save-message")
        self.busy = False

    def t(self, key: str, **values: object) -> str:
        return self.p.t(f"lessons.{key}", **values)

    def widget(self) -> ipw.VBox:
        self.draw_lines()
        show = button(self.t("show_result"), kind="primary", classes=("wsp-checklist-show",))
        show.on_click(self.show_result)
        clear = button(f"↺ {self.t('clear_checklist')}", classes=("wsp-checklist-clear",))
        clear.on_click(self.clear)
        if self.shown:
            self.draw_result()
        return module_box([facilitator_panel(self.checklist.facilitator_notes, self.p),
                        html_block(para(self.checklist.intro(self.p.lang)), "wsp-intro"),
                        self.lines, self.counter, self.message, show, self.result, clear],
                       "wsp-checklist")

    def draw_lines(self) -> None:
        lang = self.p.lang
        rows = []
        for item in self.checklist.items:
            chosen = self.answers.get(item.id)
            text = html_block(para(item.statement(lang), strong=True)
                              + para(self.t("how_to_check", how=item.how_to_check(lang)),
                                     "wsp-muted"), "wsp-checklist-text")
            choices = []
            for answer, icon in (("ya", "✔"), ("tidak", "✖"), ("belum-tahu", "?")):
                mark = "● " if chosen == answer else ""
                choice = button(f"{mark}{icon} {self.t('answer_' + answer.replace('-', '_'))}",
                                kind="info" if chosen == answer else "default",
                                classes=("wsp-checklist-answer", f"wsp-answer-{answer}",
                                         *(("wsp-selected",) if chosen == answer else ())))
                choice.layout.width = "auto"
                choice.layout.flex = "1 1 30%"
                choice.on_click(lambda _b, i=item.id, a=answer: self.pick(i, a))
                choices.append(choice)
            rows.append(column([text, row(choices, "wsp-checklist-choices")],
                               "wsp-card", "wsp-checklist-item", f"wsp-check-{item.id}"))
        self.lines.children = rows
        self.counter.value = safe(self.t("checklist_progress", answered=len(self.answers),
                                         total=len(self.checklist.items)))

    def pick(self, item_id: str, answer: str) -> None:
        self.answers[item_id] = answer
        self.save()
        self.draw_lines()
        if self.shown:  # the result on screen would be stale; ask for it again
            self.shown = False
            self.result.value = ""
            self.save()

    def save(self) -> None:
        try:
            self.p.save_progress({"answers": self.answers, "shown": self.shown},
                                 activity=self.progress_key)
        except Exception:
            log.exception("could not save checklist progress")

    def evaluation(self) -> scoring.ChecklistResult:
        return scoring.evaluate_checklist([i.id for i in self.checklist.items], self.answers)

    def show_result(self, _button=None) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            result = self.evaluation()
            try:
                self.p.record("checklist", result.status, result.status == "lengkap",
                              {"answers": dict(self.answers), "failed": list(result.failed),
                               "unknown": list(result.unknown)},
                              activity=self.p.activity or LESSONS_ACTIVITY)
            except Exception:
                log.exception("could not record the checklist")
                self.message.value = para(self.t("not_saved"), "wsp-card wsp-warning")
                return
            self.message.value = ""
            self.shown = True
            self.save()
            self.draw_result()
        finally:
            self.busy = False

    def draw_result(self) -> None:
        lang = self.p.lang
        result = self.evaluation()
        by_id = {item.id: item for item in self.checklist.items}
        if result.status == "tidak-memenuhi":
            head = f"✖ {self.t('status_tidak_memenuhi', count=len(result.failed))}"
            body, kind = self.checklist.if_not_met(lang), "wsp-feedback-wrong"
        elif result.status == "belum-lengkap":
            head = f"? {self.t('status_belum_lengkap', count=len(result.unknown))}"
            body, kind = self.checklist.if_unknown(lang), "wsp-feedback-unsure"
        else:
            head = f"✔ {self.t('status_lengkap')}"
            body, kind = self.checklist.if_all_met(lang), "wsp-feedback-right"
        parts = [f'<div class="wsp-card {kind}">', para(head, "wsp-feedback-head", strong=True),
                 para(body)]
        if result.failed:
            parts.append(para(self.t("failed_title"), strong=True) + "<ul>")
            for item in (by_id[i] for i in result.failed):
                parts.append(f"<li><strong>{safe(item.short(lang))}</strong> — "
                             f"{safe(item.why(lang))}"
                             f"{source_line(self.p, item.source, item.as_of)}</li>")
            parts.append("</ul>")
        if result.unknown:
            parts.append(para(self.t("unknown_title"), strong=True) + "<ul>")
            parts += [f"<li><strong>{safe(by_id[i].short(lang))}</strong> — "
                      f"{safe(by_id[i].how_to_check(lang))}</li>" for i in result.unknown]
            parts.append("</ul>")
        parts.append("</div>")
        self.result.value = "".join(parts)

    def clear(self, _button=None) -> None:
        self.answers = {}
        self.shown = False
        self.result.value = ""
        self.save()
        self.draw_lines()


def checklist(p: Participation | None = None) -> ipw.VBox:
    """The interactive legal-departure checklist."""
    p = p or current()
    return ChecklistView(p, _lessons()).widget()


# --------------------------------------------------------------------------- village leader

def village_role(p: Participation | None = None) -> ipw.VBox:
    """What a kepala desa signs, whom to call (numbers from help.yaml), what not to do."""
    from ..content import cached_catalog

    p = p or current()
    catalog = cached_catalog()
    role = _lessons().village
    lang = p.lang
    t = p.t

    def points(items) -> str:
        out = []
        for point in items:
            source = source_line(p, point.source, point.as_of) if point.source else ""
            out.append(f"<li><strong>{safe(point.what(lang))}</strong><br>"
                       f"{safe(point.why(lang))}{source}</li>")
        return "<ul>" + "".join(out) + "</ul>"

    signs = (f"<h3>✍ {safe(t('lessons.signs_title'))}</h3>{points(role.signs)}"
             f"<p><strong>{safe(t('lessons.before_signing_title'))}</strong></p><ol>"
             + "".join(f"<li>{safe(line(lang))}</li>" for line in role.before_signing) + "</ol>")
    contacts = [c for cid in role.call for c in catalog.help.contacts if c.id == cid]
    calls = help_panel(catalog.help.model_copy(update={"contacts": contacts}), lang, t)
    offices = (f"<h3>⌂ {safe(t('lessons.offices_title'))}</h3><ul>"
               + "".join(f"<li><strong>{safe(o.name(lang))}</strong> — {safe(o.what_for(lang))}"
                         f"{source_line(p, o.source, o.as_of)}</li>" for o in role.offices)
               + "</ul>")
    evidence = (f"<h3>✎ {safe(t('lessons.keep_evidence_title'))}</h3>"
                f"{points([role.keep_evidence])}")
    dont = f"<h3>⊘ {safe(t('lessons.dont_title'))}</h3>{points(role.dont)}"
    return module_box([facilitator_panel(role.facilitator_notes, p),
                    html_block(para(role.intro(lang)), "wsp-intro"),
                    html_block(signs, "wsp-card", "wsp-role-signs"),
                    html_block(f"<h3>☎ {safe(t('lessons.call_title'))}</h3>",
                               "wsp-role-call-title"),
                    calls,
                    html_block(offices, "wsp-card", "wsp-role-offices"),
                    html_block(evidence, "wsp-card", "wsp-role-evidence"),
                    html_block(dont, "wsp-card", "wsp-role-dont")],
                   "wsp-village-role")
