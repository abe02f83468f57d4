"""The pre-test and the post-test on a phone: one question at a time, big answer buttons.

Thin: the items come from ``content.quiz``, the order from ``engines.knowledge.item_order``
(shuffled per participant, the same after a reload). Each answer is committed with ``p.record``
(activity = the agenda activity, item = the quiz item id, answer = the option id, correct)
before the next question is drawn, and the walk is saved so a reloaded phone resumes on the
same question. A test gives no feedback between questions (that would teach during the
measurement); the pre-test ends with "thank you, your answers are saved", the post-test with
the participant's own score and every item's right answer and explanation. Reaching the end
marks the activity finished for the room (``OneAtATime`` calls ``p.finished``)."""

from __future__ import annotations

import hashlib

import ipywidgets as ipw

from ..content.quiz import Quiz
from ..engines.knowledge import item_order, percent
from ..participation import Participation, current
from .common import button, html_block, safe
from .help import help_panel
from .lessons import OneAtATime, module_box, para, source_line

PHASES = ("pre", "post")
#: Activity ids when a test notebook runs on its own (no app around it).
DEFAULT_ACTIVITY = {"pre": "pre-test", "post": "post-test"}


def _quiz() -> Quiz:
    from ..content import cached_catalog
    return cached_catalog().quiz


class QuizRun(OneAtATime):
    area = "quiz"

    def __init__(self, p: Participation, quiz: Quiz, phase: str):
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}")
        self.quiz, self.phase = quiz, phase
        items = quiz.select(p.params)
        order = item_order(items, phase, p.session.code, p.participant.code)
        # The key names the item set: a test edited between two visits starts afresh.
        key = f"{phase}:" + hashlib.sha1(",".join(items).encode()).hexdigest()[:12]
        super().__init__(p, order, key=key, progress_key=p.activity or DEFAULT_ACTIVITY[phase])

    @property
    def activity(self) -> str:
        return self.p.activity or DEFAULT_ACTIVITY[self.phase]

    def render(self) -> None:
        if self.walk.feedback_open:  # a test shows no feedback between questions
            self.walk.next()
            self._save()
        super().render()

    # ------------------------------------------------------------------ question
    def question(self, item_id: str) -> list[ipw.Widget]:
        item = self.quiz.items[item_id]
        progress = self.t("progress", n=self.walk.position, total=len(self.walk.items))
        children: list[ipw.Widget] = []
        if not self.walk.answers:  # what the test is for, before the first question only
            intro = self.quiz.bank.intro_pre if self.phase == "pre" else self.quiz.bank.intro_post
            children.append(html_block(para(self.text(intro)), "wsp-intro", "wsp-quiz-intro"))
        children.append(html_block(
            para(progress, "wsp-progress") + para(self.text(item.question), "wsp-story"),
            "wsp-card", "wsp-quiz-question", f"wsp-quiz-item-{item_id}"))
        for option in item.options:
            choice = button(self.text(option.text),
                            classes=("wsp-quiz-option", f"wsp-quiz-option-{option.id}"))
            choice.on_click(lambda _b, i=item_id, o=option.id: self.choose(i, o))
            children.append(choice)
        if self.p.facilitator:
            right = self.text(item.option(item.right).text)
            children.append(html_block(para(self.t("right_answer", answer=right), "wsp-muted")))
        return children

    def choose(self, item_id: str, option_id: str) -> None:
        item = self.quiz.items[item_id]
        if self.submit(item_id, option_id, option_id, option_id == item.right,
                       {"phase": self.phase, "topic": item.topic}, record_item=item_id):
            # The answered buttons are gone: the focus goes to the next question's first answer,
            # so a keyboard or screen-reader user goes on from there, not from the page's top.
            first = next((w for w in self.body.children if "wsp-quiz-option" in w._dom_classes),
                         None)
            if first is not None:
                first.focus()

    # ------------------------------------------------------------------ the end
    def summary(self) -> list[ipw.Widget]:
        if self.phase == "pre":
            return [html_block(para("✓ " + self.t("pre_done"), "wsp-feedback-head", strong=True)
                               + para(self.t("pre_done_note"), "wsp-muted"),
                               "wsp-card", "wsp-quiz-done")]
        from ..content import cached_catalog

        items = self.quiz.items
        correct = sum(items[i].right == given for i, given in self.walk.answers.items())
        total = len(self.walk.items)
        parts = [para("✓ " + self.t("post_done"), "wsp-feedback-head", strong=True),
                 para(self.t("your_score", correct=correct, total=total,
                             percent=percent(correct / total)), "wsp-quiz-score", strong=True)]
        review = []
        for item_id in self.walk.items:
            item, given = items[item_id], self.walk.answers.get(item_id)
            right = given == item.right
            mark = f"✔ {self.t('mark_right')}" if right else f"✖ {self.t('mark_wrong')}"
            chosen = self.text(item.option(given).text) if given in {o.id for o in item.options} \
                else str(given)
            review.append(
                f"<li class='wsp-quiz-review-item {'wsp-feedback-right' if right else 'wsp-feedback-wrong'}'"
                f" data-item='{safe(item_id)}'>"
                + para(self.text(item.question), strong=True)
                + para(f"{mark} · {self.t('your_answer', answer=chosen)}")
                + para(self.t("right_answer", answer=self.text(item.option(item.right).text)),
                       strong=True)
                + para(self.text(item.explanation))
                + source_line(self.p, item.source, item.as_of, area="quiz") + "</li>")
        return [html_block("".join(parts), "wsp-card", "wsp-quiz-done", "wsp-quiz-score-card"),
                html_block("<ol class='wsp-quiz-review'>" + "".join(review) + "</ol>",
                           "wsp-card", "wsp-quiz-review-card"),
                help_panel(cached_catalog().help, self.p.lang, self.p.t)]


def _test(phase: str, p: Participation | None) -> ipw.VBox:
    p = p or current()
    quiz = _quiz()
    view = QuizRun(p, quiz, phase)
    if not view.walk.items:
        return module_box([html_block(para(p.t("quiz.no_items")), "wsp-card")],
                          "wsp-quiz", f"wsp-quiz-{phase}")
    view.render()
    return module_box([view.body], "wsp-quiz", f"wsp-quiz-{phase}")


def pre_test(p: Participation | None = None) -> ipw.VBox:
    """The pre-test for this participant (no feedback; answers saved)."""
    return _test("pre", p)


def post_test(p: Participation | None = None) -> ipw.VBox:
    """The post-test for this participant (own score and explanations at the end)."""
    return _test("post", p)


# --------------------------------------------------------------------------- the room's view

def room_results_html(catalog, activity_id: str, answers, lang: str, t, revealed: bool) -> str:
    """A test activity's live results for the console and the projector: the room's average
    before and after (``engines.knowledge``), then each question's answers as labelled bars
    (``views.live.bars``), the right answer marked once revealed. ``answers``: every answer of
    the session (the averages need both tests); ``t(key, **values)`` in the viewer's language."""
    from ..content.quiz import phases_of
    from ..engines import live
    from ..engines.knowledge import session_knowledge
    from .live import bars

    quiz = catalog.quiz
    activity = catalog.agenda.get(activity_id)
    if activity is None or activity_id not in phases_of(catalog):
        return ""
    items = quiz.select(activity.params)
    result = session_knowledge(catalog, answers)
    fewer = t("live.fewer_than", minimum=live.MIN_ANSWERS)

    def mean(value: float | None) -> str:
        return fewer if value is None else f"{percent(value)} %"

    parts = []
    if result is not None:
        parts.append(f"<p class='wsp-quiz-room-means'><strong>"
                     f"{safe(t('quiz.room_means', before=mean(result.mean_before), after=mean(result.mean_after)))}"
                     f"</strong></p>")
    own = [a for a in answers if a.activity == activity_id]
    tallies = {tally.item: tally for tally in live.item_tallies(
        own, quiz.rights(items), quiz.options(items))}
    for item_id in items:
        item = quiz.items[item_id]
        tally = tallies.get(item_id, live.ItemTally(item_id, {}, item.right))
        labels = {o.id: o.text(lang) for o in item.options}
        share = (f" · {safe(t('quiz.room_share', percent=percent(tally.share_right)))}"
                 if revealed and tally.shown and tally.share_right is not None else "")
        parts.append(f"<div class='wsp-tally wsp-tally-quiz' data-item='{safe(item_id)}'>"
                     f"<p class='wsp-tally-item'>{safe(item.question(lang))}{share}</p>"
                     f"{bars(tally, lambda o: labels.get(o, o), t, revealed)}</div>")
    return "".join(parts)
