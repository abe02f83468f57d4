"""Scoring of the Kenali TPPO exercises: three elements, departure stories, checklist."""

from __future__ import annotations

import pytest

from widgets.engines.elements import (ElementsResult, element_verdict, evaluate_checklist,
                                      score_departure, score_elements, summarize_departures,
                                      summarize_elements)

ALL = {"proses": "ya", "cara": "ya", "tujuan": "ya"}


@pytest.mark.parametrize("status, verdict", [
    (ALL, "tppo"),
    ({"proses": "ya", "cara": "tidak", "tujuan": "ya"}, "bukan-tppo"),
    ({"proses": "ya", "cara": "belum-jelas", "tujuan": "tidak"}, "bukan-tppo"),
    ({"proses": "ya", "cara": "belum-jelas", "tujuan": "belum-jelas"}, "belum-tahu"),
    ({"proses": "belum-jelas", "cara": "ya", "tujuan": "ya"}, "belum-tahu"),
])
def test_the_verdict_follows_from_the_elements(status, verdict):
    assert element_verdict(status) == verdict


def test_all_marked_and_right_verdict_is_fully_correct():
    result = score_elements(ALL, "tppo", ["proses", "cara", "tujuan"], "tppo")
    assert result.correct and result.missed == [] and result.extra == []


def test_a_missed_element_and_an_extra_one_are_named():
    status = {"proses": "ya", "cara": "ya", "tujuan": "tidak"}
    result = score_elements(status, "bukan-tppo", ["proses", "tujuan"], "bukan-tppo")
    assert result.verdict_right and not result.elements_right and not result.correct
    assert result.missed == ["cara"] and result.extra == ["tujuan"]


def test_an_unclear_element_accepts_either_mark():
    status = {"proses": "ya", "cara": "belum-jelas", "tujuan": "belum-jelas"}
    for marked in (["proses"], ["proses", "cara"], ["proses", "cara", "tujuan"]):
        result = score_elements(status, "belum-tahu", marked, "belum-tahu")
        assert result.correct, marked
        assert [m.right for m in result.marks] == [True, None, None]


def test_right_elements_but_wrong_verdict_is_not_correct():
    result = score_elements(ALL, "tppo", ["proses", "cara", "tujuan"], "belum-tahu")
    assert result.elements_right and not result.verdict_right and not result.correct


def test_score_elements_refuses_unknown_values():
    with pytest.raises(ValueError, match="unknown verdict"):
        score_elements(ALL, "tppo", [], "mungkin")
    with pytest.raises(ValueError, match="unknown elements"):
        score_elements(ALL, "tppo", ["korban"], "tppo")


def test_elements_summary_counts_and_names_the_weakest_element():
    status = {"proses": "ya", "cara": "ya", "tujuan": "tidak"}
    results: list[ElementsResult] = [
        score_elements(status, "bukan-tppo", ["proses"], "bukan-tppo"),          # cara missed
        score_elements(status, "bukan-tppo", ["proses", "tujuan"], "tppo"),      # cara missed, tujuan extra
        score_elements(ALL, "tppo", ["proses", "cara", "tujuan"], "tppo"),       # all right
    ]
    summary = summarize_elements(results)
    assert (summary.total, summary.verdicts_right, summary.fully_right) == (3, 2, 1)
    assert summary.element_errors == {"proses": 0, "cara": 2, "tujuan": 1}
    assert summary.weakest_element == "cara"
    assert summarize_elements(results[2:]).weakest_element is None


# --------------------------------------------------------------------------- departures

def test_departure_found_missed_and_extra_keep_the_checklist_order():
    result = score_departure("non-prosedural", ["perekrut-resmi", "visa-kerja", "umur-18"],
                             "non-prosedural", ["umur-18", "tanpa-biaya", "perekrut-resmi"])
    assert result.verdict_right is True
    assert result.found == ("perekrut-resmi", "umur-18")
    assert result.missed == ("visa-kerja",)
    assert result.extra == ("tanpa-biaya",)


def test_judging_a_broken_departure_legal_is_wrong_and_misses_everything():
    result = score_departure("non-prosedural", ["visa-kerja"], "prosedural")
    assert result.verdict_right is False and result.missed == ("visa-kerja",)


def test_not_sure_is_not_graded():
    result = score_departure("prosedural", [], "tidak-yakin")
    assert result.unsure and result.verdict_right is None


def test_score_departure_refuses_an_unknown_answer():
    with pytest.raises(ValueError, match="unknown answer"):
        score_departure("prosedural", [], "legal")


def test_departures_summary_names_the_requirement_missed_most():
    results = [
        score_departure("non-prosedural", ["visa-kerja", "umur-18"], "non-prosedural", ["umur-18"]),
        score_departure("non-prosedural", ["visa-kerja"], "prosedural"),
        score_departure("prosedural", [], "prosedural"),
        score_departure("non-prosedural", ["umur-18"], "tidak-yakin"),  # unsure: not counted
    ]
    summary = summarize_departures(results)
    assert (summary.total, summary.right, summary.unsure) == (4, 2, 1)
    assert summary.missed == {"visa-kerja": 2}
    assert summary.most_missed == "visa-kerja"
    assert summarize_departures(results[2:3]).most_missed is None


# --------------------------------------------------------------------------- checklist

ITEMS = ["umur-18", "perekrut-resmi", "visa-kerja"]


def test_checklist_all_yes_is_complete():
    result = evaluate_checklist(ITEMS, {i: "ya" for i in ITEMS})
    assert result.status == "lengkap" and result.failed == () and result.unknown == ()


def test_one_no_makes_the_departure_non_procedural_even_with_unknowns():
    result = evaluate_checklist(ITEMS, {"umur-18": "tidak", "perekrut-resmi": "belum-tahu"})
    assert result.status == "tidak-memenuhi"
    assert result.failed == ("umur-18",)
    assert result.unknown == ("perekrut-resmi", "visa-kerja")  # unanswered counts as unknown


def test_unknowns_without_a_no_ask_to_check_first():
    result = evaluate_checklist(ITEMS, {"umur-18": "ya", "perekrut-resmi": "ya"})
    assert result.status == "belum-lengkap" and result.unknown == ("visa-kerja",)
    assert result.met == ("umur-18", "perekrut-resmi")


def test_checklist_refuses_unknown_answers():
    with pytest.raises(ValueError, match="unknown checklist answers"):
        evaluate_checklist(ITEMS, {"umur-18": "mungkin"})
