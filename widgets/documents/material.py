"""What the slides and the printed papers take from the content, picked in one place so the
deck, the guide and the handout always agree: each module's discussion prompts and tips, the
facilitator cells of its notebook, sample red-flag cards, one story's decision points, and the
short warning signs per stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..content import Catalog
from ..content.agenda import Activity
from ..content.base import Text
from ..content.notebooks import read_cells
from ..paths import NOTEBOOKS


def module_notes(catalog: Catalog, activity: Activity) -> list:
    """The FacilitatorNotes of the module an activity plays (several for Kenali TPPO)."""
    notebook = activity.notebook
    if notebook == "kenali-tppo.ipynb":
        lessons = catalog.lessons
        return [lessons.elements.facilitator_notes, lessons.checklist.facilitator_notes,
                lessons.departures.facilitator_notes, lessons.village.facilitator_notes]
    if notebook == "tanda-bahaya.ipynb":
        return [catalog.redflags.deck.facilitator_notes]
    if notebook == "rencana-aksi.ipynb":
        return [catalog.plan.facilitator_notes]
    return []


def prompts(catalog: Catalog, activity: Activity, limit: int = 6) -> list[Text]:
    """Discussion prompts: the module's own, else the guide's (printables.yaml), else the first
    story's debrief questions for the simulations."""
    found: list[Text] = []
    for notes in module_notes(catalog, activity):
        found += notes.prompts[:2]
    guide = catalog.printables.modules.get(activity.id)
    if not found and guide is not None:
        found = list(guide.prompts)
    if not found and activity.notebook == "simulasi-kasus.ipynb":
        for node in first_story(catalog).scenario.nodes.values():
            if node.debrief is not None:
                found += [q for q in node.debrief.questions if q not in found]
    return found[:limit]


def tips(catalog: Catalog, activity: Activity) -> list[Text]:
    found: list[Text] = []
    for notes in module_notes(catalog, activity):
        found += notes.tips[:2]
    return found


def notebook_notes(activity: Activity, lang: str) -> list[str]:
    """The notebook's markdown cells tagged ``facilitator`` in this language (plain text)."""
    path = NOTEBOOKS / activity.notebook
    if not path.exists():
        return []
    return [cell.source.strip() for cell in read_cells(path)
            if cell.kind == "markdown" and cell.for_facilitator and cell.lang == lang]


def speaker_notes(catalog: Catalog, activity: Activity, lang: str) -> list[str]:
    """Everything the facilitator should read before presenting this activity."""
    found = [activity.facilitator_notes(lang)] if activity.facilitator_notes else []
    found += notebook_notes(activity, lang)
    found += [tip(lang) for tip in tips(catalog, activity)]
    return found


def first_story(catalog: Catalog):
    """The story the room plays first (lowest ``order``, not a draft)."""
    files = [f for f in catalog.scenarios.files.values() if not f.scenario.draft]
    return min(files, key=lambda f: (f.scenario.order, f.id))


@dataclass(frozen=True)
class Decision:
    text: Text
    choices: list[Text]


def decisions(catalog: Catalog, limit: int = 3) -> list[Decision]:
    """The first decision points of the first story, walking from its start (first choice)."""
    scenario = first_story(catalog).scenario
    found, node_id, seen = [], scenario.start, set()
    while node_id in scenario.nodes and node_id not in seen and len(found) < limit:
        seen.add(node_id)
        node = scenario.nodes[node_id]
        if not node.choices:
            break
        found.append(Decision(node.text, [choice.label for choice in node.choices]))
        node_id = node.choices[0].to
    return found


def sample_cards(catalog: Catalog) -> list[str]:
    """One card per stage, the shortest 'danger' or 'careful' one (so it fits a slide)."""
    redflags = catalog.redflags
    chosen = []
    for stage in redflags.stage_ids:
        cards = [(len(card.situation("id").split()), card_id)
                 for card_id, card in redflags.cards.items()
                 if card.stage == stage and card.pile != "aman"]
        if cards:
            chosen.append(min(cards)[1])
    return chosen


def signs_by_stage(catalog: Catalog, per_stage: int = 3) -> list[tuple[Text, list[Text]]]:
    """Each stage with the short indicators of its 'danger' cards (the handout's list)."""
    redflags = catalog.redflags
    result = []
    for stage in redflags.deck.stages:
        items: list[Text] = []
        for card_id in sorted(redflags.cards):
            card = redflags.cards[card_id]
            if card.stage == stage.id and card.pile == "bahaya" and \
                    card.indicator.item not in items:
                items.append(card.indicator.item)
        result.append((stage.title, items[:per_stage]))
    return result
