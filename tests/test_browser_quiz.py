"""The pre-test and post-test on a 360×740 phone in the participant app: big buttons, no feedback
on the pre-test, the own score and explanations after the post-test, answers in the store."""

from __future__ import annotations

import pytest

from tests.helpers import item_on_screen, join, open_activity, screenshot
from widgets.content import cached_catalog


@pytest.mark.browser
def test_pre_test_then_post_test_on_a_phone(served, phone):
    quiz = cached_catalog().quiz
    total = len(quiz.select({}))
    session_code, code = join(phone, served, lang="id")
    open_activity(phone, "pre-test")
    phone.wait_for_selector(".wsp-quiz-question")
    screenshot(phone, "quiz-pre-question-360")
    for option in phone.locator(".wsp-quiz-option").all():
        box = option.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360

    for number in range(1, total + 1):
        phone.wait_for_selector(f".wsp-quiz-question:has-text('Pertanyaan {number} dari {total}')")
        item = quiz.items[item_on_screen(phone)]
        wrong = next(o.id for o in item.options if o.id != item.right)
        phone.click(f".wsp-quiz-option-{wrong}")
        assert phone.locator(".wsp-quiz-review-card").count() == 0
    done = phone.locator(".wsp-quiz-done")
    done.wait_for()
    assert "Terima kasih, jawaban Anda sudah tersimpan." in done.inner_text()
    assert "Skor Anda" not in phone.locator(".wsp-quiz").inner_text()
    screenshot(phone, "quiz-pre-done-360")
    pre = served.store.answers(session_code, activity="pre-test", participant_code=code)
    assert len(pre) == total and not any(a.correct for a in pre)

    phone.click(".wsp-nav-agenda")
    open_activity(phone, "post-test")
    for number in range(1, total + 1):
        phone.wait_for_selector(f".wsp-quiz-question:has-text('Pertanyaan {number} dari {total}')")
        item = quiz.items[item_on_screen(phone)]
        phone.click(f".wsp-quiz-option-{item.right}")
    score = phone.locator(".wsp-quiz-score")
    score.wait_for()
    assert f"Skor Anda: {total} dari {total} benar (100 %)" in score.inner_text()
    screenshot(phone, "quiz-post-score-360")
    review = phone.locator(".wsp-quiz-review-card")
    review.scroll_into_view_if_needed()
    screenshot(phone, "quiz-post-review-360")
    assert "Jawaban yang benar:" in review.inner_text() and "Sumber:" in review.inner_text()
    post = served.store.answers(session_code, activity="post-test", participant_code=code)
    assert len(post) == total and all(a.correct for a in post)
    assert sorted(a.item for a in post) == sorted(a.item for a in pre)
