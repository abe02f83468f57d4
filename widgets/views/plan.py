"""The "Rencana aksi" activity: a village team writes its prevention plan on one phone.

Thin: the plan's rules are ``widgets.engines.plan``; the page (download and printout) is
``widgets.documents.plan``. Every change is recorded (``p.record``, the whole plan in the
answer's detail, so the console can print the newest plan) and saved (``p.save_progress``),
so a reloaded phone comes back to the same plan. Typed text is only ever shown escaped."""

from __future__ import annotations

import base64
import logging
import re

import ipywidgets as ipw

from ..content import Catalog, cached_catalog
from ..documents.plan import plan_from_state, plan_html
from ..engines.plan import ACTION_COUNT, PLAN_ITEM_PREFIX, Plan
from ..participation import ActivityLocked, Participation, current
from .common import column, html_block, safe
from .lessons import facilitator_panel, module_box, para

log = logging.getLogger("waspada.plan")
PLAN_ACTIVITY = "rencana-aksi"


def _text_input(value: str, placeholder: str, css: str, label: str = "",
                area: bool = False) -> ipw.Widget:
    """A field whose visible label is its own (ipywidgets ties ``description`` to the field with
    ``for``), so a screen reader names it by what the eye reads; the hint stays a placeholder."""
    lines = {"rows": 3} if area else {}  # three lines: a hint of a sentence shows whole
    kind = ipw.Textarea if area else ipw.Text
    widget = kind(value=value, placeholder=placeholder, description=label,
                  continuous_update=False, layout=ipw.Layout(width="100%"), **lines)
    widget.add_class("wsp-text-input")
    widget.add_class(css)
    return widget


def download_link(html: str, filename: str, label: str) -> str:
    """An <a download> whose address holds the whole page (data: URL): nothing is fetched."""
    data = base64.b64encode(html.encode("utf-8")).decode("ascii")
    return (f'<a class="wsp-plan-download" download="{safe(filename)}" '
            f'href="data:text/html;charset=utf-8;base64,{data}">⬇ {safe(label)}</a>')


def file_name(plan: Plan) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", plan.village.lower()).strip("-")[:40]
    return f"rencana-aksi-{slug or 'desa'}.html"


class ActionPlanView:
    def __init__(self, p: Participation, catalog: Catalog):
        self.p, self.catalog = p, catalog
        self.texts = catalog.plan
        self.stages = catalog.redflags.stage_ids
        self.contacts = [c.id for c in catalog.help.contacts]
        self.plan = plan_from_state(catalog, p.load_progress(self.activity))
        p.expect("plan")
        self.message = html_block("", "wsp-save-message")
        self.download = html_block("", "wsp-plan-download-box")
        self.root = column(self._build(), "wsp-plan")
        self._refresh_download()

    @property
    def activity(self) -> str:
        return self.p.activity or PLAN_ACTIVITY

    def text(self, key: str, **values) -> str:
        value = getattr(self.texts, key)(self.p.lang)
        return value.format(**values) if values else value

    # --------------------------------------------------------------- screen
    def _build(self) -> list[ipw.Widget]:
        lang = self.p.lang
        village = _text_input(self.plan.village, self.text("village_hint"), "wsp-plan-village",
                              self.text("village"))
        village.observe(lambda c: self.change(*self.plan.with_village(c["new"])), "value")
        risk_boxes = []
        for stage in self.catalog.redflags.deck.stages:
            box = ipw.Checkbox(value=stage.id in self.plan.risks, description=stage.title(lang),
                               indent=False, layout=ipw.Layout(width="100%"))
            box.add_class("wsp-plan-risk")
            box.add_class(f"wsp-plan-risk-{stage.id}")
            box.observe(lambda c, s=stage.id: self.change(
                *self.plan.with_risk(s, c["new"], self.stages)), "value")
            risk_boxes.append(box)
        other = _text_input(self.plan.risks_other, self.text("risks_other"),
                            "wsp-plan-risks-other", area=True)
        other.observe(lambda c: self.change(*self.plan.with_risks_other(c["new"])), "value")
        actions: list[ipw.Widget] = []
        for index in range(ACTION_COUNT):
            action = self.plan.actions[index]
            parts = []
            for part, hint, value in (("what", "action_hint", action.what),
                                      ("who", "who_hint", action.who),
                                      ("by_when", "by_when_hint", action.by_when)):
                label = self.text("action", n=index + 1) if part == "what" else self.text(part)
                # The action itself gets a box that wraps: its hint is a whole sentence.
                field = _text_input(value, self.text(hint), f"wsp-plan-action-{index + 1}-{part}",
                                    label, area=part == "what")
                field.observe(lambda c, i=index, part=part: self.change(
                    *self.plan.with_action(i, part, c["new"])), "value")
                parts.append(field)
            actions.append(column(parts, "wsp-card", "wsp-plan-action"))
        call_boxes = []
        for contact in self.catalog.help.contacts:
            box = ipw.Checkbox(value=contact.id in self.plan.call,
                               description=contact.call_label(lang), indent=False,
                               layout=ipw.Layout(width="100%"))
            box.add_class("wsp-plan-call")
            box.add_class(f"wsp-plan-call-{contact.id}")
            box.observe(lambda c, k=contact.id: self.change(
                *self.plan.with_call(k, c["new"], self.contacts)), "value")
            call_boxes.append(box)
        return [
            html_block(f"<h2>{safe(self.text('title'))}</h2>{para(self.text('intro'))}",
                       "wsp-intro"),
            village,
            html_block(para(self.text("risks"), strong=True)), *risk_boxes, other,
            html_block(f"<h3>{safe(self.text('actions'))}</h3>"), *actions,
            html_block(para(self.text("call"), strong=True)), *call_boxes,
            self.message, self.download,
        ]

    # --------------------------------------------------------------- changes
    def change(self, new: Plan, item: str, answer: str) -> bool:
        """Record the change, then save the plan; say plainly when the store is unreachable."""
        if new == self.plan:
            return False
        try:
            self.p.record(PLAN_ITEM_PREFIX + item, answer, None, {"plan": new.to_state()},
                          activity=self.activity)
            self.p.save_progress(new.to_state(), activity=self.activity)
        except ActivityLocked:  # the facilitator closed answers: say so, keep what was typed
            self.message.value = para(self.p.t("app.activity_locked"), "wsp-card wsp-warning")
            return False
        except Exception:
            log.exception("could not store the plan change %s", item)
            self.message.value = para(self.text("not_saved"), "wsp-card wsp-warning")
            return False
        self.plan = new
        self.message.value = para(f"✓ {self.text('saved')}", "wsp-muted")
        if new.complete:
            try:
                self.p.finished("plan")
            except Exception:  # the plan is stored; the "finished" count can wait
                log.exception("could not mark the plan finished")
        self._refresh_download()
        return True

    def _refresh_download(self) -> None:
        team = self.p.participant.team_name or ""
        html = plan_html(self.catalog, self.p.lang, self.plan, team, self.p.session)
        self.download.value = (download_link(html, file_name(self.plan), self.text("download"))
                               + para(self.text("download_note"), "wsp-muted"))


def action_plan(p: Participation | None = None) -> ipw.VBox:
    """The action-plan form for this participant (or team), resumed from the store."""
    p = p or current()
    catalog = cached_catalog()
    view = ActionPlanView(p, catalog)
    return module_box([facilitator_panel(catalog.plan.facilitator_notes, p), view.root],
                      "wsp-plan-activity")
