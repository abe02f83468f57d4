"""The card sort in a kernel, against a real answer store."""

from __future__ import annotations

from tests.test_lessons_views import (WatchingParticipation, break_store, find, find_all, html_of,
                                      participation, reopen)
from widgets.content import cached_catalog
from widgets.views.redflags import PILE_ICONS, card_sort

PARAMS = {"stages": ["tawaran", "pulang"], "count": 4}


def deck_of(p):
    deck, _ = cached_catalog().redflags.deck_for(p.params)
    return deck


class WatchingSort(WatchingParticipation):
    feedback_class = "wsp-rf-feedback"


def test_every_pile_is_a_word_and_an_icon(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    box = card_sort(p)
    for pile, word in (("aman", "Aman"), ("waspada", "Waspada"), ("bahaya", "Bahaya"),
                       ("tidak-yakin", "Tidak yakin")):
        assert find(box, f"wsp-choose-{pile}").description == f"{PILE_ICONS[pile]} {word}"
    legend = find(box, "wsp-rf-legend").value
    assert "Empat tumpukan" in legend and "Belum tentu jahat" in legend


def test_a_sorted_card_is_recorded_before_its_feedback(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS, cls=WatchingSort)
    box = card_sort(p)
    p.view_box = box
    first = deck_of(p)[0]
    card = cached_catalog().redflags.cards[first]
    chosen = "aman" if card.pile != "aman" else "bahaya"
    find(box, f"wsp-choose-{chosen}").click()

    [answer] = p.store.answers(p.session.code, activity="tanda-bahaya")
    assert (answer.item, answer.answer, answer.correct) == (first, chosen, False)
    assert answer.detail["right"] == card.pile and answer.detail["stage"] == card.stage
    feedback = find(box, "wsp-rf-feedback")
    assert "wsp-feedback-wrong" in feedback._dom_classes
    assert card.why("id") in feedback.value and card.what_to_do("id") in feedback.value
    assert "Jawaban yang disarankan" in feedback.value and "Sumber:" in feedback.value


def test_not_sure_is_recorded_without_a_grade(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    box = card_sort(p)
    find(box, "wsp-choose-tidak-yakin").click()
    [answer] = p.store.answers(p.session.code)
    assert answer.correct is None and answer.detail["outcome"] == "unsure"
    assert "wsp-feedback-unsure" in find(box, "wsp-rf-feedback")._dom_classes


def test_a_reload_resumes_on_the_same_card_with_its_feedback(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    box = card_sort(p)
    find(box, "wsp-choose-bahaya").click()
    find(box, "wsp-next").click()
    find(box, "wsp-choose-waspada").click()

    again = card_sort(reopen(p))
    assert find_all(again, "wsp-rf-feedback")
    second = deck_of(p)[1]
    assert cached_catalog().redflags.cards[second].situation("id") in html_of(again)
    find(again, "wsp-next").click()
    assert "Kartu 3 dari 4" in html_of(again)


def test_the_summary_names_the_differences_and_the_weakest_stage(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    cards = cached_catalog().redflags.cards
    deck = deck_of(p)
    box = card_sort(p)
    for index, card_id in enumerate(deck):
        right = cards[card_id].pile
        # Right on the first stage's cards, "safe" on every card of the other stage.
        chosen = right if cards[card_id].stage == "tawaran" else "aman"
        find(box, f"wsp-choose-{chosen}").click()
        find(box, "wsp-next").click()
    summary = find(box, "wsp-rf-summary").value
    pulang = [c for c in deck if cards[c].stage == "pulang"]
    differed = [c for c in pulang if cards[c].pile != "aman"]
    assert len(differed) >= 1
    assert f"sama dengan jawaban yang disarankan pada {4 - len(differed)} dari 4 kartu" in summary
    assert "Tahap yang perlu dibahas lagi: Pulang" in summary
    assert len(find_all(box, "wsp-rf-summary")) == 1
    for card_id in differed:
        assert cards[card_id].situation("id") in summary
    assert find_all(box, "wsp-help"), "the help numbers are one tap away at the end"
    assert len(p.store.answers(p.session.code)) == 4


def test_params_choose_the_deck(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params={"stages": ["dokumen"], "count": 3})
    deck = deck_of(p)
    assert len(deck) == 3
    assert {cached_catalog().redflags.cards[c].stage for c in deck} == {"dokumen"}
    assert "Kartu 1 dari 3 · Dokumen" in html_of(card_sort(p))


def test_a_changed_deck_does_not_resume_an_old_walk(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    find(card_sort(p), "wsp-choose-bahaya").click()
    p.params = {"stages": ["dokumen"], "count": 2}
    box = card_sort(reopen(p))
    assert not find_all(box, "wsp-rf-feedback") and "Kartu 1 dari 2" in html_of(box)


def test_an_unsaved_card_shows_no_feedback(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params=PARAMS)
    box = card_sort(p)
    break_store(p)
    find(box, "wsp-choose-bahaya").click()
    assert not find_all(box, "wsp-rf-feedback")
    assert "belum tersimpan" in html_of(box)


def test_facilitator_notes_and_answers_are_for_the_facilitator_only(tmp_path):
    belief = cached_catalog().redflags.deck.facilitator_notes.misconceptions[0].belief("id")
    participant = card_sort(participation(tmp_path, activity="tanda-bahaya", params=PARAMS))
    assert not find_all(participant, "wsp-facilitator-notes")
    assert "Untuk fasilitator" not in html_of(participant) and belief not in html_of(participant)
    facilitator = card_sort(participation(tmp_path / "f", activity="tanda-bahaya", params=PARAMS,
                                          facilitator=True))
    assert belief in html_of(facilitator)
    notes = find(facilitator, "wsp-facilitator-notes").value
    assert "Catatan fasilitator" in notes and "Sekitar 30 menit" in notes
    assert "Untuk fasilitator — jawaban yang disarankan" in html_of(facilitator)


def test_the_whole_sort_in_english(tmp_path):
    p = participation(tmp_path, activity="tanda-bahaya", params={"count": 5}, lang="en")
    box = card_sort(p)
    assert "Which pile does it go in?" in html_of(box)
    for _ in range(5):
        find(box, "wsp-choose-waspada").click()
        assert "Suggested answer" in find(box, "wsp-rf-feedback").value
        find(box, "wsp-next").click()
    assert "Your choice matched the suggested answer on" in find(box, "wsp-rf-summary").value


def test_standalone_notebook_use_records_under_the_module_name(tmp_path):
    p = participation(tmp_path, activity="", params={"count": 2})
    find(card_sort(p), "wsp-choose-aman").click()
    assert p.store.answers(p.session.code)[0].activity == "tanda-bahaya"
    assert p.load_progress("tanda-bahaya")["answers"]
