"""Where the facilitator has sent the room: one small value per session, kept in
``sessions.settings["room"]`` and polled by every phone in the session (about once a second)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

FOLLOW, FREE = "follow", "free"
MODES = (FOLLOW, FREE)


@dataclass(frozen=True)
class Room:
    """What the facilitator has set for a session. Kept in ``sessions.settings["room"]``;
    ``rev`` grows with every change so a phone can tell a new order from an old one."""

    mode: str = FOLLOW
    activity: str | None = None
    locked: frozenset[str] = frozenset()
    revealed: frozenset[str] = frozenset()
    closed: bool = False
    rev: int = 0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> "Room":
        raw = (settings or {}).get("room") or {}
        mode = raw.get("mode", FOLLOW)
        return cls(mode=mode if mode in MODES else FOLLOW,
                   activity=raw.get("activity") or None,
                   locked=frozenset(raw.get("locked") or ()),
                   revealed=frozenset(raw.get("revealed") or ()),
                   closed=bool(raw.get("closed", False)),
                   rev=int(raw.get("rev", 0) or 0))

    def to_settings(self) -> dict[str, Any]:
        return {"mode": self.mode, "activity": self.activity, "locked": sorted(self.locked),
                "revealed": sorted(self.revealed), "closed": self.closed, "rev": self.rev}

    @property
    def following(self) -> bool:
        return self.mode == FOLLOW

    def is_locked(self, activity: str) -> bool:
        return activity in self.locked

    def is_revealed(self, activity: str) -> bool:
        return activity in self.revealed

    def changed(self, **changes: Any) -> "Room":
        """A copy with ``changes`` applied and the revision moved on."""
        for key in ("locked", "revealed"):
            if key in changes:
                changes[key] = frozenset(changes[key])
        if changes.get("mode", self.mode) not in MODES:
            raise ValueError(f"room mode must be one of {MODES}")
        return replace(self, **changes, rev=self.rev + 1)

    def toggled(self, key: str, activity: str) -> "Room":
        """Lock/unlock or reveal/hide one activity."""
        current: frozenset[str] = getattr(self, key)
        return self.changed(**{key: current ^ {activity}})
