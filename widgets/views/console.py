"""The facilitator console: nothing shows before the PIN; then sessions, the join link and a
QR code large enough to project."""

from __future__ import annotations

import os
import time
from datetime import date

import ipywidgets as ipw
import segno

from ..content import Catalog, cached_catalog
from ..engines.access import check_pin
from ..content.agenda import Activity
from ..engines.store import Session, Store
from ..participation import SELF_STUDY_SESSION, Participation
from ..paths import NOTEBOOKS, data_dir
from . import player
from .common import button, column, html_block, row, safe, stylesheet

PREVIEW_SESSION = "PRATINJAU"

PAUSE_SECONDS = 60
DEFAULT_JOIN_URL = "http://127.0.0.1:8866/"


def join_url(session: Session) -> str:
    base = os.environ.get("WASPADA_JOIN_URL", DEFAULT_JOIN_URL)
    return f"{base}?sesi={session.code}"


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=10, border=2, dark="#1d2433", omitsize=True)


class FacilitatorConsole:
    def __init__(self, catalog: Catalog, store: Store, lang: str = "id"):
        self.catalog, self.store, self.lang = catalog, store, lang
        self.unlocked = False
        self.wrong_tries = 0
        self.paused_until = 0.0
        self.shown_session: Session | None = None
        self.previewing: Activity | None = None
        self._preview_participation: Participation | None = None
        self.language_button = button("", icon="language", classes=("wsp-language",))
        self.language_button.on_click(lambda _: self._switch_language())
        self.body = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.root = column([stylesheet(), row([html_block("Waspada", "wsp-brand"),
                                               self.language_button], "wsp-header"), self.body],
                           "wsp-app", "wsp-console")

    @classmethod
    def from_environment(cls) -> "FacilitatorConsole":
        return cls(cached_catalog(), Store.from_environment())

    def t(self, key: str, **values: object) -> str:
        return self.catalog.strings(key, self.lang, **values)

    def show(self) -> ipw.VBox:
        self.render()
        return self.root

    def _switch_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.render()

    def render(self) -> None:
        self.language_button.description = self.t("app.language_switch")
        if not self.unlocked:
            screen = self.pin_screen()
        elif self.previewing is not None:
            screen = self.preview_screen(self.previewing)
        else:
            screen = self.console_screen()
        screen.add_class("wsp-screen")
        self.body.children = [screen]

    # --------------------------------------------------------------------- PIN
    def pin_screen(self) -> ipw.Widget:
        pin = ipw.Password(placeholder="••••••", layout=ipw.Layout(width="100%"))
        pin.add_class("wsp-text-input")
        pin.add_class("wsp-pin-input")
        message = html_block("", "wsp-pin-message")
        enter = button(self.t("console.pin_button"), kind="primary", classes=("wsp-pin-enter",))
        enter.on_click(lambda _: self.try_pin(pin.value, message))
        return column([
            html_block(f"<h1>{safe(self.t('console.title'))}</h1>"
                       f"<label><strong>{safe(self.t('console.pin_label'))}</strong></label>"),
            pin, enter, message,
            html_block(f"<p class='wsp-muted'>{safe(self.t('console.pin_hint'))}</p>"),
        ], "wsp-pin-screen")

    def try_pin(self, attempt: str, message: ipw.HTML) -> bool:
        check = check_pin(data_dir(), attempt)  # the wrong-try pause is room-wide (data dir)
        if check.ok:
            self.unlocked = True
            self.render()
            return True
        text = (self.t("console.pin_paused", seconds=check.paused_seconds)
                if check.paused_seconds else self.t("console.pin_wrong"))
        message.value = f"<p class='wsp-card wsp-warning' role='alert'>{safe(text)}</p>"
        return False

    # ----------------------------------------------------------------- console
    def console_screen(self) -> ipw.Widget:
        name = ipw.Text(placeholder=self.t("console.session_name_placeholder"),
                        layout=ipw.Layout(width="100%"))
        place = ipw.Text(placeholder=self.t("console.session_place_placeholder"),
                         layout=ipw.Layout(width="100%"))
        held_on = ipw.DatePicker(value=date.today(), layout=ipw.Layout(width="100%"))
        for widget, cls in ((name, "wsp-session-name"), (place, "wsp-session-place"),
                            (held_on, "wsp-session-date")):
            widget.add_class("wsp-text-input")
            widget.add_class(cls)
        message = html_block("")
        create = button(self.t("console.create_button"), kind="primary",
                        classes=("wsp-create-session",))
        create.on_click(lambda _: self.create_session(name.value, place.value,
                                                      held_on.value, message))
        lock = button(self.t("console.lock"), classes=("wsp-lock",))
        lock.on_click(lambda _: self.lock())
        parts: list[ipw.Widget] = [html_block(f"<h1>{safe(self.t('console.title'))}</h1>")]
        if self.shown_session:
            parts.append(self.join_panel(self.shown_session))
        parts += [
            html_block(f"<h2>{safe(self.t('console.new_session'))}</h2>"
                       f"<label>{safe(self.t('console.session_name'))}</label>"),
            name, html_block(f"<label>{safe(self.t('console.session_place'))}</label>"), place,
            html_block(f"<label>{safe(self.t('console.session_date'))}</label>"), held_on,
            create, message, self.sessions_list(), self.agenda_notes(), lock,
        ]
        return column(parts, "wsp-console-screen")

    def create_session(self, name: str, place: str, held_on: date | None,
                       message: ipw.HTML) -> Session | None:
        if not name.strip():
            message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                             f"{safe(self.t('console.name_required'))}</p>")
            return None
        session = self.store.create_session(name, place, held_on.isoformat() if held_on else "")
        self.shown_session = session
        self.render()
        return session

    def join_panel(self, session: Session) -> ipw.Widget:
        """Made for the projector: a QR code a phone can read from the back of the hall."""
        url = join_url(session)
        return html_block(
            "<div class='wsp-join-grid'>"
            f"<div class='wsp-qr'>{qr_svg(url)}</div><div>"
            f"<h2>{safe(self.t('console.join_heading'))}</h2>"
            f"<p class='wsp-join-url'>{safe(url)}</p>"
            f"<p class='wsp-code'>{safe(self.t('console.session_code', code=session.code))}</p>"
            f"<p>{safe(self.t('console.join_steps'))}</p>"
            f"<p class='wsp-muted'>{safe(session.name)} · {safe(session.place)} · "
            f"{safe(session.held_on)}</p></div></div>", "wsp-card", "wsp-join-panel")

    def sessions_list(self) -> ipw.Widget:
        sessions = [s for s in self.store.list_sessions()
                    if s.code not in (SELF_STUDY_SESSION, PREVIEW_SESSION)]
        items: list[ipw.Widget] = [html_block(f"<h2>{safe(self.t('console.sessions_heading'))}</h2>")]
        if not sessions:
            items.append(html_block(f"<p>{safe(self.t('console.no_sessions'))}</p>"))
        for session in sessions:
            counts = self.t("console.session_counts",
                            participants=len(self.store.list_participants(session.code)),
                            answers=self.store.count_answers(session.code))
            show = button(self.t("console.show_join", code=session.code),
                          classes=(f"wsp-show-{session.code}",))
            show.on_click(lambda _, s=session: self._show(s))
            items.append(column([html_block(
                f"<strong>{safe(session.name)}</strong> · {safe(session.place)} · "
                f"{safe(session.held_on)}<br><span class='wsp-muted'>{safe(counts)}</span>"), show],
                "wsp-card"))
        return column(items, "wsp-sessions")

    def agenda_notes(self) -> ipw.Widget:
        """The agenda with each activity's facilitator notes and a facilitator's preview."""
        items: list[ipw.Widget] = [html_block(f"<h2>{safe(self.t('console.agenda_heading'))}</h2>")]
        for number, activity in enumerate(self.catalog.agenda.activities, start=1):
            notes = activity.facilitator_notes(self.lang) if activity.facilitator_notes else ""
            preview = button(self.t("console.preview", title=activity.title(self.lang)),
                             classes=(f"wsp-preview-{activity.id}",))
            preview.on_click(lambda _, a=activity: self._preview(a))
            items.append(column([html_block(
                f"<strong>{number}. {safe(activity.title(self.lang))}</strong> · "
                f"{safe(self.t('app.minutes', minutes=activity.minutes))}"
                + (f"<p class='wsp-facilitator-note'>{safe(notes)}</p>" if notes else "")),
                preview], "wsp-card"))
        return column(items, "wsp-agenda-notes")

    def _preview(self, activity: Activity | None) -> None:
        self.previewing = activity
        self.render()

    def preview_screen(self, activity: Activity) -> ipw.Widget:
        """The module as the room sees it, plus every cell and note meant for the facilitator.
        Answers given here go to a separate preview session, not to any workshop."""
        if self._preview_participation is None:
            session = self.store.ensure_session(PREVIEW_SESSION, "Pratinjau fasilitator / "
                                                "Facilitator preview")
            self._preview_participation = Participation(
                self.store, session, self.store.join(session.code), facilitator=True)
        participation = self._preview_participation.for_activity(activity.id, activity.params)
        participation.lang = self.lang
        back = button("← " + self.t("console.back"), classes=("wsp-preview-back",))
        back.on_click(lambda _: self._preview(None))
        module = player.play(NOTEBOOKS / activity.notebook, participation,
                             self.t("app.cell_error"))
        return column([back, html_block(f"<p class='wsp-progress'>{safe(activity.title(self.lang))}"
                                        f" · {safe(self.t('console.preview_note'))}</p>"), module],
                      f"wsp-preview-{activity.id}-screen")

    def _show(self, session: Session) -> None:
        self.shown_session = session
        self.render()

    def lock(self) -> None:
        self.unlocked = False
        self.shown_session = None
        self.render()
