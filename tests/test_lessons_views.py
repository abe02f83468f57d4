"""The Kenali TPPO views in a kernel, against a real answer store: answers are recorded before
feedback, a reload resumes, facilitator notes stay with the facilitator."""

from __future__ import annotations

import ipywidgets as ipw
import pytest
from sqlalchemy import create_engine

from widgets.content import cached_catalog
from widgets.engines.store import Store
from widgets.participation import Participation
from widgets.views import lessons as views


# --------------------------------------------------------------------------- widget tree helpers

def walk_tree(widget: ipw.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk_tree(child)


def find_all(widget: ipw.Widget, css_class: str) -> list[ipw.Widget]:
    return [w for w in walk_tree(widget) if css_class in getattr(w, "_dom_classes", ())]


def find(widget: ipw.Widget, css_class: str) -> ipw.Widget:
    found = find_all(widget, css_class)
    assert len(found) == 1, f"{len(found)} widgets with class {css_class}"
    return found[0]


def html_of(widget: ipw.Widget) -> str:
    return "\n".join(w.value for w in walk_tree(widget) if isinstance(w, ipw.HTML))


def participation(tmp_path, activity="kenali-tppo", params=None, lang="id", facilitator=False,
                  cls=Participation) -> Participation:
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Uji", "Sei Rampah", "2026-11-29")
    participant = store.join(session.code, lang=lang)
    return cls(store, session, participant, lang=lang, activity=activity,
               params=dict(params or {}), facilitator=facilitator)


def reopen(p: Participation, **changes) -> Participation:
    """The same participant after a page reload: a new kernel-side view on the same store."""
    return Participation(p.store, p.session, p.participant, lang=changes.get("lang", p.lang),
                         activity=p.activity, params=p.params, facilitator=p.facilitator)


def break_store(p: Participation) -> None:
    """Point the store at a database that cannot be opened, as when the disk is gone."""
    p.store.engine = create_engine("sqlite:////nonexistent-folder/waspada.sqlite")


# --------------------------------------------------------------------------- sections

def test_a_section_shows_its_text_and_source_but_notes_only_to_the_facilitator(tmp_path):
    p = participation(tmp_path)
    box = views.section("persetujuan", p)
    markup = html_of(box)
    assert "bukan persetujuan yang sebenarnya" in markup and "Sumber:" in markup
    assert not find_all(box, "wsp-facilitator-notes")
    facilitator = participation(tmp_path / "f", facilitator=True)
    notes = find(views.section("persetujuan", facilitator), "wsp-facilitator-notes")
    assert "Catatan fasilitator" in notes.value and "ahli hukum" in notes.value


def test_a_section_in_english(tmp_path):
    markup = html_of(views.section("jalur-resmi", participation(tmp_path, lang="en")))
    assert "A visit, tourist, ziarah or umrah visa is not a work visa" in markup
    assert "Source:" in markup


def test_an_unknown_section_names_the_known_ones(tmp_path):
    with pytest.raises(KeyError, match="known: tiga-unsur, persetujuan"):
        views.section("tiga-elemen", participation(tmp_path))


# --------------------------------------------------------------------------- three elements

class WatchingParticipation(Participation):
    """Checks, at the moment an answer is recorded, that no feedback is on screen yet."""

    view_box: ipw.Widget | None = None
    feedback_class = "wsp-case-feedback"

    def record(self, *args, **kwargs):
        assert self.view_box is not None and not find_all(self.view_box, self.feedback_class)
        return super().record(*args, **kwargs)


def test_a_case_is_recorded_before_its_feedback_and_explained_in_its_own_words(tmp_path):
    p = participation(tmp_path, params={"cases": 2}, cls=WatchingParticipation)
    box = views.elements_exercise(p)
    p.view_box = box
    assert "Kasus 1 dari 2" in html_of(box) and "Kasus rekaan" in html_of(box)
    for element in ("proses", "cara"):
        find(box, f"wsp-element-{element}").value = True
    assert find(box, "wsp-element-cara").description.startswith("☑")
    find(box, "wsp-verdict-tppo").click()

    [answer] = p.store.answers(p.session.code, activity="kenali-tppo")
    assert answer.item == "elements:01-rumah-makan-malaysia" and answer.answer == "tppo"
    assert answer.correct is False  # TUJUAN was in the story but not marked
    assert answer.detail["missed"] == ["tujuan"] and answer.detail["verdict_right"] is True
    feedback = find(box, "wsp-case-feedback").value
    assert "Putusan Anda tepat" in feedback
    assert "Dalam cerita: “bekerja di kebun 14 jam sehari”" in feedback
    assert "Terlewat — unsur ini ada dalam cerita." in feedback


def test_a_double_tap_records_one_answer(tmp_path):
    p = participation(tmp_path, params={"cases": 2})
    box = views.elements_exercise(p)
    verdict = find(box, "wsp-verdict-tppo")
    verdict.click()
    verdict.click()  # the button is gone from the screen, but a queued second tap arrives
    assert len(p.store.answers(p.session.code)) == 1


def test_cases_resume_after_a_reload_and_end_with_a_summary(tmp_path):
    p = participation(tmp_path, params={"cases": 2})
    box = views.elements_exercise(p)
    find(box, "wsp-verdict-tppo").click()

    again = views.elements_exercise(reopen(p))
    assert find_all(again, "wsp-case-feedback"), "the open feedback is shown again after reload"
    find(again, "wsp-next").click()
    assert "Kasus 2 dari 2" in html_of(again)
    find(again, "wsp-element-proses").value = True
    find(again, "wsp-verdict-belum-tahu").click()
    find(again, "wsp-next").click()
    summary = find(again, "wsp-elements-summary").value
    assert "Putusan Anda tepat pada 1 dari 2 kasus" in summary

    find(again, "wsp-restart").click()
    assert "Kasus 1 dari 2" in html_of(again)
    assert len(p.store.answers(p.session.code)) == 2  # restarting keeps what was recorded


def test_an_unsaved_answer_shows_no_feedback(tmp_path):
    p = participation(tmp_path, params={"cases": 2})
    box = views.elements_exercise(p)
    break_store(p)
    find(box, "wsp-verdict-tppo").click()
    assert not find_all(box, "wsp-case-feedback")
    assert "belum tersimpan" in find(box, "wsp-save-message").value
    assert find_all(box, "wsp-verdict-tppo"), "the question stays so the participant can retry"


def test_the_facilitator_sees_notes_and_the_answer(tmp_path):
    p = participation(tmp_path, facilitator=True)
    box = views.elements_exercise(p)
    assert "Untuk fasilitator — jawaban: TPPO" in html_of(box)
    assert find_all(box, "wsp-facilitator-notes")
    participant = views.elements_exercise(participation(tmp_path / "p"))
    assert not find_all(participant, "wsp-facilitator-notes")
    assert "Untuk fasilitator" not in html_of(participant)


# --------------------------------------------------------------------------- departures

def test_a_non_procedural_verdict_asks_what_is_broken_then_grades_it(tmp_path):
    p = participation(tmp_path, params={"stories": 2})
    box = views.departures_exercise(p)
    find(box, "wsp-departure-prosedural").click()  # story 1 is procedural
    [first] = p.store.answers(p.session.code)
    assert (first.item, first.answer, first.correct) == ("departures:01-pabrik-lewat-disnaker",
                                                         "prosedural", True)
    assert "Tidak ada syarat yang dilanggar" in find(box, "wsp-departure-feedback").value
    find(box, "wsp-next").click()

    find(box, "wsp-departure-non-prosedural").click()
    assert not p.store.answers(p.session.code)[1:], "nothing recorded before the check"
    find(box, "wsp-problem-visa-kerja").value = True
    find(box, "wsp-problem-umur-18").value = True
    find(box, "wsp-check-answer").click()
    second = p.store.answers(p.session.code)[1]
    assert second.correct is True and second.detail["found"] == ["visa-kerja"]
    assert "perekrut-resmi" in second.detail["missed"] and second.detail["extra"] == ["umur-18"]
    feedback = find(box, "wsp-departure-feedback").value
    assert "Anda melihatnya" in feedback and "terlewat" in feedback
    assert "cerita tidak menyebut masalahnya" in feedback


def test_not_sure_about_a_departure_is_recorded_ungraded(tmp_path):
    p = participation(tmp_path, params={"stories": 1}, lang="en")
    box = views.departures_exercise(p)
    find(box, "wsp-departure-tidak-yakin").click()
    [answer] = p.store.answers(p.session.code)
    assert answer.correct is None
    assert "It is fine to be unsure" in find(box, "wsp-departure-feedback").value
    find(box, "wsp-next").click()
    assert "right in 0 of 1 stories" in find(box, "wsp-departures-summary").value


def test_the_back_button_returns_to_the_verdict(tmp_path):
    p = participation(tmp_path)
    box = views.departures_exercise(p)
    find(box, "wsp-departure-non-prosedural").click()
    find(box, "wsp-back").click()
    assert find_all(box, "wsp-departure-prosedural") and not p.store.answers(p.session.code)


# --------------------------------------------------------------------------- checklist

def test_the_checklist_keeps_answers_and_records_the_result(tmp_path):
    p = participation(tmp_path)
    box = views.checklist(p)
    find(find(box, "wsp-check-umur-18"), "wsp-answer-ya").click()
    find(find(box, "wsp-check-visa-kerja"), "wsp-answer-tidak").click()
    assert not p.store.answers(p.session.code), "tapping an answer is not yet a recorded result"
    assert "2 dari 10 baris sudah dijawab" in html_of(box)

    again = views.checklist(reopen(p))  # a reload keeps the taps
    assert "●" in find(find(again, "wsp-check-umur-18"), "wsp-answer-ya").description
    find(again, "wsp-checklist-show").click()
    [answer] = p.store.answers(p.session.code)
    assert answer.item == "checklist" and answer.answer == "tidak-memenuhi"
    assert answer.detail["failed"] == ["visa-kerja"]
    result = find(again, "wsp-checklist-result").value
    assert "Tidak memenuhi syarat (1)" in result and "Visa kerja, bukan visa kunjungan" in result

    find(again, "wsp-checklist-clear").click()
    assert find(again, "wsp-checklist-result").value == ""
    assert p.load_progress("kenali-tppo/checklist") == {"answers": {}, "shown": False}


def test_a_complete_checklist_in_english(tmp_path):
    p = participation(tmp_path, lang="en")
    box = views.checklist(p)
    for item in cached_catalog().lessons.checklist.items:
        find(find(box, f"wsp-check-{item.id}"), "wsp-answer-ya").click()
    find(box, "wsp-checklist-show").click()
    assert "All requirements met" in find(box, "wsp-checklist-result").value
    assert p.store.answers(p.session.code)[0].correct is True


# --------------------------------------------------------------------------- village role

def test_the_village_role_shows_the_help_numbers_from_help_yaml(tmp_path):
    markup = html_of(views.village_role(participation(tmp_path)))
    help_directory = cached_catalog().help
    for contact_id in ("polisi-110", "kp2mi", "sapa-129"):
        contact = next(c for c in help_directory.contacts if c.id == contact_id)
        assert f"wsp-contact-{contact_id}" in markup and contact.number in markup
    assert "Jangan mendatangi atau menegur perekrut sendirian" in markup
    assert "UU 18/2017 Pasal 13" in markup
