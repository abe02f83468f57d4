"""Who is answering, in which session, in which language, in which activity.

Views receive a ``Participation`` and call ``record`` for every answer; they never touch the
store directly. When a module notebook runs on its own (JupyterLab, or Voilà on one notebook)
there is no app around it, so ``current()`` makes a self-study participation."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .engines.store import Participant, Session, Store

SELF_STUDY_SESSION = "MANDIRI"


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

    def record(self, item: str, answer: str, correct: bool | None = None,
               detail: dict | None = None, activity: str | None = None) -> int:
        """Commit an answer; returns once it is durable, so feedback may follow."""
        return self.store.record_answer(
            self.session.code, self.participant.code, activity or self.activity or "lab",
            item, answer, correct, detail)

    def save_progress(self, state: dict, activity: str | None = None) -> None:
        self.store.save_progress(self.session.code, self.participant.code,
                                 activity or self.activity or "lab", state)

    def load_progress(self, activity: str | None = None) -> dict | None:
        return self.store.load_progress(self.session.code, self.participant.code,
                                        activity or self.activity or "lab")

    def t(self, key: str, **values: object) -> str:
        """An interface string (``datasets/strings/<area>.yaml``) in this participant's language."""
        from .content import cached_catalog
        return cached_catalog().strings(key, self.lang, **values)

    def for_activity(self, activity: str, params: dict | None = None) -> "Participation":
        return replace(self, activity=activity, params=dict(params or {}))


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
