"""A village's action plan as one page: the same HTML is the phone's download and, through
the PDF engine, the printout. Everything the team typed is escaped."""

from __future__ import annotations

from pathlib import Path

from ..content import Catalog
from ..engines.plan import Plan
from ..views.common import safe
from .page import document
from .pdf import Printed, html_to_pdf


def plan_from_state(catalog: Catalog, state: dict | None) -> Plan:
    return Plan.from_state(state, catalog.redflags.stage_ids,
                           [c.id for c in catalog.help.contacts])


def plan_html(catalog: Catalog, lang: str, plan: Plan, team: str = "", session=None) -> str:
    texts = catalog.plan
    empty = texts.empty(lang)

    def field(value: str) -> str:
        return f"<div class='wsp-plan-field'>{safe(value) if value else safe(empty)}</div>"

    risks = [catalog.redflags.stage(r).title(lang) for r in plan.risks]
    contacts = {c.id: c for c in catalog.help.contacts}
    calls = [contacts[c].call_label(lang) for c in plan.call]
    rows = "".join(
        f"<tr><td class='num'>{n}</td><td>{safe(a.what) or safe(empty)}</td>"
        f"<td>{safe(a.who)}</td><td>{safe(a.by_when)}</td></tr>"
        for n, a in enumerate(plan.actions, start=1))
    heading = safe(texts.title(lang))
    who = " · ".join(safe(x) for x in (team, session.name if session else "",
                                        session.held_on if session else "") if x)
    body = (f"<h1>{heading}</h1><p class='wsp-muted'>{who}</p>"
            f"<h2>{safe(texts.village(lang))}</h2>{field(plan.village)}"
            f"<h2>{safe(texts.risks(lang))}</h2>"
            + ("<ul>" + "".join(f"<li>{safe(r)}</li>" for r in risks) + "</ul>" if risks else "")
            + f"<h3>{safe(texts.risks_other(lang))}</h3>{field(plan.risks_other)}"
            f"<h2>{safe(texts.actions(lang))}</h2><table><tr><th class='num'>#</th>"
            f"<th>{safe(texts.action(lang).format(n=''))}</th><th>{safe(texts.who(lang))}</th>"
            f"<th>{safe(texts.by_when(lang))}</th></tr>{rows}</table>"
            f"<h2>{safe(texts.call(lang))}</h2>"
            + ("<ul>" + "".join(f"<li>{safe(c)}</li>" for c in calls) + "</ul>"
               if calls else field("")))
    return document(f"{texts.title(lang)} — {plan.village or team}", body, lang)


def print_plan(catalog: Catalog, lang: str, plan: Plan, out: Path, team: str = "",
               session=None) -> Printed:
    return html_to_pdf(plan_html(catalog, lang, plan, team, session), out)
