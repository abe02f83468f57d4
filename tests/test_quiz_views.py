"""The pre-test and post-test in a kernel, against a real SQLite answer store."""

from __future__ import annotations

import html

from tests.test_lessons_views import (break_store, find, find_all, html_of, participation,
                                      reopen)
from widgets.content import cached_catalog
from widgets.engines.knowledge import item_order
from widgets.views.quiz import QuizRun, post_test, pre_test


def quiz():
    return cached_catalog().quiz


def on_screen(box) -> str:
    """The id of the question on screen (from its wsp-quiz-item-<id> class)."""
    card = find(box, "wsp-quiz-question")
    return next(c for c in card._dom_classes if c.startswith("wsp-quiz-item-"))[len("wsp-quiz-item-"):]


def answer_all(box, p, right: set[str] | None = None) -> list[str]:
    """Answer every question on screen: right for items in ``right`` (all if None), else a
    wrong option. Returns the items in the order they were asked."""
    asked = []
    for _ in range(len(quiz().select(p.params))):
        item_id = on_screen(box)
        item = quiz().items[item_id]
        wrong = next(o.id for o in item.options if o.id != item.right)
        choice = item.right if right is None or item_id in right else wrong
        find(box, f"wsp-quiz-option-{choice}").click()
        asked.append(item_id)
    return asked


def test_the_pre_test_records_each_answer_and_gives_no_feedback(tmp_path):
    p = participation(tmp_path, activity="pre-test")
    box = pre_test(p)
    first = on_screen(box)
    assert "Pertanyaan 1 dari 18" in html_of(box) and "Ini bukan ujian" in html_of(box)
    item = quiz().items[first]
    wrong = next(o.id for o in item.options if o.id != item.right)
    find(box, f"wsp-quiz-option-{wrong}").click()

    [stored] = p.store.answers(p.session.code, activity="pre-test")
    assert (stored.item, stored.answer, stored.correct) == (first, wrong, False)
    assert stored.detail == {"phase": "pre", "topic": item.topic}
    # straight on to the next question: no right answer, no explanation
    assert "Pertanyaan 2 dari 18" in html_of(box) and on_screen(box) != first
    assert "Ini bukan ujian" not in html_of(box), "the introduction is shown once"
    assert item.explanation("id") not in html_of(box) and "Jawaban yang benar:" not in html_of(box)

    answer_all_rest = len(quiz().select({})) - 1
    for _ in range(answer_all_rest):
        find_all(box, "wsp-quiz-option")[0].click()
    done = html_of(box)
    assert "Terima kasih, jawaban Anda sudah tersimpan." in done
    assert "Skor Anda" not in done and "Jawaban yang benar:" not in done
    assert not any(i.explanation("id") in done for i in quiz().items.values())
    assert len(p.store.answers(p.session.code, activity="pre-test")) == 18
    assert "pre-test" in p.app_state().get("finished", [])


def test_the_post_test_ends_with_the_own_score_and_explanations(tmp_path):
    p = participation(tmp_path, activity="post-test", lang="en")
    box = post_test(p)
    right = set(sorted(quiz().items)[:12])
    asked = answer_all(box, p, right)
    stored = p.store.answers(p.session.code, activity="post-test")
    assert [a.item for a in stored] == asked
    assert sum(a.correct for a in stored) == 12
    done = html_of(box)
    assert "Your score: 12 of 18 right (67 %)" in done
    review = html.unescape(find(box, "wsp-quiz-review-card").value)
    for item_id in asked:
        item = quiz().items[item_id]
        assert f"data-item='{item_id}'" in review and item.explanation("en") in review
        assert f"The right answer: {item.option(item.right).text('en')}" in review
    assert review.count("wsp-feedback-wrong") == 6 and "Source:" in review
    assert "post-test" in p.app_state().get("finished", [])


def test_a_reload_resumes_on_the_next_question_in_the_same_order(tmp_path):
    p = participation(tmp_path, activity="pre-test")
    box = pre_test(p)
    first, = [on_screen(box)]
    find_all(box, "wsp-quiz-option")[0].click()
    second = on_screen(box)
    find_all(box, "wsp-quiz-option")[0].click()
    third = on_screen(box)

    again = pre_test(reopen(p))
    assert on_screen(again) == third and "Pertanyaan 3 dari 18" in html_of(again)
    assert [a.item for a in p.store.answers(p.session.code)] == [first, second]


def test_the_order_is_shuffled_per_participant_and_stable(tmp_path):
    p = participation(tmp_path, activity="pre-test")
    other = participation(tmp_path / "other", activity="pre-test")
    items = quiz().select({})
    mine = QuizRun(p, quiz(), "pre").walk.items
    assert sorted(mine) == sorted(items) and mine != items
    assert QuizRun(reopen(p), quiz(), "pre").walk.items == mine, "a reload keeps the order"
    assert mine == item_order(items, "pre", p.session.code, p.participant.code)
    assert QuizRun(other, quiz(), "pre").walk.items != mine, "another phone has its own order"
    post = QuizRun(p.for_activity("post-test"), quiz(), "post").walk.items
    assert sorted(post) == sorted(mine) and post != mine, "the post-test asks the same items anew"


def test_an_unsaved_answer_keeps_the_question(tmp_path):
    p = participation(tmp_path, activity="pre-test")
    box = pre_test(p)
    first = on_screen(box)
    break_store(p)
    find_all(box, "wsp-quiz-option")[0].click()
    assert on_screen(box) == first
    assert "belum tersimpan" in find(box, "wsp-save-message").value


def test_topics_narrow_the_test_and_the_facilitator_sees_the_answer(tmp_path):
    p = participation(tmp_path, activity="pre-test", params={"topics": ["bantuan"]},
                      facilitator=True)
    box = pre_test(p)
    assert "Pertanyaan 1 dari 4" in html_of(box)
    item = quiz().items[on_screen(box)]
    assert item.topic == "bantuan"
    assert f"Jawaban yang benar: {item.option(item.right).text('id')}" in html_of(box)
    assert "Jawaban yang benar:" not in html_of(pre_test(participation(tmp_path / "p",
                                                                      activity="pre-test")))


def test_the_room_sees_averages_and_bars_only_from_three_answers(tmp_path):
    from widgets.views.quiz import room_results_html

    catalog = cached_catalog()
    p = participation(tmp_path, activity="pre-test")
    store, code = p.store, p.session.code
    items = quiz().select({})
    first = quiz().items[items[0]]
    people = [store.join(code).code for _ in range(3)]

    def t(key, **values):
        return catalog.strings(key, "id", **values)

    for person in people[:2]:
        store.record_answer(code, person, "pre-test", items[0], first.right, True)
    page = room_results_html(catalog, "pre-test", store.answers(code), "id", t, revealed=False)
    assert "tes awal: Kurang dari 3 jawaban" in page
    assert page.count("Kurang dari 3 jawaban — belum ditampilkan") == 2 + len(items)

    store.record_answer(code, people[2], "pre-test", items[0], first.options[-1].id
                        if first.options[-1].id != first.right else first.options[0].id, False)
    page = room_results_html(catalog, "pre-test", store.answers(code), "id", t, revealed=False)
    block = page.split(f"data-item='{items[0]}'", 1)[1].split("</div></div>", 1)[0]
    assert "2 (67%)" in block and "1 (33%)" in block
    assert "jawaban yang disepakati" not in block
    shown = room_results_html(catalog, "pre-test", store.answers(code), "id", t, revealed=True)
    assert "✓ jawaban yang disepakati" in shown and "67 % benar" in shown
    assert room_results_html(catalog, "tanda-bahaya", [], "id", t, False) == ""


def test_a_locked_test_says_so_and_records_nothing(tmp_path):
    p = participation(tmp_path, activity="post-test")
    box = post_test(p)
    first = on_screen(box)
    p.store.update_room(p.session.code, locked=frozenset({"post-test"}))
    find_all(box, "wsp-quiz-option")[0].click()
    assert on_screen(box) == first and not p.store.answers(p.session.code)
    assert "menutup jawaban" in find(box, "wsp-save-message").value
