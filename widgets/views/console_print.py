"""The console's Print part: a certificate with a typed name (never stored) and each action
plan of the session as a one-page PDF, written to the data folder's ``exports/<session>/``.
The lead's console calls ``print_panel`` once."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import ipywidgets as ipw

from ..content import cached_catalog
from ..documents.certificate import print_certificate
from ..documents.plan import plan_from_state, print_plan
from ..engines.plan import latest_plans
from ..engines.store import Session, Store
from ..paths import data_dir
from .common import button, column, html_block, safe

log = logging.getLogger("waspada.print")
PLAN_ACTIVITY = "rencana-aksi"


def exports_dir(session: Session) -> Path:
    return data_dir() / "exports" / session.code


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def _report(message: ipw.HTML, t, make) -> None:
    """Run one print job and say where the PDF went, or why it failed, in words."""
    try:
        printed = make()
    except Exception as error:  # the engine missing, a full disk: say so, do not crash
        log.exception("printing failed")
        message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                         f"{safe(t('print.print_failed', error=error))}</p>")
        return
    message.value = (f"<p class='wsp-card wsp-printed'>"
                     f"{safe(t('print.printed', pages=printed.pages, path=printed.path))}</p>")


def print_panel(store: Store, session: Session, lang: str, t) -> ipw.Widget:
    """Certificate and action-plan printing for one session, for the facilitator console."""
    catalog = cached_catalog()
    out = exports_dir(session)
    name = ipw.Text(placeholder=t("print.certificate_name"), layout=ipw.Layout(width="100%"))
    name.add_class("wsp-text-input")
    name.add_class("wsp-certificate-name")
    message = html_block("", "wsp-print-message")
    certificate = button(t("print.certificate_button"), kind="primary",
                         classes=("wsp-print-certificate",))
    # The typed name goes into the PDF only: not into the store, not into the file name.
    certificate.on_click(lambda _: _report(message, t, lambda: print_certificate(
        catalog, lang, session, name.value, out / f"sertifikat-{session.code}-{lang}.pdf")))
    children: list[ipw.Widget] = [
        html_block(f"<h2>{safe(t('print.print_title'))}</h2>"
                   f"<label><strong>{safe(t('print.certificate_name'))}</strong></label>"),
        name, certificate,
        html_block(f"<h3>{safe(t('print.plans_title'))}</h3>")]
    plans = latest_plans(store.answers(session.code, activity=PLAN_ACTIVITY))
    participants = {p.code: p for p in store.list_participants(session.code)}
    if not plans:
        children.append(html_block(f"<p class='wsp-muted'>{safe(t('print.no_plans'))}</p>"))
    for code, state in sorted(plans.items()):
        plan = plan_from_state(catalog, state)
        if plan.empty:
            continue
        team = participants[code].team_name if code in participants else ""
        label = plan.village or team or code
        printer = button(t("print.plan_button", name=label), classes=("wsp-print-plan",))
        target = out / f"rencana-aksi-{_slug(plan.village)}-{code}-{lang}.pdf"
        printer.on_click(lambda _, plan=plan, team=team, target=target: _report(
            message, t, lambda: print_plan(catalog, lang, plan, target, team or "", session)))
        children.append(printer)
    children.append(message)
    return column(children, "wsp-card", "wsp-print-panel")
