"""Who is answering, in which session, in which language, in which activity.

Views receive a ``Participation`` and call ``record`` for every answer; they never touch the
store directly. When a module notebook runs on its own (JupyterLab, or Voilà on one notebook)
there is no app around it, so ``current()`` makes a self-study participation."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .engines.store import Participant, Session, SessionClosed, Store, normalise_code

SELF_STUDY_SESSION = "MANDIRI"
#: The progress row where the app keeps what is not one activity's: warning seen, visited and
#: finished activities.
APP_STATE = "_app"
#: Text sizes a participant can choose, kept in the app state (class ``wsp-size-<size>``).
TEXT_SIZES = ("normal", "large", "very-large")


class ActivityLocked(Exception):
    """The facilitator has closed answers for this activity (its feedback stays readable)."""


@dataclass
class Participation:
    store: Store
    session: Session
    participant: Participant
    lang: str = "id"
    activity: str = ""
    #: Settings the facilitator or the agenda passed to the current activity
    #: (e.g. which stages of red-flag cards, how many).
    params: dict[str, Any] = field(default_factory=dict)
    facilitator: bool = False
    #: Set by the participant app: moves the participant on to the next activity.
    on_next: Callable[[], None] | None = None
    #: Exercises on the activity's page (registered by each view as the module plays); the
    #: activity counts as finished once each of them has reached its end.
    parts: set[str] = field(default_factory=set)

    def record(self, item: str, answer: str, correct: bool | None = None,
               detail: dict | None = None, activity: str | None = None) -> int:
        """Commit an answer; returns once it is durable, so feedback may follow.
        Raises ``ActivityLocked`` when the facilitator has closed answers for the activity."""
        if self.store.room(self.session.code).is_locked(activity or self.activity):
            raise ActivityLocked(activity or self.activity)
        return self.store.record_answer(
            self.session.code, self.participant.code, activity or self.activity or "lab",
            item, answer, correct, detail)

    def save_progress(self, state: dict, activity: str | None = None) -> None:
        self.store.save_progress(self.session.code, self.participant.code,
                                 activity or self.activity or "lab", state)

    def load_progress(self, activity: str | None = None) -> dict | None:
        return self.store.load_progress(self.session.code, self.participant.code,
                                        activity or self.activity or "lab")

    def app_state(self) -> dict:
        return self.store.load_progress(self.session.code, self.participant.code, APP_STATE) or {}

    def save_app_state(self, **changes: Any) -> None:
        self.store.save_progress(self.session.code, self.participant.code, APP_STATE,
                                 {**self.app_state(), **changes})

    def expect(self, part: str) -> None:
        """An exercise on this page the participant must finish before the activity counts as
        finished (views register themselves as the module plays)."""
        self.parts.add(part)

    def finished(self, part: str | None = None, activity: str | None = None) -> None:
        """The participant reached the end of ``part`` (an exercise registered with ``expect``)
        or of the whole activity; once every part is done the activity counts as finished for
        the facilitator's "finished" figure."""
        activity = activity or self.activity
        if not activity:
            return
        state = self.app_state()
        done_parts = set(state.get("parts", {}).get(activity, []))
        if part:
            done_parts.add(part)
        finished = set(state.get("finished", []))
        if activity in finished and (not part or part in state.get("parts", {}).get(activity, [])):
            return
        changes: dict[str, Any] = {"parts": {**state.get("parts", {}),
                                             activity: sorted(done_parts)}}
        if self.parts <= done_parts:
            changes["finished"] = sorted(finished | {activity})
        self.save_app_state(**changes)

    def t(self, key: str, **values: object) -> str:
        """An interface string (``datasets/strings/<area>.yaml``) in this participant's language."""
        from .content import cached_catalog
        return cached_catalog().strings(key, self.lang, **values)

    def for_activity(self, activity: str, params: dict | None = None) -> "Participation":
        return replace(self, activity=activity, params=dict(params or {}))


class NotAdmitted(Exception):
    """Why a phone could not join or come back, as an interface string (``app.*`` key with its
    values), so the join form says it in the participant's language."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key, self.values = key, values


def find_session(store: Store, typed: str) -> Session:
    """The session whose code a participant typed (any case, spaces ignored)."""
    code = normalise_code(typed)
    if not code:
        raise NotAdmitted("app.missing_session")
    if code == SELF_STUDY_SESSION:
        return store.ensure_session(SELF_STUDY_SESSION, "Belajar mandiri / Self-study")
    session = store.get_session(code)
    if session is None:
        raise NotAdmitted("app.unknown_session", code=code)
    return session


def admit(store: Store, typed_session: str, lang: str = "id",
          team_name: str | None = None) -> tuple[Session, Participant]:
    """A new participant (``team_name`` not None: a group sharing one phone, which must be
    named). One rule for the app's home screen and the page's join door."""
    session = find_session(store, typed_session)
    if team_name is not None and not team_name.strip():
        raise NotAdmitted("app.team_name_needed")
    try:
        return session, store.join(session.code, lang=lang, team_name=team_name)
    except SessionClosed:
        raise NotAdmitted("app.session_closed") from None


def readmit(store: Store, typed_session: str, typed_code: str) -> tuple[Session, Participant]:
    """A participant coming back with the code they wrote down."""
    session = find_session(store, typed_session)
    participant = store.get_participant(session.code, typed_code)
    if participant is None:
        raise NotAdmitted("app.unknown_participant", code=normalise_code(typed_code))
    return session, participant


_current: Participation | None = None


def set_current(participation: Participation | None) -> None:
    global _current
    _current = participation


def current() -> Participation:
    """The app's participation, or a self-study one for a module notebook opened alone."""
    global _current
    if _current is None:
        store = Store.from_environment()
        session = store.ensure_session(SELF_STUDY_SESSION, "Belajar mandiri / Self-study")
        lang = os.environ.get("WASPADA_LANG", "id")
        participant = store.join(session.code, lang=lang)
        _current = Participation(store, session, participant, lang=lang)
    return _current
