"""Scoring for the "Kenali TPPO" exercises: the three elements, the departure stories and the
legal-departure checklist. Pure functions over plain values, so the rules a participant is
judged by can be read and tested in one place.

The three elements of UU 21/2007 are PROSES (the act), CARA (the means) and TUJUAN (the purpose
of exploitation). A case states for each element ``ya`` (in the story), ``tidak`` (clearly not)
or ``belum-jelas`` (the story does not tell yet). The verdict follows from them: all three → TPPO;
one clearly missing → not TPPO; otherwise → we do not know yet, and someone must find out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

ELEMENTS = ("proses", "cara", "tujuan")
ELEMENT_STATES = ("ya", "tidak", "belum-jelas")
VERDICTS = ("tppo", "bukan-tppo", "belum-tahu")

DEPARTURE_VERDICTS = ("prosedural", "non-prosedural")
UNSURE = "tidak-yakin"

CHECK_ANSWERS = ("ya", "tidak", "belum-tahu")


# --------------------------------------------------------------------------- three elements

def element_verdict(status: Mapping[str, str]) -> str:
    """The verdict the elements support (the rule a case's author must follow)."""
    states = [status[element] for element in ELEMENTS]
    if all(state == "ya" for state in states):
        return "tppo"
    if any(state == "tidak" for state in states):
        return "bukan-tppo"
    return "belum-tahu"


@dataclass(frozen=True)
class ElementMark:
    element: str
    state: str          # what the case says: ya / tidak / belum-jelas
    marked: bool        # the participant marked it as present
    #: True right, False wrong, None when the story leaves it open (either mark is accepted).
    right: bool | None


@dataclass(frozen=True)
class ElementsResult:
    chosen: str
    verdict: str
    marks: tuple[ElementMark, ...]

    @property
    def verdict_right(self) -> bool:
        return self.chosen == self.verdict

    @property
    def elements_right(self) -> bool:
        return all(mark.right is not False for mark in self.marks)

    @property
    def correct(self) -> bool:
        return self.verdict_right and self.elements_right

    @property
    def missed(self) -> list[str]:
        """Elements in the story that the participant did not mark."""
        return [m.element for m in self.marks if m.right is False and not m.marked]

    @property
    def extra(self) -> list[str]:
        """Elements the participant marked that the story shows are absent."""
        return [m.element for m in self.marks if m.right is False and m.marked]


def score_elements(status: Mapping[str, str], verdict: str, marked: Iterable[str],
                   chosen: str) -> ElementsResult:
    """Compare a participant's marks and verdict with a case."""
    if chosen not in VERDICTS:
        raise ValueError(f"unknown verdict {chosen!r}; expected one of {VERDICTS}")
    marked_set = set(marked)
    unknown = marked_set - set(ELEMENTS)
    if unknown:
        raise ValueError(f"unknown elements {sorted(unknown)}; expected {ELEMENTS}")
    marks = []
    for element in ELEMENTS:
        state = status[element]
        is_marked = element in marked_set
        right = None if state == "belum-jelas" else (is_marked == (state == "ya"))
        marks.append(ElementMark(element, state, is_marked, right))
    return ElementsResult(chosen, verdict, tuple(marks))


@dataclass(frozen=True)
class ElementsSummary:
    total: int
    verdicts_right: int
    fully_right: int
    #: element → how often it was judged wrongly (missed or marked when absent)
    element_errors: dict[str, int]

    @property
    def weakest_element(self) -> str | None:
        worst = max(self.element_errors.values(), default=0)
        if worst == 0:
            return None
        return next(e for e in ELEMENTS if self.element_errors.get(e) == worst)


def summarize_elements(results: Sequence[ElementsResult]) -> ElementsSummary:
    errors: Counter[str] = Counter({element: 0 for element in ELEMENTS})
    for result in results:
        for mark in result.marks:
            if mark.right is False:
                errors[mark.element] += 1
    return ElementsSummary(total=len(results),
                           verdicts_right=sum(r.verdict_right for r in results),
                           fully_right=sum(r.correct for r in results),
                           element_errors=dict(errors))


# --------------------------------------------------------------------------- departure stories

@dataclass(frozen=True)
class DepartureResult:
    chosen: str
    verdict: str
    found: tuple[str, ...] = ()     # broken requirements the participant flagged
    missed: tuple[str, ...] = ()    # broken requirements they did not flag
    extra: tuple[str, ...] = ()     # requirements they flagged that the story does not break

    @property
    def unsure(self) -> bool:
        return self.chosen == UNSURE

    @property
    def verdict_right(self) -> bool | None:
        """None when the participant said they were not sure: nothing to grade."""
        return None if self.unsure else self.chosen == self.verdict


def score_departure(verdict: str, broken: Sequence[str], chosen: str,
                    flagged: Iterable[str] = ()) -> DepartureResult:
    """Grade a departure verdict and, when given, the requirements the participant flagged.

    ``broken`` and the result keep the checklist's order, so feedback reads in a stable order."""
    if chosen not in (*DEPARTURE_VERDICTS, UNSURE):
        raise ValueError(f"unknown answer {chosen!r}; expected one of "
                         f"{(*DEPARTURE_VERDICTS, UNSURE)}")
    flagged_list = list(dict.fromkeys(flagged))
    flagged_set = set(flagged_list)
    found = tuple(item for item in broken if item in flagged_set)
    missed = tuple(item for item in broken if item not in flagged_set)
    extra = tuple(item for item in flagged_list if item not in set(broken))
    return DepartureResult(chosen, verdict, found, missed, extra)


@dataclass(frozen=True)
class DeparturesSummary:
    total: int
    right: int
    unsure: int
    #: requirement id → how many stories broke it without the participant seeing it
    missed: dict[str, int] = field(default_factory=dict)

    @property
    def most_missed(self) -> str | None:
        if not self.missed:
            return None
        worst = max(self.missed.values())
        return next(item for item, count in self.missed.items() if count == worst)


def summarize_departures(results: Sequence[DepartureResult]) -> DeparturesSummary:
    missed: Counter[str] = Counter()
    for result in results:
        if not result.unsure:  # judged "prosedural", every broken requirement went unseen
            missed.update(result.missed)
    return DeparturesSummary(total=len(results),
                             right=sum(r.verdict_right is True for r in results),
                             unsure=sum(r.unsure for r in results),
                             missed=dict(missed))


# --------------------------------------------------------------------------- checklist

@dataclass(frozen=True)
class ChecklistResult:
    """``tidak-memenuhi``: a requirement is not met, the departure would be non-procedural;
    ``belum-lengkap``: nothing fails yet but some answers are unknown; ``lengkap``: all met."""

    status: str
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    met: tuple[str, ...]


def evaluate_checklist(item_ids: Sequence[str], answers: Mapping[str, str | None]
                       ) -> ChecklistResult:
    """Judge a placement against the checklist; an unanswered item counts as unknown."""
    bad = {key: value for key, value in answers.items()
           if value is not None and value not in CHECK_ANSWERS}
    if bad:
        raise ValueError(f"unknown checklist answers {bad}; expected one of {CHECK_ANSWERS}")
    failed = tuple(i for i in item_ids if answers.get(i) == "tidak")
    unknown = tuple(i for i in item_ids if answers.get(i) in (None, "belum-tahu"))
    met = tuple(i for i in item_ids if answers.get(i) == "ya")
    status = "tidak-memenuhi" if failed else "belum-lengkap" if unknown else "lengkap"
    return ChecklistResult(status, failed, unknown, met)
