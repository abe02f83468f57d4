"""The participant app plays a module notebook: a trainer's new cell shows up in its place."""

from __future__ import annotations

import ipywidgets as ipw
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from widgets.engines.store import Store
from widgets.participation import Participation, current, set_current
from widgets.views.player import play


def notebook(tmp_path, cells):
    nb = new_notebook(cells=cells)
    path = tmp_path / "module.ipynb"
    nbformat.write(nb, path)
    return path


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def participation(tmp_path, lang="id", facilitator=False):
    store = Store.in_data_dir(tmp_path / "data")
    session = store.create_session("Uji")
    return Participation(store, session, store.join(session.code), lang=lang,
                         activity="modul", facilitator=facilitator)


def texts(box: ipw.VBox) -> list[str]:
    return [child.value for child in box.children if isinstance(child, ipw.HTML)]


def test_cells_play_in_order_in_the_participants_language(tmp_path):
    path = notebook(tmp_path, [
        tagged(new_markdown_cell("# Judul\nSatu"), "id"),
        tagged(new_markdown_cell("# Title\nOne"), "en"),
        new_code_cell("import ipywidgets as w\nlabel = w.Label('dari kode')\nlabel"),
        tagged(new_markdown_cell("Catatan fasilitator"), "id", "facilitator"),
        tagged(new_markdown_cell("Facilitator note"), "en", "facilitator"),
        tagged(new_markdown_cell("Penutup"), "id"),
        tagged(new_markdown_cell("Closing"), "en"),
    ])
    box = play(path, participation(tmp_path), "rusak")
    shown = texts(box)
    assert "<h1>Judul</h1>" in shown[0] and "Penutup" in shown[-1]
    assert not any("Title" in t or "Catatan fasilitator" in t for t in shown)
    labels = [c for c in box.children if isinstance(c, ipw.Label)]
    assert [label.value for label in labels] == ["dari kode"]
    assert box.children.index(labels[0]) == 1  # in its place, between the two texts


def test_the_facilitator_sees_facilitator_cells_and_english(tmp_path):
    path = notebook(tmp_path, [
        tagged(new_markdown_cell("Catatan"), "id", "facilitator"),
        tagged(new_markdown_cell("Note for the facilitator"), "en", "facilitator"),
    ])
    shown = texts(play(path, participation(tmp_path, "en", facilitator=True), "broken"))
    assert shown == ["<p>Note for the facilitator</p>\n"]


def test_a_broken_cell_shows_a_message_and_the_rest_still_plays(tmp_path):
    path = notebook(tmp_path, [
        new_code_cell("1 / 0"),
        tagged(new_markdown_cell("Masih tampil"), "id"),
        tagged(new_markdown_cell("Still shown"), "en"),
    ])
    shown = texts(play(path, participation(tmp_path), "Bagian ini tidak bisa dibuka"))
    assert "Bagian ini tidak bisa dibuka" in shown[0] and "Masih tampil" in shown[1]


def test_module_code_sees_the_players_participation(tmp_path):
    path = notebook(tmp_path, [new_code_cell(
        "from widgets.participation import current\n"
        "current().record('q1', 'bahaya', True)")])
    who = participation(tmp_path)
    try:
        play(path, who, "x")
        assert current() is who
        [answer] = who.store.answers(who.session.code)
        assert (answer.activity, answer.item, answer.answer) == ("modul", "q1", "bahaya")
    finally:
        set_current(None)
