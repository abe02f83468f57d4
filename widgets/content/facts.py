"""``waspada facts``: every fact a participant sees, with its citations and the date it was last
confirmed, oldest first — the list a facilitator, a lawyer or a native speaker goes through
before a workshop (docs/review.md). Facts older than a limit are flagged; ``waspada check``
warns about them but does not fail, because an old fact may still be true."""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from pydantic import BaseModel

from .base import Citation, Text, cite

#: Default age after which a fact should be confirmed again (issue 9).
MAX_AGE_MONTHS = 12
#: Fields that name a fact for people, tried in this order.
LABEL_FIELDS = ("title", "name", "short", "statement", "situation", "what", "about")


@dataclass(frozen=True)
class Fact:
    """One sourced statement in the content and where it sits."""

    where: str
    label: str
    source: tuple[Citation, ...] | str
    as_of: str
    review_note: Text | None = None

    @property
    def checked(self) -> date:
        """The first day of the period ``as_of`` names: the oldest the confirmation may be."""
        parts = [int(p) for p in self.as_of.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    def age_months(self, today: date) -> int:
        months = (today.year - self.checked.year) * 12 + today.month - self.checked.month
        return max(0, months - (1 if today.day < self.checked.day else 0))

    def is_old(self, today: date, max_age_months: int = MAX_AGE_MONTHS) -> bool:
        return self.age_months(today) > max_age_months


def _label(model: BaseModel) -> str:
    for name in LABEL_FIELDS:
        value = getattr(model, name, None)
        if isinstance(value, Text):
            return " ".join(value.id.split())
        if isinstance(value, str) and value:
            return value
    return ""


def _walk(value: Any, path: str, seen: set[int]) -> Iterator[Fact]:
    if id(value) in seen:
        return
    join = (lambda key: f"{path}.{key}") if path else str
    if isinstance(value, BaseModel):
        seen.add(id(value))
        source = getattr(value, "source", None)
        as_of = getattr(value, "as_of", None)
        if source and isinstance(as_of, str):
            yield Fact(path, _label(value), source, as_of, getattr(value, "review_note", None))
        for name in type(value).model_fields:
            if name not in ("source", "review_note"):
                yield from _walk(getattr(value, name), join(name), seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, join(key), seen)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            key = getattr(item, "id", None) if isinstance(getattr(item, "id", None), str) else index
            yield from _walk(item, join(key), seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), join(field.name), seen)


def collect(catalog) -> list[Fact]:
    """Every sourced fact in the catalog, oldest first (then by where it sits)."""
    parts = {"help": catalog.help, **catalog.extra}
    facts = list(_walk(parts, "", set()))
    return sorted(facts, key=lambda f: (f.checked, f.where))


def old_facts(facts: list[Fact], today: date, max_age_months: int = MAX_AGE_MONTHS) -> list[Fact]:
    return [fact for fact in facts if fact.is_old(today, max_age_months)]


def report(facts: list[Fact], today: date, max_age_months: int = MAX_AGE_MONTHS,
           lang: str = "id") -> str:
    """The review list as plain text: one block per fact, old ones marked."""
    lines = []
    for fact in facts:
        age = fact.age_months(today)
        mark = f"OLD {age} months" if fact.is_old(today, max_age_months) else f"{age} months"
        lines.append(f"[{mark}] as_of {fact.as_of}  {fact.where}")
        if fact.label:
            lines.append(f"    {fact.label}")
        lines.append(f"    source: {cite(fact.source, lang)}")
        lines += [f"      {c.url}" for c in fact.source if isinstance(c, Citation) and c.url]
        if fact.review_note is not None:
            lines.append(f"    review note: {fact.review_note(lang)}")
    old = len(old_facts(facts, today, max_age_months))
    lines.append(f"\n{len(facts)} facts; {old} older than {max_age_months} months "
                 f"(as of {today.isoformat()}).")
    return "\n".join(lines)


def _today(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def run_facts(args: argparse.Namespace) -> int:
    from .base import ContentError
    from .catalog import load_catalog

    try:
        catalog = load_catalog(args.datasets)
    except ContentError as exc:
        print(f"The content has problems; fix them first (waspada check):\n{exc}")
        return 1
    facts = collect(catalog)
    today = _today(args.today)
    if args.old_only:
        facts = old_facts(facts, today, args.max_age_months)
    print(report(facts, today, args.max_age_months, args.lang))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..cli import datasets_option

    parser = subparsers.add_parser(
        "facts", help="list every fact participants see, oldest first",
        description="List every fact a participant sees (help contacts, law notes, card and "
                    "lesson sources, map facts) with its citations and as_of date, oldest "
                    "first, and flag the ones older than --max-age-months. See docs/review.md.")
    datasets_option(parser)
    parser.add_argument("--max-age-months", type=int, default=MAX_AGE_MONTHS, metavar="N",
                        help=f"flag facts confirmed more than N months ago (default {MAX_AGE_MONTHS})")
    parser.add_argument("--old-only", action="store_true", help="list only the flagged facts")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="language of the review notes and dates (default id)")
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                        help="count ages from this date instead of today")
    parser.set_defaults(func=run_facts)


def warn_old(catalog, today: date | None = None, max_age_months: int = MAX_AGE_MONTHS) -> str | None:
    """The warning ``waspada check`` prints about old facts, or None when every fact is recent."""
    facts = collect(catalog)
    old = old_facts(facts, today or date.today(), max_age_months)
    if not old:
        return None
    return (f"Warning: {len(old)} of {len(facts)} facts were last confirmed more than "
            f"{max_age_months} months ago. Run `waspada facts --old-only` and confirm them "
            f"(see docs/review.md).")


__all__ = ["Fact", "MAX_AGE_MONTHS", "collect", "old_facts", "register", "report", "warn_old"]
