"""A trainer's broken file gives a message with the file, the line or key, and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from widgets.cli import main
from widgets.content import ContentError, check
from widgets.content.agenda import Agenda
from widgets.content.base import Sourced, StrictModel, Text, load_csv, load_yaml
from widgets.content.help import HelpDirectory
from widgets.paths import DATASETS


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, model) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_yaml(path, model)
    return [str(p) for p in caught.value.problems]


class Fact(Sourced):
    text: Text


def test_missing_english_names_file_line_key_and_fix(tmp_path):
    path = write(tmp_path, "agenda.yaml",
                 "title:\n  id: Judul\nactivities: []\n")
    [message] = problems_of(path, Agenda)
    assert str(path) in message and "line 1" in message
    assert "`title.en`" in message
    assert "English text is missing" in message and "add an `en:` line" in message


def test_missing_indonesian_is_reported_too(tmp_path):
    path = write(tmp_path, "agenda.yaml", "title:\n  en: Title\nactivities: []\n")
    [message] = problems_of(path, Agenda)
    assert "Bahasa Indonesia text is missing" in message


def test_empty_translation_is_a_gap(tmp_path):
    path = write(tmp_path, "agenda.yaml", "title:\n  id: Judul\n  en: ''\nactivities: []\n")
    [message] = problems_of(path, Agenda)
    assert "line 3" in message and "English text is empty" in message


def test_misspelt_key_gets_a_suggestion(tmp_path):
    path = write(tmp_path, "fact.yaml",
                 "text: {id: a, en: b}\nsource: {publisher: Kompas.com, title: Judul, where: hlm. 1}\n"
                 "as_of: 2025-01-01\nsumber: x\n")
    [message] = problems_of(path, Fact)
    assert "line 4" in message and "`sumber` is not a key" in message


def test_a_fact_without_source_is_refused(tmp_path):
    path = write(tmp_path, "fact.yaml", "text: {id: a, en: b}\nas_of: 2025-01-01\n")
    [message] = problems_of(path, Fact)
    assert "`source` is missing" in message and "as_of" in message


def test_a_bad_date_explains_the_format(tmp_path):
    path = write(tmp_path, "fact.yaml", "text: {id: a, en: b}\nsource: {publisher: Kompas.com, title: Judul, where: hlm. 1}\n"
                        "as_of: kemarin\n")
    [message] = problems_of(path, Fact)
    assert "line 3" in message and "YYYY-MM-DD" in message


def test_invalid_yaml_points_at_the_line(tmp_path):
    path = write(tmp_path, "agenda.yaml", "title:\n  id: Judul\n en: Title\n")
    [message] = problems_of(path, Agenda)
    assert "not valid YAML" in message and "line 3" in message and "indentation" in message


def test_plain_text_where_two_languages_are_needed(tmp_path):
    path = write(tmp_path, "agenda.yaml", "title: Judul saja\nactivities: []\n")
    [message] = problems_of(path, Agenda)
    assert "line 1" in message and "`id: ...` and `en: ...`" in message


def test_empty_and_missing_files(tmp_path):
    assert "the file is empty" in problems_of(write(tmp_path, "agenda.yaml", ""), Agenda)[0]
    assert "does not exist" in problems_of(tmp_path / "nope.yaml", Agenda)[0]


def test_a_bad_csv_row_is_named(tmp_path):
    class Row(StrictModel):
        code: str
        population: int

    path = write(tmp_path, "t.csv", "code,population\n12.18,696845\n12.07,banyak\n")
    with pytest.raises(ContentError) as caught:
        load_csv(path, Row)
    [message] = [str(p) for p in caught.value.problems]
    assert "line 3" in message and "row 2" in message and "`population`" in message


def test_an_unknown_csv_column_is_named(tmp_path):
    class Row(StrictModel):
        code: str

    path = write(tmp_path, "t.csv", "code,kode_baru\n12.18,x\n")
    with pytest.raises(ContentError) as caught:
        load_csv(path, Row)
    assert "`kode_baru` is not known" in str(caught.value)


def test_help_contacts_need_sources(tmp_path):
    path = write(tmp_path, "help.yaml", (DATASETS / "help.yaml").read_text().replace(
        '    source:\n      - {publisher: "detikSumut"', '    sumber:\n      - {publisher: "detikSumut"'))
    messages = problems_of(path, HelpDirectory)
    assert any("`source` is missing" in m for m in messages)
    assert any("`sumber` is not a key" in m and "did you mean `source`" in m for m in messages)


@pytest.fixture
def content_copy(tmp_path):
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    return copy


def test_the_shipped_content_passes_check():
    assert [str(p) for p in check()] == []


def test_check_on_a_broken_copy_exits_non_zero_and_names_the_problem(content_copy, capsys):
    agenda = content_copy / "agenda.yaml"
    agenda.write_text(agenda.read_text().replace("title:\n  id:", "title:\n  idd:", 1))
    assert main(["check", "--datasets", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert "agenda.yaml" in err and "`title.idd`" in err and "`idd` is not a key" in err


def test_check_catches_a_missing_notebook_and_a_placeholder_mismatch(content_copy):
    strings = content_copy / "strings" / "app.yaml"
    strings.write_text(strings.read_text().replace('en: "Call {number}"', 'en: "Call {nomor}"'))
    messages = [str(p) for p in check(content_copy)]
    assert any("different {placeholders}" in m and "help_call" in m for m in messages)


def test_check_ok_on_an_untouched_copy(content_copy, capsys):
    assert main(["check", "--datasets", str(content_copy)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_wrong_kinds_of_values_get_specific_fixes(tmp_path):
    path = write(tmp_path, "agenda.yaml", (
        "title: {id: a, en: b}\nactivities:\n  - id: Tanda Bahaya\n    title: {id: a, en: b}\n"
        "    summary: {id: a, en: b}\n    minutes: empat puluh\n    notebook: x.ipynb\n"))
    messages = problems_of(path, Agenda)
    assert any("line 3" in m and "lower-case letters, digits and dashes" in m for m in messages)
    assert any("line 6" in m and "a number is needed" in m and "empat puluh" in m
               for m in messages)
