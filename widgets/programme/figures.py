"""The programme report's numbers, computed from the programme store and the content.

Pure Python (no ipywidgets, no HTML): the same figures feed ``programme.html``,
``programme.pdf`` and ``sessions.csv``. Tallies and small-cell suppression are the live
engine's (``engines.live``), so a programme report and a session report never disagree on
what is hidden; scenario endings come from ``engines.scenario.tally``.

Answers are keyed by laptop id + session code + participant code before any tally, so two
laptops that drew the same codes are never counted as one person. Red-flag cards are counted
per content version (the fingerprint recorded at export): a card reworded between kit versions
shows as two rows rather than one mixed figure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Sequence

from ..content.geo import Geo
from ..engines import live
from ..engines.scenario import tally
from .store import ProgrammeSession, ProgrammeStore, VersionedAnswer
from . import gain as gain_engine

#: Per-district knowledge gain is shown only from this many paired participants up (issue 12):
#: below it the interval is too wide to say anything about one district.
MIN_PAIRS_PER_DISTRICT = 10
#: How many of the hardest red-flag cards the report lists.
HARDEST_CARDS = 10


@dataclass(frozen=True)
class DistrictRow:
    code: str
    name: str
    short_name: str
    position: tuple[float, float] | None
    workshops: int
    people: int
    teams: int
    answers: int
    gain: gain_engine.Gain | None = None

    @property
    def people_shown(self) -> bool:
        return self.people == 0 or not live.suppressed(self.people)


@dataclass(frozen=True)
class CardRow:
    card: str
    version: int | None  # 1, 2… when the card's content changed between sessions, else None
    fingerprint: str
    people: int
    share_right: float
    right: str


@dataclass(frozen=True)
class EndingRow:
    scenario: str
    ending: str
    kind: str | None  # safe / harmed / mixed
    plays: int  # suppressed when fewer than 3
    version: int | None = None  # 1, 2… when the scenario file changed between sessions


@dataclass(frozen=True)
class SessionRow:
    session: ProgrammeSession
    people: int
    teams: int
    answers: int


@dataclass
class ProgrammeFigures:
    start: date | None
    end: date | None
    sessions: list[SessionRow]
    districts: list[DistrictRow]  # every district of the province, focus districts first
    unplaced: int  # workshops whose district was not given
    people: int
    teams: int
    answers: int
    gain: gain_engine.Gain | None
    cards: list[CardRow]
    endings: list[EndingRow]
    content_versions: int

    @property
    def workshops(self) -> int:
        return len(self.sessions)

    @property
    def districts_reached(self) -> int:
        return sum(1 for d in self.districts if d.workshops)


def _keyed(answers: Iterable[VersionedAnswer]) -> list[VersionedAnswer]:
    """Participant codes made unique across the programme: laptop/SESSION/CODE."""
    return [replace(a, participant_code=f"{a.session_code}/{a.participant_code}")
            for a in answers]


def card_rows(answers: Sequence[VersionedAnswer], card_piles: dict[str, str]) -> list[CardRow]:
    """Share of people who put each card in its agreed pile, per content version, hardest
    first; cards fewer than 3 people sorted are left out (``live.hardest_first``)."""
    by_version: dict[tuple[str, str], list[VersionedAnswer]] = {}
    for answer in answers:
        if answer.item in card_piles:
            by_version.setdefault((answer.item, answer.fingerprint), []).append(answer)
    versions_of: dict[str, list[str]] = {}
    for card, fingerprint in sorted(by_version):
        versions_of.setdefault(card, []).append(fingerprint)
    rows: list[CardRow] = []
    for (card, fingerprint), given in by_version.items():
        # The pile that counted as right for that version: what a right answer said, else today's.
        right = next((a.answer for a in given if a.correct), card_piles[card])
        for tallied in live.hardest_first(live.item_tallies(given, {card: right})):
            several = len(versions_of[card]) > 1
            rows.append(CardRow(card, versions_of[card].index(fingerprint) + 1 if several
                                else None, fingerprint, tallied.answered,
                                tallied.share_right or 0.0, right))
    return sorted(rows, key=lambda r: (r.share_right, -r.people, r.card, r.version or 0))


def ending_rows(answers: Sequence[VersionedAnswer], kinds: dict[tuple[str, str], str]
                ) -> list[EndingRow]:
    """How many first plays reached each ending of each scenario, per version of the scenario
    file (counts under 3 are kept here and hidden by the report through ``live.suppressed``)."""
    by_version: dict[str, list[VersionedAnswer]] = {}
    for answer in answers:
        if (answer.detail or {}).get("scenario"):
            by_version.setdefault(answer.fingerprint, []).append(answer)
    tallies = [(fingerprint, tallied) for fingerprint, given in by_version.items()
               for tallied in tally(given, first_play_only=True).values()]
    versions: dict[str, list[str]] = {}
    for fingerprint, tallied in sorted(tallies, key=lambda ft: (ft[1].scenario, ft[0])):
        versions.setdefault(tallied.scenario, []).append(fingerprint)
    rows = []
    for fingerprint, tallied in tallies:
        name, known = tallied.scenario, versions[tallied.scenario]
        for ending, plays in tallied.endings.items():
            rows.append(EndingRow(name, ending, kinds.get((name, ending)), plays,
                                  known.index(fingerprint) + 1 if len(known) > 1 else None))
    return sorted(rows, key=lambda r: (r.scenario, r.version or 0, -r.plays, r.ending))


def compute(store: ProgrammeStore, geo: Geo, card_piles: dict[str, str],
            ending_kinds: dict[tuple[str, str], str], quiz: gain_engine.Quiz | None,
            start: date | None = None, end: date | None = None) -> ProgrammeFigures:
    """Every figure of the programme report for sessions held between ``start`` and ``end``."""
    sessions = store.sessions(start, end)
    people_of = store.participants(sessions)
    answers = _keyed(store.answers(sessions))
    answers_of = Counter(a.session_code for a in answers)
    rows = [SessionRow(s, len(people_of[s.id]), sum(1 for p in people_of[s.id] if p["team"]),
                       answers_of[s.key]) for s in sessions]
    district_of = {s.key: s.district_code for s in sessions}
    districts = []
    for district in geo.ordered_districts():
        here = [r for r in rows if r.session.district_code == district.code]
        district_gain = None
        if quiz is not None and here:
            found = gain_engine.gain([a for a in answers
                                      if district_of[a.session_code] == district.code], quiz)
            if found is not None and found.pairs >= MIN_PAIRS_PER_DISTRICT:
                district_gain = found
        districts.append(DistrictRow(
            district.code, district.name, district.short_name, district.position, len(here),
            sum(r.people for r in here), sum(r.teams for r in here),
            sum(r.answers for r in here), district_gain))
    unplaced = sum(1 for r in rows if r.session.district_code not in geo.districts)
    return ProgrammeFigures(
        start=start, end=end, sessions=rows, districts=districts, unplaced=unplaced,
        people=sum(r.people for r in rows), teams=sum(r.teams for r in rows),
        answers=len(answers),
        gain=gain_engine.gain(answers, quiz) if quiz is not None else None,
        cards=card_rows(answers, card_piles)[:HARDEST_CARDS],
        endings=ending_rows(answers, ending_kinds),
        content_versions=len({s.content_hash for s in sessions}))
