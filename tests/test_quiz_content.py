"""The pre/post-test item bank: coverage, both languages, help numbers as in help.yaml, the
agenda's test settings, and the messages a trainer gets for a broken item."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import broken_copy_message
from widgets.content import check, load_catalog
from widgets.content import quiz as content
from widgets.content.base import iter_texts

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quiz"
TOPICS = ["unsur", "prosedur", "tanda-bahaya", "bantuan"]


@pytest.fixture(scope="module")
def bank() -> content.Quiz:
    return content.load(DATASETS)


def test_at_least_fourteen_items_over_the_four_topics(bank):
    assert len(bank.items) >= 14
    assert bank.topic_ids == TOPICS
    counts = Counter(item.topic for item in bank.items.values())
    assert all(counts[topic] >= 3 for topic in TOPICS), counts


def test_each_item_has_one_right_answer_among_distinct_options(bank):
    for item_id, item in bank.items.items():
        assert sum(o.right for o in item.options) == 1, item_id
        ids = [o.id for o in item.options]
        assert len(ids) == len(set(ids)), item_id
        assert item.right in ids


def test_right_answers_are_not_always_in_the_same_place(bank):
    places = Counter([o.id for o in item.options].index(item.right) for item in bank.items.values())
    assert len(places) >= 3 and max(places.values()) < len(bank.items) * 0.6


def test_every_text_is_written_in_both_languages(bank):
    for path, text in iter_texts(bank.items):
        assert text.id.strip() and text.en.strip(), path
        if not re.fullmatch(r"[\d\s()\-+]+", text.id):  # a bare number reads the same in both
            assert text.id != text.en, f"{path} is not translated"


def test_every_item_carries_a_source_and_a_date(bank):
    for item in bank.items.values():
        assert item.source and all(c.publisher and c.title for c in item.source)
        assert re.match(r"^\d{4}", item.as_of)


def test_help_numbers_are_exactly_those_of_help_yaml(bank):
    catalog = load_catalog()
    known = {c.number for c in catalog.help.contacts} | {
        c.whatsapp for c in catalog.help.contacts if getattr(c, "whatsapp", None)}
    assert {"0800-1000", "129", "08111-129-129", "110"} <= known
    for item_id, item in bank.items.items():
        for _path, text in iter_texts(item):
            for lang in ("id", "en"):
                for number in re.findall(r"\b0\d{2,4}(?:-\d+)+\b|\b1[12]\d\b", text(lang)):
                    assert number in known, f"{item_id}: {number} is not in help.yaml"


def test_contested_points_are_left_out(bank):
    """Points another helper is re-checking (the article for placing a child, the Middle East
    moratorium, the registration app, the 2023 criminal code) are not asked."""
    for item_id, item in bank.items.items():
        words = " ".join(f"{t.id} {t.en}" for _p, t in iter_texts(item)) + " ".join(
            c.where or "" for c in item.source)  # a cited title may name the app; a claim may not
        for contested in ("Pasal 83", "Article 83", "moratorium", "260/2015", "SIAPkerja",
                          "SISKOP2MI", "KUHP", "Timur Tengah", "Middle East"):
            assert contested not in words, f"{item_id} mentions {contested}"


def test_zero_cost_is_said_for_the_listed_jobs(bank):
    item = bank.items["prosedur-biaya-penempatan"]
    assert "10 jabatan yang terdaftar" in item.explanation("id")
    assert "10 listed jobs" in item.explanation("en")


def test_the_agenda_opens_with_the_pre_test_and_closes_with_the_post_test():
    catalog = load_catalog()
    activities = catalog.agenda.activities
    assert activities[0].id == "pre-test" and activities[0].notebook == content.PRE_TEST_NOTEBOOK
    assert activities[-1].id == "post-test"
    assert activities[-1].notebook == content.POST_TEST_NOTEBOOK
    assert content.phases_of(catalog) == {"pre-test": "pre", "post-test": "post"}
    assert catalog.quiz.select(activities[0].params) == catalog.quiz.select(activities[-1].params)


def test_select_explains_bad_settings(bank):
    assert [bank.items[i].topic for i in bank.select({"topics": ["bantuan"]})] == ["bantuan"] * 4
    with pytest.raises(ValueError, match="`hukum` is not a topic; the topics are unsur"):
        bank.select({"topics": ["hukum"]})
    with pytest.raises(ValueError, match="`count` is not a test setting"):
        bank.select({"count": 5})


# --------------------------------------------------------------------------- broken items

def broken(tmp_path, fixture: str) -> str:
    return broken_copy_message(tmp_path, DATASETS / "quiz", FIXTURES / fixture,
                               "zz-broken.yaml", content.load)


def test_two_right_answers_name_the_second(tmp_path):
    message = broken(tmp_path, "two-right.yaml")
    assert "zz-broken.yaml, line 11 (key `options.1.right`): 2 options are marked" in message
    assert "keep `right: true` on exactly one option" in message


def test_no_right_answer_is_refused(tmp_path):
    message = broken(tmp_path, "no-right.yaml")
    assert "line 5 (key `options`): no option is marked as the right answer" in message


def test_an_option_id_used_twice(tmp_path):
    message = broken(tmp_path, "option-twice.yaml")
    assert "line 9 (key `options.1.id`): two options have the id `a`" in message


def test_an_option_without_english(tmp_path):
    message = broken(tmp_path, "option-no-english.yaml")
    assert "(key `options.0.text.en`): the English text is missing" in message
    assert "add an `en:` line" in message


def test_an_unknown_topic_lists_the_topics(tmp_path):
    message = broken(tmp_path, "unknown-topic.yaml")
    assert "line 1 (key `topic`): `hukum` is not a topic" in message
    assert "unsur, prosedur, tanda-bahaya, bantuan" in message


def test_a_misspelt_key_suggests_the_right_one(tmp_path):
    message = broken(tmp_path, "typo-key.yaml")
    assert "`explanaton` is not a key this file knows" in message
    assert "did you mean `explanation`?" in message


def test_the_pre_test_and_post_test_must_ask_the_same_items(tmp_path):
    shutil.copytree(DATASETS, tmp_path / "datasets")
    agenda = tmp_path / "datasets" / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    marker = "    notebook: tes-akhir.ipynb\n    params: {}"
    assert marker in text
    agenda.write_text(text.replace(marker, "    notebook: tes-akhir.ipynb\n"
                                   "    params: {topics: [bantuan]}"), encoding="utf-8")
    problems = [str(p) for p in check(tmp_path / "datasets")]
    assert any("agenda.yaml (key `activities.post-test.params`): this test asks other items "
               "than `pre-test`" in p for p in problems), problems


def test_an_unknown_test_setting_is_reported(tmp_path):
    shutil.copytree(DATASETS, tmp_path / "datasets")
    agenda = tmp_path / "datasets" / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    marker = "    notebook: tes-awal.ipynb\n    params: {}"
    agenda.write_text(text.replace(marker, "    notebook: tes-awal.ipynb\n"
                                   "    params: {count: 5}"), encoding="utf-8")
    problems = [str(p) for p in check(tmp_path / "datasets")]
    assert any("activities.pre-test.params" in p and "`count` is not a test setting" in p
               for p in problems), problems


def test_the_answer_key_for_tallies(bank):
    items = bank.select({"topics": ["bantuan"]})
    assert bank.rights(items)["bantuan-kp2mi"] == "kp2mi"
    assert bank.options(items)["bantuan-polisi-110"] == ["129", "110", "tunggu"]
    assert set(bank.rights()) == set(bank.items)
