"""A village's action plan as plain data: what the view edits, the store keeps and the printers
print. Pure Python so the rules (three actions, known risks and contacts only, length limits)
are tested without a screen."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

#: Longest text kept in one field (a plan is a page, not an essay).
MAX_TEXT = 300
ACTION_COUNT = 3
PLAN_ITEM_PREFIX = "plan:"


def _text(value: Any) -> str:
    return str(value or "").strip()[:MAX_TEXT]


@dataclass(frozen=True)
class Action:
    what: str = ""
    who: str = ""
    by_when: str = ""

    @property
    def empty(self) -> bool:
        return not (self.what or self.who or self.by_when)


@dataclass(frozen=True)
class Plan:
    village: str = ""
    risks: tuple[str, ...] = ()
    risks_other: str = ""
    actions: tuple[Action, ...] = field(default_factory=lambda: (Action(),) * ACTION_COUNT)
    call: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.village or self.risks or self.risks_other or self.call
                    or any(not a.empty for a in self.actions))

    @property
    def complete(self) -> bool:
        """A plan the facilitator can count as done: a village and three actions written."""
        return bool(self.village) and all(a.what for a in self.actions)

    def to_state(self) -> dict:
        return {"village": self.village, "risks": list(self.risks),
                "risks_other": self.risks_other,
                "actions": [{"what": a.what, "who": a.who, "by_when": a.by_when}
                            for a in self.actions],
                "call": list(self.call)}

    @classmethod
    def from_state(cls, state: dict | None, stages: Iterable[str] = (),
                   contacts: Iterable[str] = ()) -> "Plan":
        """Rebuild a saved plan; unknown stages or contacts (content changed since) are dropped."""
        state = state or {}
        stages, contacts = list(stages), list(contacts)
        raw_actions = list(state.get("actions") or [])[:ACTION_COUNT]
        actions = [Action(_text(a.get("what")), _text(a.get("who")), _text(a.get("by_when")))
                   if isinstance(a, dict) else Action() for a in raw_actions]
        actions += [Action()] * (ACTION_COUNT - len(actions))
        risks = [r for r in state.get("risks") or [] if not stages or r in stages]
        call = [c for c in state.get("call") or [] if not contacts or c in contacts]
        return cls(_text(state.get("village")), tuple(_order(risks, stages)),
                   _text(state.get("risks_other")), tuple(actions),
                   tuple(_order(call, contacts)))

    # Each edit returns a new plan, and the (item, answer) the store records for it.
    def with_village(self, text: str) -> tuple["Plan", str, str]:
        new = replace(self, village=_text(text))
        return new, "village", new.village

    def with_risk(self, stage: str, chosen: bool, order: Iterable[str] = ()) -> tuple["Plan", str, str]:
        risks = set(self.risks) | {stage} if chosen else set(self.risks) - {stage}
        new = replace(self, risks=tuple(_order(risks, list(order))))
        return new, f"risk:{stage}", "ya" if chosen else "tidak"

    def with_risks_other(self, text: str) -> tuple["Plan", str, str]:
        new = replace(self, risks_other=_text(text))
        return new, "risks_other", new.risks_other

    def with_action(self, index: int, part: str, text: str) -> tuple["Plan", str, str]:
        if part not in ("what", "who", "by_when") or not 0 <= index < ACTION_COUNT:
            raise ValueError(f"no action part {index}.{part}")
        actions = list(self.actions)
        actions[index] = replace(actions[index], **{part: _text(text)})
        new = replace(self, actions=tuple(actions))
        return new, f"action:{index + 1}:{part}", getattr(actions[index], part)

    def with_call(self, contact: str, chosen: bool, order: Iterable[str] = ()) -> tuple["Plan", str, str]:
        call = set(self.call) | {contact} if chosen else set(self.call) - {contact}
        new = replace(self, call=tuple(_order(call, list(order))))
        return new, f"call:{contact}", "ya" if chosen else "tidak"


def _order(chosen: Iterable[str], order: list[str]) -> list[str]:
    """Chosen ids in the content's order (so a plan reads the same however it was clicked)."""
    chosen = list(dict.fromkeys(chosen))
    if not order:
        return sorted(chosen)
    return [item for item in order if item in chosen]


def latest_plans(answers: Iterable[Any]) -> dict[str, dict]:
    """participant code → the newest plan state, from stored answers whose detail carries
    ``{"plan": state}`` (each answer stores the whole plan after its change)."""
    plans: dict[str, dict] = {}
    for answer in answers:
        plan = (answer.detail or {}).get("plan")
        if answer.item.startswith(PLAN_ITEM_PREFIX) and isinstance(plan, dict):
            plans[answer.participant_code] = plan
    return plans
