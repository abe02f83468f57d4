"""The facilitator console: nothing shows before the PIN; then sessions, the join link and a
QR code large enough to project, the room control (open an activity for every phone, lock it,
show the agreed answer), the room's answers live, and the projector view.

Every facilitator action checks the PIN session (``requires_pin``): the buttons only exist after
the PIN, and a widget message sent by hand to a stale button is refused too. Two console windows
(laptop and projector) stay consistent because the room lives in the store and both windows
re-read it every ``LIVE_REFRESH_MS``."""

from __future__ import annotations

import functools
import os
from datetime import date

import ipywidgets as ipw
import segno

from ..content import Catalog, cached_catalog
from ..engines.access import check_pin
from ..content.agenda import Activity
from ..engines import live
from ..engines.room import FOLLOW, FREE, Room
from ..engines.store import Session, Store, now
from ..participation import APP_STATE, SELF_STUDY_SESSION, Participation
from ..paths import NOTEBOOKS, data_dir
from . import player
from .common import button, column, html_block, row, safe, stylesheet
from .console_print import exports_dir, print_panel
from .live import LiveResults

PREVIEW_SESSION = "PRATINJAU"

DEFAULT_JOIN_URL = "http://127.0.0.1:8866/"
#: How often the console re-reads the room and its answers (the issue asks for ≤ 2 s).
LIVE_REFRESH_MS = 1500


def join_url(session: Session) -> str:
    base = os.environ.get("WASPADA_JOIN_URL", DEFAULT_JOIN_URL)
    return f"{base}?sesi={session.code}"


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=10, border=2, dark="#1d2433", omitsize=True)


def requires_pin(action):
    """A facilitator action: does nothing unless this console page has been unlocked."""

    @functools.wraps(action)
    def guarded(self, *args, **kwargs):
        if not self.unlocked:
            return None
        return action(self, *args, **kwargs)

    return guarded


class FacilitatorConsole:
    def __init__(self, catalog: Catalog, store: Store, lang: str = "id"):
        self.catalog, self.store, self.lang = catalog, store, lang
        self.unlocked = False
        self.shown_session: Session | None = None
        self.projector = False
        self.show_qr = True
        self.previewing: Activity | None = None
        self._preview_participation: Participation | None = None
        self.language_button = button("", icon="language", classes=("wsp-language",))
        self.language_button.on_click(lambda _: self._switch_language())
        self.body = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.root = column([stylesheet(), row([html_block("Waspada", "wsp-brand"),
                                               self.language_button], "wsp-header"), self.body],
                           "wsp-app", "wsp-console")
        # The live parts, refreshed in place by ``refresh`` (no re-render while someone types).
        self.room = Room()
        self.room_box = column([], "wsp-room")
        self.presence = html_block("", "wsp-presence")
        self.readiness = html_block("", "wsp-room-ready")
        self.live = html_block("", "wsp-live")
        self._ticker = None

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
        self.root.remove_class("wsp-content-en" if self.lang == "id" else "wsp-content-id")
        self.root.add_class(f"wsp-content-{self.lang}")  # the page template sets lang= from it
        if not self.unlocked:
            screen = self.pin_screen()
        elif self.previewing is not None:
            screen = self.preview_screen(self.previewing)
        elif self.projector and self.shown_session:
            screen = self.projector_screen()
        else:
            screen = self.console_screen()
        screen.add_class("wsp-screen")
        self.root.remove_class("wsp-projector")
        if self.unlocked and self.projector and self.shown_session and self.previewing is None:
            self.root.add_class("wsp-projector")
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
            self._start_ticker()
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
        held_on = ipw.DatePicker(value=date.today(), layout=ipw.Layout(width="100%"),
                                 description=self.t("console.session_date"))  # <label for>
        where = self.where_fields()
        for widget, cls in ((name, "wsp-session-name"), (place, "wsp-session-place"),
                            (held_on, "wsp-session-date")):
            widget.add_class("wsp-text-input")
            widget.add_class(cls)
        message = html_block("")
        create = button(self.t("console.create_button"), kind="primary",
                        classes=("wsp-create-session",))
        create.on_click(lambda _: self.create_session(
            name.value, place.value, held_on.value, message, district_code=where[1].value,
            kecamatan=where[3].value, village=where[5].value))
        lock = button(self.t("console.lock"), classes=("wsp-lock",))
        lock.on_click(lambda _: self.lock())
        parts: list[ipw.Widget] = [html_block(f"<h1>{safe(self.t('console.title'))}</h1>")]
        if self.shown_session:
            self.draw_room()
            parts.append(self.room_box)
        parts += [
            html_block(f"<h2>{safe(self.t('console.new_session'))}</h2>"
                       f"<label>{safe(self.t('console.session_name'))}</label>"),
            name, html_block(f"<label>{safe(self.t('console.session_place'))}</label>"), place,
            html_block(f"<label>{safe(self.t('console.session_date'))}</label>"), held_on,
            *where, create, message, self.sessions_list(), self.agenda_notes(), lock,
        ]
        return column(parts, "wsp-console-screen")

    def where_fields(self) -> list[ipw.Widget]:
        """Where the session happens (issue 12): the kabupaten/kota from datasets/geo by code,
        and the kecamatan and village as free text. Label, field, label, field, label, field."""
        districts = [(self.t("console.no_district"), "")] + [
            (f"{d.code} · {d.name}", d.code) for d in self.catalog.geo.ordered_districts()]
        district = ipw.Dropdown(options=districts, value="", layout=ipw.Layout(width="100%"),
                                description=self.t("console.session_district"))  # <label for>
        kecamatan = ipw.Text(placeholder=self.t("console.session_kecamatan"),
                             layout=ipw.Layout(width="100%"))
        village = ipw.Text(placeholder=self.t("console.session_village"),
                           layout=ipw.Layout(width="100%"))
        parts: list[ipw.Widget] = []
        for widget, key, cls in ((district, "session_district", "wsp-session-district"),
                                 (kecamatan, "session_kecamatan", "wsp-session-kecamatan"),
                                 (village, "session_village", "wsp-session-village")):
            widget.add_class("wsp-text-input")
            widget.add_class(cls)
            parts += [html_block(f"<label>{safe(self.t(f'console.{key}'))}</label>"), widget]
        return parts

    @requires_pin
    def create_session(self, name: str, place: str, held_on: date | None,
                       message: ipw.HTML, district_code: str | None = None,
                       kecamatan: str = "", village: str = "") -> Session | None:
        from ..programme.bundle import content_hash

        if not name.strip():
            message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                             f"{safe(self.t('console.name_required'))}</p>")
            return None
        # The content this session runs with travels in its bundle (waspada export).
        session = self.store.create_session(
            name, place, held_on.isoformat() if held_on else "",
            settings={"content_hash": content_hash(self.catalog.root)},
            district_code=district_code or None, kecamatan=kecamatan, village=village)
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

    @requires_pin
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

    @requires_pin
    def _show(self, session: Session) -> None:
        self.shown_session = session
        self.render()

    def lock(self) -> None:
        self.unlocked = False
        self.shown_session = None
        self.projector = False
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.render()

    # ------------------------------------------------------------ the room
    def _start_ticker(self) -> None:
        """Re-read the room and its answers every ``LIVE_REFRESH_MS`` while unlocked."""
        if self._ticker is not None:
            return
        from tornado.ioloop import PeriodicCallback

        self._ticker = PeriodicCallback(self.refresh, LIVE_REFRESH_MS)
        self._ticker.start()

    def refresh(self) -> None:
        """Bring the room controls, the presence line and the live results up to date. Called
        by the ticker and after each action; cheap when nothing changed."""
        session = self.shown_session
        if not (self.unlocked and session) or self.previewing is not None:
            return
        try:
            room = self.store.room(session.code)
        except Exception:  # the store is busy for a moment: next tick
            return
        if room.rev != self.room.rev:
            self.room = room
            if self.projector:
                self.render()
            else:
                self.draw_room()
        self._update_live()

    def _update_live(self) -> None:
        session, room = self.shown_session, self.room
        people = self.store.list_participants(session.code)
        finished = {code: state.get("finished", []) for code, state
                    in self.store.progress_of_all(session.code, APP_STATE).items()}
        self._update_readiness()
        figures = live.presence(people, finished, room.activity, now())
        presence = (f"<p>{safe(self.t('console.presence', **vars(figures)))}</p>")
        if self.presence.value != presence:
            self.presence.value = presence
        activity = self.catalog.agenda.get(room.activity or "")
        if activity is None:
            html = f"<p class='wsp-muted'>{safe(self.t('console.no_open_activity'))}</p>"
        else:
            results = LiveResults(self.catalog, self.lang, self.t).results(
                activity, self.store.answers(session.code), room.is_revealed(activity.id))
            heading = ("" if self.projector else  # the projector's title already says it
                       f"<h2>{safe(self.t('console.live_heading', title=activity.title(self.lang)))}</h2>")
            html = heading + results
        if self.live.value != html:
            self.live.value = html

    def draw_room(self) -> None:
        """The room control of the shown session (redrawn when the room changes)."""
        session = self.shown_session
        self.room = self.store.room(session.code)
        room = self.room
        parts: list[ipw.Widget] = [html_block(
            f"<h2>{safe(self.t('console.room_heading', name=session.name))}</h2>"
            f"<p class='wsp-muted'>{safe(session.place)} · {safe(session.held_on)} · "
            f"{safe(self.t('console.session_code', code=session.code))}</p>")]
        qr_toggle = button(self.t("console.hide_qr" if self.show_qr else "console.show_qr"),
                           classes=("wsp-qr-toggle",))
        qr_toggle.on_click(lambda _: self.toggle_qr())
        projector = button(self.t("console.projector_open"), kind="info",
                           classes=("wsp-projector-open",))
        projector.on_click(lambda _: self.open_projector(True))
        parts.append(row([qr_toggle, projector], "wsp-room-tools"))
        if self.show_qr:
            parts.append(self.join_panel(session))
        if room.closed:
            parts.append(html_block(f"<p><strong>{safe(self.t('console.session_closed_mark'))}"
                                    f"</strong></p>", "wsp-card", "wsp-warning"))
        parts += [self.presence, self.expect_control()]
        mode = ipw.ToggleButtons(options=[(self.t("console.mode_follow"), FOLLOW),
                                          (self.t("console.mode_free"), FREE)],
                                 value=room.mode, description=self.t("console.mode_label"),
                                 style={"description_width": "initial"})
        mode.add_class("wsp-room-mode")
        mode.observe(lambda change: self.set_mode(change["new"]), "value")
        parts += [mode, html_block(f"<p class='wsp-muted'>{safe(self.t('console.mode_help'))}</p>")]
        for activity in self.catalog.agenda.activities:
            parts.append(self.activity_control(activity))
        back = button(self.t("console.back_to_agenda"), classes=("wsp-room-agenda",))
        back.on_click(lambda _: self.open_activity(None))
        parts.append(back)
        parts.append(self.live_panel())
        parts.append(self.session_actions(session, room))
        self.room_box.children = parts
        self._update_live()

    def expect_control(self) -> ipw.Widget:
        """How many phones to prepare for: the server starts their pages before the room
        scans the QR code, a few at a time, so the laptop stays responsive."""
        from ..engines.capacity import read_expected

        expected = ipw.BoundedIntText(value=read_expected(data_dir()), min=0, max=500,
                                      description=self.t("console.expect_label"),
                                      style={"description_width": "initial"})
        expected.add_class("wsp-expect-input")
        prepare = button(self.t("console.expect_button"), classes=("wsp-expect",))
        prepare.layout.width = "auto"
        prepare.on_click(lambda _: self.expect(expected.value))
        return column([row([expected, prepare], "wsp-expect-row"), self.readiness])

    @requires_pin
    def expect(self, phones: int) -> int:
        from ..engines.capacity import write_expected

        kept = write_expected(data_dir(), phones)
        self._update_readiness()
        return kept

    def _update_readiness(self) -> None:
        from ..engines.capacity import read_status

        status = read_status(data_dir())
        if status is None:
            text = self.t("console.ready_unknown")
        else:
            text = self.t("console.ready_for", ready=status.get("ready_for", 0),
                          starting=status.get("starting", 0),
                          expected=status.get("expected", 0))
        value = f"<p class='wsp-muted'>{safe(text)}</p>"
        if self.readiness.value != value:
            self.readiness.value = value

    def activity_control(self, activity: Activity) -> ipw.Widget:
        room = self.room
        title = activity.title(self.lang)
        is_open = room.activity == activity.id
        label = "console.open_now" if is_open else "console.open_for_room"
        open_button = button(self.t(label, title=title), kind="success" if is_open else "default",
                             classes=(f"wsp-room-open-{activity.id}", "wsp-room-open"))
        open_button.on_click(lambda _, a=activity.id: self.open_activity(a))
        locked = room.is_locked(activity.id)
        lock = button(self.t("console.unlock_activity" if locked else "console.lock_activity"),
                      kind="warning" if locked else "default",
                      classes=(f"wsp-room-lock-{activity.id}", "wsp-room-lock"))
        lock.on_click(lambda _, a=activity.id: self.toggle_lock(a))
        lock.layout.width = "auto"
        box = row([open_button, lock], "wsp-room-activity")
        open_button.layout.flex = "1 1 60%"
        if is_open:
            box.add_class("wsp-room-activity-open")
        return box

    def live_panel(self) -> ipw.Widget:
        activity = self.catalog.agenda.get(self.room.activity or "")
        parts: list[ipw.Widget] = [self.live]
        if activity is not None:
            revealed = self.room.is_revealed(activity.id)
            reveal = button(self.t("console.hide_answer" if revealed else "console.show_answer"),
                            kind="primary", classes=("wsp-show-answer",))
            reveal.on_click(lambda _, a=activity.id: self.toggle_reveal(a))
            parts.insert(0, reveal)
        return column(parts, "wsp-card", "wsp-live-panel")

    def session_actions(self, session: Session, room: Room) -> ipw.Widget:
        close = button(self.t("console.reopen_session" if room.closed else "console.close_session"),
                       classes=("wsp-close-session",))
        close.on_click(lambda _: self.toggle_closed())
        confirm = ipw.Text(placeholder=session.code, layout=ipw.Layout(width="100%"))
        confirm.add_class("wsp-text-input")
        confirm.add_class("wsp-purge-confirm")
        message = html_block("", "wsp-purge-message")
        purge = button(self.t("console.purge_button"), kind="danger", classes=("wsp-purge",))
        purge.on_click(lambda _: self.purge(confirm.value, message))
        report_message = html_block("", "wsp-report-message")
        report = button(self.t("console.report_button"), kind="primary", icon="file-text",
                        classes=("wsp-report",))
        report.on_click(lambda _: self.write_report(report_message))
        export_message = html_block("", "wsp-export-message")
        export = button(self.t("console.export_button"), icon="suitcase",
                        classes=("wsp-export",))
        export.on_click(lambda _: self.export_session(export_message))
        printing = print_panel(self.store, session, self.lang, self.t)
        return column([report, report_message, export, export_message, printing, close, html_block(
            f"<h3>{safe(self.t('console.purge_heading'))}</h3>"
            f"<p class='wsp-muted'>{safe(self.t('console.purge_help', code=session.code))}</p>"),
            confirm, purge, message], "wsp-card", "wsp-session-actions")

    def projector_screen(self) -> ipw.Widget:
        """Large type for the back of the hall: what is open, who is there, how they answered."""
        session = self.shown_session
        self.room = self.store.room(session.code)
        back = button(self.t("console.projector_close"), classes=("wsp-projector-close",))
        back.on_click(lambda _: self.open_projector(False))
        activity = self.catalog.agenda.get(self.room.activity or "")
        title = activity.title(self.lang) if activity else self.t("console.no_open_activity")
        head = html_block(f"<p class='wsp-projector-join'>{safe(join_url(session))} · "
                          f"{safe(self.t('console.session_code', code=session.code))}</p>"
                          f"<h1>{safe(title)}</h1>", "wsp-projector-head")
        self._update_live()
        return column([back, head, self.presence, self.live_panel()], "wsp-projector-screen")

    # ---------------------------------------------------------- room actions
    def _change_room(self, change) -> None:
        self.room = self.store.update_room(self.shown_session.code, change)
        if self.projector:
            self.render()
        else:
            self.draw_room()

    @requires_pin
    def open_activity(self, activity_id: str | None) -> None:
        """Open an activity for the room (or send the room back to the agenda with None)."""
        self._change_room(lambda room: room.changed(activity=activity_id))

    @requires_pin
    def set_mode(self, mode: str) -> None:
        if mode != self.room.mode:
            self._change_room(lambda room: room.changed(mode=mode))

    @requires_pin
    def toggle_lock(self, activity_id: str) -> None:
        self._change_room(lambda room: room.toggled("locked", activity_id))

    @requires_pin
    def toggle_reveal(self, activity_id: str) -> None:
        self._change_room(lambda room: room.toggled("revealed", activity_id))

    @requires_pin
    def toggle_closed(self) -> None:
        self._change_room(lambda room: room.changed(closed=not room.closed))

    @requires_pin
    def toggle_qr(self) -> None:
        self.show_qr = not self.show_qr
        self.draw_room()

    @requires_pin
    def open_projector(self, on: bool) -> None:
        self.projector = on
        self.render()

    @requires_pin
    def write_report(self, message: ipw.HTML) -> list:
        """The session's answers (CSV, Excel) and report (HTML, PDF) into the data dir, which
        the server never publishes; the facilitator copies them from there."""
        from ..documents.report import write_report

        session = self.shown_session
        message.value = f"<p class='wsp-muted' role='status'>{safe(self.t('console.report_busy'))}</p>"
        out = exports_dir(session)
        try:
            written = write_report(self.store, session.code, out, lang=self.lang,
                                   catalog=self.catalog)
        except Exception as error:  # e.g. the PDF engine's system library is missing
            message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                             f"{safe(self.t('console.report_failed', error=error))}</p>")
            return []
        files = "".join(f"<li><code>{safe(path)}</code></li>" for path in written)
        message.value = (f"<div class='wsp-card' role='status'><p>"
                         f"{safe(self.t('console.report_written', folder=out))}</p>"
                         f"<ul>{files}</ul></div>")
        return written

    @requires_pin
    def export_session(self, message: ipw.HTML):
        """The session as one bundle file to carry home to the programme (codes only)."""
        from ..programme.bundle import export_bundle

        session = self.shown_session
        out = exports_dir(session) / f"waspada-{session.code}.zip"
        try:
            path = export_bundle(self.store, session.code, out, data_dir=data_dir())
        except Exception as error:
            message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                             f"{safe(self.t('console.export_failed', error=error))}</p>")
            return None
        size = f"{path.stat().st_size / 1000:.0f} KB"
        message.value = (f"<p class='wsp-card' role='status'>"
                         f"{safe(self.t('console.export_written', path=path, size=size))}</p>")
        return path

    @requires_pin
    def purge(self, typed: str, message: ipw.HTML) -> bool:
        """Delete the shown session for good, only after its code is typed exactly."""
        session = self.shown_session
        if typed.strip().upper() != session.code:
            message.value = (f"<p class='wsp-card wsp-warning' role='alert'>"
                             f"{safe(self.t('console.purge_mismatch', code=session.code))}</p>")
            return False
        deleted = self.store.purge_session(session.code)
        self.shown_session = None
        self.render()
        self.body.children = [html_block(
            f"<p class='wsp-card' role='status'>"
            f"{safe(self.t('console.purged', code=session.code, answers=deleted))}</p>"),
            *self.body.children]
        return True
