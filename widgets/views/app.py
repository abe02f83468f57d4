"""The participant app: one Voilà page for the whole agenda.

A phone joins once and moves between activities inside this page (no page load, no new
kernel). Each activity is its module notebook, played by ``player.play``. Everything a
participant must get back after a reload (code, language, where they were) is in the store,
and the page keeps ``?sesi=&kode=&bahasa=`` in its address (see the Waspada Voilà template)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import anywidget
import ipywidgets as ipw

from ..content import Catalog, ContentError, cached_catalog
from ..content.agenda import Activity
from ..engines.live import HEARTBEAT_SECONDS
from ..engines.room import Room
from ..engines.store import PageClaim, Participant, Session, Store, normalise_code
from ..participation import (SELF_STUDY_SESSION, TEXT_SIZES, NotAdmitted, Participation,
                             admit, readmit)
from ..paths import NOTEBOOKS
from . import player
from .common import button, column, html_block, row, safe, stylesheet
from .help import help_markup, help_panel
from .readaloud import read_aloud_markup

#: How often a phone looks at the room (the facilitator's pace). One small read.
ROOM_POLL_MS = 1000
#: How often a page behind the join door looks for its claim: a tap on Join waits for this.
DOOR_POLL_MS = 250


def request_query() -> dict[str, str]:
    """The page's query string (``?sesi=&kode=&bahasa=``), waiting for it in a preheated kernel."""
    from ..serve.request import query_string

    return {key: values[0] for key, values in parse_qs(query_string()).items() if values}


def preload() -> None:
    """Do the slow part (content) before a phone arrives: a preheated kernel runs this while it
    waits in Voilà's pool. Heavy libraries (pandas, folium: about 60 MiB per phone) are not
    imported here but by the map and report code when first used (docs/performance.md)."""
    try:
        cached_catalog()
    except ContentError:
        pass  # shown to the room by participant_app(), in words, not as a traceback


class FrontEndReady(anywidget.AnyWidget):
    """Says when the page has drawn the app (``ready.js``). The app changes its screen on its
    own (the join door's claim, the room's pace) only after that: an update the kernel sends
    while the page is still loading its widget models can be lost, leaving a page half old and
    half new (seen as a warning screen with the header and code of the home screen)."""

    _esm = Path(__file__).with_name("ready.js")

    def __init__(self, on_ready) -> None:
        super().__init__(layout={"display": "none"})
        self.on_msg(lambda _widget, content, _buffers: content.get("ready") and on_ready())


class ParticipantApp:
    def __init__(self, catalog: Catalog, store: Store, query: dict[str, str] | None = None,
                 page_id: str | None = None):
        self.catalog = catalog
        self.store = store
        self.query = query or {}
        # Set when the page has Waspada's join door (serve/door.py): the phone joins there, in
        # plain HTML, before this app's widgets have reached it, and the door's claim for this
        # page (its kernel id) is picked up here. None in JupyterLab and nbval: home is a form.
        self.page_id = page_id
        lang = self.query.get("bahasa", "id")
        self.lang = lang if lang in ("id", "en") else "id"
        self.session: Session | None = None
        self.participant: Participant | None = None
        self.activity_id: str | None = None
        self.screen = "home"
        self.room = Room()
        self._poll = None
        self.front_end_ready = False
        self.ready_signal = FrontEndReady(self._on_front_end_ready)
        self._last_heartbeat = 0.0

        self.identity = ipw.HTML("")
        self.identity.add_class("wsp-identity")
        self.brand = html_block("Waspada", "wsp-brand")
        self.code_chip = html_block("", "wsp-code-chip")
        self.language_button = button("", icon="language", classes=("wsp-language",))
        self.language_button.on_click(lambda _: self.switch_language())
        self.help_button = button("", kind="danger", icon="phone", classes=("wsp-help-button",))
        self.help_button.on_click(lambda _: self.toggle_help())
        self.text_size = "normal"
        self.size_button = button("Aa", classes=("wsp-text-size", "wsp-text-size-cycle"))
        self.size_button.on_click(lambda _: self.choose_text_size(
            TEXT_SIZES[(TEXT_SIZES.index(self.text_size) + 1) % len(TEXT_SIZES)]))
        self.header = row([self.brand, self.size_button, self.language_button, self.help_button],
                          "wsp-header")
        self.help_box = ipw.VBox([], layout=ipw.Layout(width="100%", display="none"))
        self._help_lang: str | None = None
        self.help_box.add_class("wsp-help-box")
        self.room_notice = html_block("", "wsp-room-notice")
        self.body = ipw.VBox([], layout=ipw.Layout(width="100%"))
        self.root = column([stylesheet(), self.ready_signal, self.identity, self.header,
                            self.code_chip, self.help_box, self.room_notice, self.body],
                           "wsp-app")

    # ----------------------------------------------------------------- helpers
    def t(self, key: str, **values: object) -> str:
        return self.catalog.strings(key, self.lang, **values)

    @classmethod
    def from_request(cls) -> "ParticipantApp":
        from ..serve.request import door_page_id

        return cls(cached_catalog(), Store.from_environment(), request_query(), door_page_id())

    def show(self) -> ipw.VBox:
        self.resume_from_query()
        self.render()
        return self.root

    def _on_front_end_ready(self) -> None:
        self.front_end_ready = True
        if self.participant is not None or self.page_id:
            self._watch()  # the room's pace, or the join door's claim

    def _app_state(self) -> dict:
        return self.participation().app_state() if self.participant else {}

    def _save_app_state(self, **changes) -> None:
        self.participation().save_app_state(**changes)

    def participation(self, activity: Activity | None = None) -> Participation:
        return Participation(self.store, self.session, self.participant, lang=self.lang,
                             activity=activity.id if activity else "",
                             params=dict(activity.params) if activity else {},
                             on_next=self._next_after(activity))

    def _next_after(self, activity: Activity | None):
        activities = self.catalog.agenda.activities
        if activity is None or activity not in activities:
            return None
        position = activities.index(activity)
        if position + 1 >= len(activities):
            return lambda: self.go("agenda")
        following = activities[position + 1].id
        return lambda: self.go("activity", following)

    # -------------------------------------------------------------- navigation
    def resume_from_query(self) -> None:
        session_code = normalise_code(self.query.get("sesi", ""))
        participant_code = normalise_code(self.query.get("kode", ""))
        if not (session_code and participant_code):
            return
        session = self.store.get_session(session_code)
        participant = session and self.store.get_participant(session.code, participant_code)
        if participant:
            self.enter(session, participant, lang=self.query.get("bahasa") or participant.lang)

    def enter(self, session: Session, participant: Participant, lang: str | None = None) -> None:
        self.session, self.participant = session, participant
        if lang in ("id", "en"):
            self.lang = lang
        self.store.update_participant(session.code, participant.code, lang=self.lang)
        self.room = self.store.room(session.code)
        state = self._app_state()
        if state.get("text_size") in TEXT_SIZES:
            self.text_size = state["text_size"]
        elif self.text_size != "normal":  # chosen on the home screen before joining
            self._save_app_state(text_size=self.text_size)
        if not state.get("warning_seen"):
            self.screen = "warning"
        elif self._room_activity():
            self.screen, self.activity_id = "activity", self._room_activity()
        elif participant.current_activity and self.catalog.agenda.get(participant.current_activity):
            self.screen, self.activity_id = "activity", participant.current_activity
        else:
            self.screen = "agenda"
        self._watch()

    def enter_claimed(self, claim: PageClaim) -> bool:
        """Become the participant the join door admitted for this page."""
        session = self.store.get_session(claim.session_code)
        participant = session and self.store.get_participant(session.code,
                                                             claim.participant_code)
        if not participant:
            return False
        if claim.text_size in TEXT_SIZES:
            self.text_size = claim.text_size
        self.enter(session, participant, lang=claim.lang)
        self.render()
        return True

    # ------------------------------------------------------------ the room's pace
    def _room_activity(self) -> str | None:
        """The activity the facilitator has opened, when this phone follows the room."""
        if self.room.following and self.room.activity and self.catalog.agenda.get(self.room.activity):
            return self.room.activity
        return None

    def _watch(self) -> None:
        """Look at the store about once a second: for the door's claim until the phone has
        joined, then at the room (a self-study phone has no room, so nothing to look at)."""
        if self._poll is not None or not self.front_end_ready:
            return  # started by _on_front_end_ready
        if self.session is not None and self.session.code == SELF_STUDY_SESSION:
            return
        from tornado.ioloop import PeriodicCallback

        every = ROOM_POLL_MS if self.participant is not None else DOOR_POLL_MS
        self._poll = PeriodicCallback(self.poll, every)
        self._poll.start()

    def poll(self) -> None:
        if self.participant is not None:
            self.poll_room()
            return
        try:
            claim = self.store.take_page_claim(self.page_id)
        except Exception:  # the store is busy for a moment: try again next tick
            return
        if claim is None:
            return
        if self._poll is not None:  # from now on at the room's pace
            self._poll.stop()
            self._poll = None
        self.enter_claimed(claim)

    def poll_room(self) -> None:
        """Follow the facilitator: a new order moves this phone; a lock shows a notice."""
        import time

        try:
            room = self.store.room(self.session.code)
            if time.monotonic() - self._last_heartbeat >= HEARTBEAT_SECONDS:
                self._last_heartbeat = time.monotonic()
                self.store.update_participant(self.session.code, self.participant.code)
        except Exception:  # the store is busy or gone for a moment: try again next tick
            return
        if room.rev == self.room.rev:
            return
        before, self.room = self.room, room
        self._show_room_notice()
        if self.screen == "warning" or not room.following:
            return
        target = self._room_activity()
        if target and (self.screen != "activity" or self.activity_id != target):
            self.go("activity", target)
        elif target is None and before.activity is not None and room.activity is None:
            self.go("agenda")

    def _show_room_notice(self) -> None:
        notes = []
        if self.screen == "activity" and self.activity_id and self.room.is_locked(self.activity_id):
            notes.append(self.t("app.activity_locked"))
        self.room_notice.value = "".join(
            f"<p class='wsp-card wsp-warning wsp-locked' role='status'>{safe(n)}</p>"
            for n in notes)

    def go(self, screen: str, activity_id: str | None = None) -> None:
        self.screen = screen
        self.activity_id = activity_id
        self._show_room_notice()
        if self.participant and screen == "activity" and activity_id:
            self.store.update_participant(self.session.code, self.participant.code,
                                          current_activity=activity_id)
            visited = set(self._app_state().get("visited", []))
            self._save_app_state(visited=sorted(visited | {activity_id}))
        self.render()

    def switch_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        if self.participant:
            self.store.update_participant(self.session.code, self.participant.code, lang=self.lang)
        self.render()

    def toggle_help(self, show: bool | None = None) -> None:
        visible = self.help_box.layout.display != "none"
        show = (not visible) if show is None else show
        if show and not self.help_box.children:
            self._fill_help()
        self.help_box.layout.display = "flex" if show else "none"
        self.help_button.description = self.t("app.help_close") if show else self.t("app.help_button")

    def _fill_help(self) -> None:
        """The help panel's widgets, built when it is first opened (and again in another
        language): every screen change would otherwise rebuild them for nothing."""
        close = button(self.t("app.help_close"), classes=("wsp-help-close",))
        close.on_click(lambda _: self.toggle_help(False))
        self.help_box.children = [
            read_aloud_markup(help_markup(self.catalog.help, self.lang, self.t), self.lang, self.t),
            help_panel(self.catalog.help, self.lang, self.t), close]
        self._help_lang = self.lang

    # ------------------------------------------------------------------ screens
    def render(self) -> None:
        self.language_button.description = self.t("app.language_switch")
        self.help_button.description = self.t("app.help_button")
        if self.help_box.children and self._help_lang != self.lang:
            self.help_box.children = []  # rebuilt in the new language when shown
        self.toggle_help(self.help_box.layout.display != "none")
        if self.participant:
            label = self.participant.team_name or ""
            team = f" · {safe(self.t('app.team_label', name=label))}" if label else ""
            self.code_chip.value = (f'<span class="wsp-muted">{safe(self.t("app.your_code"))}:</span> '
                                    f"<strong>{safe(self.participant.code)}</strong>{team}")
            self.identity.value = (f'<span data-sesi="{safe(self.session.code)}" '
                                   f'data-kode="{safe(self.participant.code)}" '
                                   f'data-bahasa="{safe(self.lang)}" '
                                   f'data-size="{safe(self.text_size)}"></span>')
        self._show_text_size()
        screens = {"home": self.home_screen, "warning": self.warning_screen,
                   "agenda": self.agenda_screen, "activity": self.activity_screen}
        screen = screens[self.screen]()
        screen.add_class("wsp-screen")
        self.body.children = [screen]

    def home_screen(self) -> ipw.Widget:
        if self.page_id:  # the page's join door is the form; nothing to draw behind it
            return column([], "wsp-door-home")
        intro = html_block(f"<h1>Waspada</h1><p>{safe(self.t('app.tagline'))}</p>", "wsp-card")
        languages = []
        for code, name in (("id", "Bahasa Indonesia"), ("en", "English")):
            choice = button(("✓ " if self.lang == code else "") + name,
                            kind="primary" if self.lang == code else "default",
                            classes=(f"wsp-lang-{code}",))
            choice.on_click(lambda _, code=code: self._choose_language(code))
            languages.append(choice)
        session_input = ipw.Text(value=normalise_code(self.query.get("sesi", "")),
                                 placeholder=self.t("app.session_code_placeholder"),
                                 description="", layout=ipw.Layout(width="100%"))
        session_input.add_class("wsp-text-input")
        session_input.add_class("wsp-session-input")
        team_toggle = ipw.Checkbox(value=False, description=self.t("app.team_toggle"), indent=False)
        team_toggle.add_class("wsp-team-toggle")
        team_input = ipw.Text(placeholder=self.t("app.team_name_placeholder"),
                              layout=ipw.Layout(width="100%", display="none"))
        team_input.add_class("wsp-text-input")
        team_input.add_class("wsp-team-input")
        team_toggle.observe(lambda change: setattr(team_input.layout, "display",
                                                   "flex" if change["new"] else "none"), "value")
        message = html_block("", "wsp-message")
        join = button(self.t("app.join_button"), kind="primary", icon="sign-in",
                      classes=("wsp-join",))
        join.on_click(lambda _: self._join(session_input.value, team_toggle.value,
                                           team_input.value, message))
        alone = button(self.t("app.self_study_button"), classes=("wsp-self-study",))
        alone.on_click(lambda _: self._join(SELF_STUDY_SESSION, False, "", message))
        code_input = ipw.Text(placeholder=self.t("app.participant_code_placeholder"),
                              layout=ipw.Layout(width="100%"))
        code_input.add_class("wsp-text-input")
        code_input.add_class("wsp-resume-input")
        resume = button(self.t("app.resume_button"), classes=("wsp-resume",))
        resume.on_click(lambda _: self._resume(session_input.value, code_input.value, message))
        return column([
            intro,
            row(languages, "wsp-languages"),
            self.text_size_choices(),
            html_block(f"<label><strong>{safe(self.t('app.session_code_label'))}</strong></label>"),
            session_input, team_toggle, team_input, join, message,
            html_block(f"<p class='wsp-muted'>{safe(self.t('app.resume_label'))}</p>"),
            code_input, resume,
            html_block(f"<p class='wsp-muted'>{safe(self.t('app.privacy_note'))}</p>"),
            alone,
        ], "wsp-home")

    # -------------------------------------------------------------- text size
    def choose_text_size(self, size: str) -> None:
        """Kept in the participant's app state in the store (not only on this phone), so it
        follows them after a reload or onto a neighbour's phone."""
        self.text_size = size if size in TEXT_SIZES else "normal"
        if self.participant:
            self._save_app_state(text_size=self.text_size)
        self.render()

    def _show_text_size(self) -> None:
        for name in (*TEXT_SIZES, *("id", "en")):
            self.root.remove_class(f"wsp-size-{name}")
            self.root.remove_class(f"wsp-content-{name}")
        self.root.add_class(f"wsp-size-{self.text_size}")
        self.root.add_class(f"wsp-content-{self.lang}")  # the template script sets lang= from it
        name = self.t(f"app.text_size_{self.text_size.replace('-', '_')}")
        self.size_button.tooltip = self.t("app.text_size_now", size=name)

    def text_size_choices(self) -> ipw.Widget:
        choices = []
        for size in TEXT_SIZES:
            name = self.t(f"app.text_size_{size.replace('-', '_')}")
            chosen = button(("✓ " if size == self.text_size else "") + name,
                            kind="primary" if size == self.text_size else "default",
                            classes=("wsp-text-size", f"wsp-size-choice-{size}"))
            chosen.layout.width = "auto"
            chosen.layout.flex = "1 1 30%"
            chosen.on_click(lambda _, size=size: self.choose_text_size(size))
            choices.append(chosen)
        return column([html_block(f"<strong>{safe(self.t('app.text_size'))}</strong>"),
                       row(choices, "wsp-text-size-choices")], "wsp-text-size-home")

    def _choose_language(self, code: str) -> None:
        self.lang = code
        self.render()

    def _say(self, message: ipw.HTML, text: str) -> None:
        message.value = f'<p class="wsp-card wsp-warning" role="alert">{safe(text)}</p>'

    def _join(self, typed: str, as_team: bool, team_name: str, message: ipw.HTML) -> None:
        try:
            session, participant = admit(self.store, typed, lang=self.lang,
                                         team_name=team_name if as_team else None)
        except NotAdmitted as refused:
            self._say(message, self.t(refused.key, **refused.values))
            return
        self.enter(session, participant)
        self.render()

    def _resume(self, typed_session: str, typed_code: str, message: ipw.HTML) -> None:
        try:
            session, participant = readmit(self.store, typed_session, typed_code)
        except NotAdmitted as refused:
            self._say(message, self.t(refused.key, **refused.values))
            return
        self.enter(session, participant, lang=participant.lang)
        self.render()

    def warning_screen(self) -> ipw.Widget:
        ok = button(self.t("app.warning_ok"), kind="primary", classes=("wsp-warning-ok",))

        def accept(_):
            self._save_app_state(warning_seen=True)
            target = self._room_activity()
            self.go("activity", target) if target else self.go("agenda")

        ok.on_click(accept)
        warning = (f"<h2>{safe(self.t('app.warning_title'))}</h2>"
                   f"<p>{safe(self.catalog.help.content_warning(self.lang))}</p>"
                   f"<p><strong>{safe(self.catalog.help.call_first(self.lang))}</strong></p>")
        return column([
            html_block(f"<h2>{safe(self.t('app.your_code'))}</h2>"
                       f'<p class="wsp-code">{safe(self.participant.code)}</p>'
                       f"<p>{safe(self.t('app.your_code_note'))}</p>", "wsp-card"),
            read_aloud_markup(warning, self.lang, self.t,
                              self.catalog.help.content_warning.recording(self.lang)),
            html_block(warning, "wsp-card", "wsp-warning"),
            ok,
        ], "wsp-warning-screen")

    def agenda_screen(self) -> ipw.Widget:
        activities = self.catalog.agenda.activities
        visited = set(self._app_state().get("visited", []))
        items: list[ipw.Widget] = [html_block(
            f"<h2>{safe(self.t('app.agenda_title'))}</h2>"
            f"<p class='wsp-muted'>{safe(self.t('app.session_label', name=self.session.name))}</p>")]
        if not activities:
            items.append(html_block(f"<p>{safe(self.t('app.no_activities'))}</p>", "wsp-card"))
        open_now = self._room_activity()
        for number, activity in enumerate(activities, start=1):
            mark = f" ✓ {self.t('app.visited')}" if activity.id in visited else ""
            if activity.id == open_now:
                mark += f" · ● {self.t('app.open_now')}"
            entry = button(f"{number}. {activity.title(self.lang)} · "
                           f"{self.t('app.minutes', minutes=activity.minutes)}{mark}",
                           classes=(f"wsp-nav-{activity.id}", "wsp-nav"))
            entry.on_click(lambda _, a=activity.id: self.go("activity", a))
            items.append(column([entry, html_block(
                f"<p class='wsp-muted'>{safe(activity.summary(self.lang))}</p>")]))
        return column(items, "wsp-agenda")

    def activity_screen(self) -> ipw.Widget:
        activities = self.catalog.agenda.activities
        activity = self.catalog.agenda.get(self.activity_id or "")
        if activity is None:
            self.screen = "agenda"
            return self.agenda_screen()
        position = activities.index(activity)
        back = button("← " + self.t("app.back_to_agenda"), classes=("wsp-nav-agenda",))
        back.on_click(lambda _: self.go("agenda"))
        footer: list[ipw.Widget] = [back]
        if position + 1 < len(activities):
            following = activities[position + 1]
            onward = button(f"{self.t('app.next_activity')}: {following.title(self.lang)} →",
                            kind="primary", classes=("wsp-nav-next",))
            onward.on_click(lambda _: self.go("activity", following.id))
            footer.append(onward)
        # A breadcrumb, not a title: the module notebook opens with its own heading.
        where = self.t("app.activity_position", number=position + 1, total=len(activities))
        heading = html_block(f"<p class='wsp-progress'>{safe(where)} · "
                             f"{safe(activity.title(self.lang))} · "
                             f"{safe(self.t('app.minutes', minutes=activity.minutes))}</p>")
        module = player.play(NOTEBOOKS / activity.notebook, self.participation(activity),
                             self.t("app.cell_error"))
        return column([heading, module, column(footer, "wsp-footer")],
                      f"wsp-activity-{activity.id}", "wsp-activity")


def content_problem_screen(error: ContentError) -> ipw.Widget:
    """What the room sees when a trainer's file is broken: a plain message, never a traceback.
    (Interface strings may be the broken file, so this text lives here, in both languages.)"""
    listed = "".join(f"<li>{safe(problem)}</li>" for problem in error.problems[:10])
    return column([stylesheet(), html_block(
        "<h2>Materi lokakarya perlu diperbaiki</h2>"
        "<p>Ada file materi yang salah. Fasilitator: jalankan <code>waspada check</code> di laptop "
        "dan perbaiki yang disebutkan.</p>"
        "<h2 lang='en'>The workshop content needs a fix</h2>"
        "<p lang='en'>A content file has a mistake. Facilitator: run <code>waspada check</code> on "
        "the laptop and fix what it names.</p>"
        f"<ul class='wsp-muted'>{listed}</ul>", "wsp-card", "wsp-warning", "wsp-screen")],
        "wsp-app")


def participant_app() -> ipw.Widget:
    """The participant app for this page's request (the one call in peserta.ipynb)."""
    try:
        return ParticipantApp.from_request().show()
    except ContentError as error:
        return content_problem_screen(error)
