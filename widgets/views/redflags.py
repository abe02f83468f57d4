"""The "Tanda Bahaya" card sort: one situation card at a time on a phone, four piles, immediate
feedback, and a summary of where the participant differed and which stage to go over again.

Thin: the deck, the scoring and the summary come from ``widgets.engines.cardsort``. The piles are
told apart by word and icon (and by a coloured edge, never colour alone). Every sorted card is
recorded with ``p.record`` before its feedback is drawn; the walk is saved so a phone that reloads
resumes on the same card. The agenda's ``params`` (``stages``, ``count``) choose the deck."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

from ..content.redflags import RedFlags
from ..engines import cardsort
from ..participation import Participation, current
from .common import button, html_block, safe
from .help import help_panel
from .lessons import OneAtATime, module_box, facilitator_panel, para, source_line
from .readaloud import read_aloud, read_aloud_markup

CARDSORT_ACTIVITY = "tanda-bahaya"
#: Icons that go with the pile names: plain text symbols found in common fonts (DejaVu, Noto),
#: so they need no icon font or emoji font and are read out by a screen reader.
PILE_ICONS = {"aman": "✓", "waspada": "⚠", "bahaya": "⊘", "tidak-yakin": "?"}
OUTCOME_ICONS = {cardsort.Outcome.MATCH: "✔", cardsort.Outcome.UNSURE: "?",
                 cardsort.Outcome.TOO_CALM: "✖", cardsort.Outcome.TOO_ALARMED: "✖"}
OUTCOME_CLASSES = {cardsort.Outcome.MATCH: "wsp-feedback-right",
                   cardsort.Outcome.UNSURE: "wsp-feedback-unsure",
                   cardsort.Outcome.TOO_CALM: "wsp-feedback-wrong",
                   cardsort.Outcome.TOO_ALARMED: "wsp-feedback-wrong"}


def _redflags() -> RedFlags:
    from ..content import cached_catalog
    return cached_catalog().redflags


class CardSort(OneAtATime):
    area = "redflags"

    def __init__(self, p: Participation, redflags: RedFlags):
        self.redflags = redflags
        deck, params = redflags.deck_for(p.params)
        activity = p.activity or CARDSORT_ACTIVITY
        super().__init__(p, deck, key=params.key, progress_key=activity)

    @property
    def activity(self) -> str:
        return self.p.activity or CARDSORT_ACTIVITY

    def pile_label(self, pile: str) -> str:
        return f"{PILE_ICONS[pile]} {self.t('pile_' + pile.replace('-', '_'))}"

    # ------------------------------------------------------------------ question
    def question(self, card_id: str) -> list[ipw.Widget]:
        card = self.redflags.cards[card_id]
        stage = self.redflags.stage(card.stage)
        tags = [self.t("fictional")]
        if card.someone_you_know:
            tags.append(self.t("someone_you_know"))
        progress = self.t("progress", n=self.walk.position, total=len(self.walk.items),
                          stage=self.text(stage.title))
        markup = (para(progress, "wsp-progress") + para(" · ".join(tags), "wsp-muted")
                  + para(self.text(card.situation), "wsp-story"))
        children: list[ipw.Widget] = []
        if not self.walk.answers:
            children.append(self.legend())
        children += [read_aloud(self.text(card.situation), self.p.lang, self.p.t,
                                card.situation.recording(self.p.lang)),
                     html_block(markup, "wsp-card", "wsp-rf-card", f"wsp-rf-card-{card_id}"),
                     html_block(para(self.t("question"), strong=True))]
        for pile in cardsort.CHOICES:
            choice = button(self.pile_label(pile), classes=(
                "wsp-pile-button", f"wsp-pile-{pile}", f"wsp-choose-{pile}"))
            choice.on_click(lambda _b, c=card_id, pile=pile: self.sort(c, pile))
            children.append(choice)
        if self.p.facilitator:
            answer = self.t("facilitator_answer", pile=self.pile_label(card.pile))
            children.append(html_block(para(answer, "wsp-muted")))
        return children

    def legend(self) -> ipw.HTML:
        """The four piles and what each means, before the first card."""
        meanings = self.redflags.deck.piles
        lines = "".join(
            f'<li class="wsp-pile-{pile}"><strong>{safe(self.pile_label(pile))}</strong> — '
            f"{safe(self.text(getattr(meanings, pile.replace('-', '_'))))}</li>"
            for pile in cardsort.CHOICES)
        return html_block(para(self.t("legend_title"), strong=True)
                          + f'<ul class="wsp-legend">{lines}</ul>', "wsp-card", "wsp-rf-legend")

    def sort(self, card_id: str, pile: str) -> None:
        card = self.redflags.cards[card_id]
        outcome = cardsort.score(card.pile, pile)
        self.submit(card_id, pile, pile, cardsort.graded(outcome),
                    {"stage": card.stage, "right": card.pile, "outcome": outcome.value},
                    record_item=card_id)

    # ------------------------------------------------------------------ feedback
    def feedback(self, card_id: str, chosen: Any) -> list[ipw.Widget]:
        card = self.redflags.cards[card_id]
        outcome = cardsort.score(card.pile, chosen)
        family = self.redflags.family(card.indicator.family)
        indicator = self.t("indicator", family=self.text(family.name),
                           item=self.text(card.indicator.item))
        markup = (
            para(f"{OUTCOME_ICONS[outcome]} {self.t('outcome_' + outcome.value)}",
                 "wsp-feedback-head", strong=True)
            + f'<p>{safe(self.t("your_pile", pile=self.pile_label(chosen)))}<br><strong>'
            + f'{safe(self.t("suggested_pile", pile=self.pile_label(card.pile)))}</strong></p>'
            + para(self.text(card.situation), "wsp-muted")
            + f"<p><strong>{safe(self.t('why'))}</strong> {safe(self.text(card.why))}</p>"
            + f"<p><strong>{safe(self.t('what_to_do'))}</strong> "
            + f"{safe(self.text(card.what_to_do))}</p>"
            + para(indicator, "wsp-muted")
            + source_line(self.p, card.source, card.as_of, area="redflags"))
        last = self.walk.position >= len(self.walk.items)
        spoken = markup.rsplit('<p class="wsp-source">', 1)[0]  # the source is for reading
        return [read_aloud_markup(spoken, self.p.lang, self.p.t),
                html_block(markup, "wsp-card", OUTCOME_CLASSES[outcome], "wsp-rf-feedback"),
                self.next_button(self.t("finish") if last else self.t("next"))]

    # ------------------------------------------------------------------ summary
    def summary(self) -> list[ipw.Widget]:
        from ..content import cached_catalog

        cards = self.redflags.cards
        answers = [cardsort.SortedCard(card_id, cards[card_id].stage, cards[card_id].pile, chosen)
                   for card_id, chosen in self.walk.answers.items()]
        result = cardsort.summarize(answers, self.redflags.stage_ids)

        def stage_name(stage_id: str) -> str:
            return self.text(self.redflags.stage(stage_id).title)

        parts = [f"<h3>{safe(self.t('summary_title'))}</h3>",
                 para(self.t("summary_matched", matched=result.matched, total=result.total))]
        if result.weakest:
            weakest = next(r for r in result.by_stage if r.stage == result.weakest)
            parts.append(para(self.t("summary_weakest", stage=stage_name(weakest.stage),
                                     matched=weakest.matched, total=weakest.total),
                              "wsp-rf-weakest", strong=True))
        too_calm = sum(a.outcome is cardsort.Outcome.TOO_CALM for a in answers)
        if too_calm:
            parts.append(para(f"⚠ {self.t('summary_too_calm', count=too_calm)}"))
        lines = [self.t("summary_stage_line", stage=stage_name(r.stage), matched=r.matched,
                        total=r.total) for r in result.by_stage]
        parts.append("<ul>" + "".join(f"<li>{safe(line)}</li>" for line in lines) + "</ul>")
        if result.differed:
            parts.append(para(self.t("summary_differed"), strong=True) + "<ol>")
            for answer in result.differed:
                parts.append(
                    f'<li class="wsp-rf-differed">{safe(self.text(cards[answer.card].situation))}'
                    f"<br>{safe(self.t('your_pile', pile=self.pile_label(answer.chosen)))} · "
                    f"<strong>{safe(self.t('suggested_pile', pile=self.pile_label(answer.right)))}"
                    f"</strong></li>")
            parts.append("</ol>")
        else:
            parts.append(para(self.t("summary_all_matched")))
        catalog = cached_catalog()
        return [html_block("".join(parts), "wsp-card", "wsp-rf-summary"),
                help_panel(catalog.help, self.p.lang, self.p.t), self.restart_button()]


def card_sort(p: Participation | None = None) -> ipw.VBox:
    """The red-flag card sort for this participant (deck chosen by the activity's params)."""
    p = p or current()
    redflags = _redflags()
    view = CardSort(p, redflags)
    if not view.walk.items:
        return module_box([html_block(para(p.t("redflags.no_cards")), "wsp-card")],
                       "wsp-cardsort")
    view.render()
    return module_box([facilitator_panel(redflags.deck.facilitator_notes, p),
                    html_block(para(redflags.deck.intro(p.lang)), "wsp-intro"),
                    view.body], "wsp-cardsort")
