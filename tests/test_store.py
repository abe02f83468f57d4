"""The answer store on a real SQLite file: concurrency, idempotence, progress."""

from __future__ import annotations

import multiprocessing
import sqlite3

from widgets.engines.store import Store, normalise_code

WRITERS = 40  # a full workshop room answering at the same moment
ANSWERS_EACH = 10


def _writer(data_dir: str, session: str, participant: str, ready, go) -> None:
    store = Store.in_data_dir(data_dir)
    ready.wait()
    go.wait()
    for number in range(ANSWERS_EACH):
        store.room(session)  # each phone also polls the room while the room answers
        store.record_answer(session, participant, "tanda-bahaya", f"card-{number}", "bahaya",
                            correct=number % 2 == 0, detail={"n": number},
                            uid=f"{participant}-{number}")


def test_forty_writer_processes_lose_and_duplicate_nothing(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("Uji", "Sei Rampah", "2026-11-29")
    people = [store.join(session.code).code for _ in range(WRITERS)]
    ctx = multiprocessing.get_context("spawn")
    ready, go = ctx.Barrier(WRITERS + 1), ctx.Event()
    processes = [ctx.Process(target=_writer, args=(str(tmp_path), session.code, code, ready, go))
                 for code in people]
    for process in processes:
        process.start()
    ready.wait()
    go.set()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    answers = store.answers(session.code)
    assert len(answers) == WRITERS * ANSWERS_EACH
    assert len({(a.participant_code, a.item) for a in answers}) == WRITERS * ANSWERS_EACH


def test_the_database_is_in_wal_mode(tmp_path):
    Store.in_data_dir(tmp_path).create_session("x")
    with sqlite3.connect(tmp_path / "waspada.sqlite") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_retried_answer_is_stored_once(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("x")
    person = store.join(session.code)
    first = store.record_answer(session.code, person.code, "a", "i", "aman", uid="same")
    second = store.record_answer(session.code, person.code, "a", "i", "aman", uid="same")
    assert first == second and store.count_answers(session.code) == 1


def test_an_answer_survives_a_new_process(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("x")
    person = store.join(session.code, lang="en", team_name="Melati")
    store.record_answer(session.code, person.code, "kenali-tppo", "q1", "tppo", True)
    store.engine.dispose()
    again = Store.in_data_dir(tmp_path)
    [answer] = again.answers(session.code, participant_code=person.code)
    assert (answer.item, answer.answer, answer.correct) == ("q1", "tppo", True)
    assert again.get_participant(session.code, person.code.lower()).team_name == "Melati"


def test_progress_is_upserted_per_activity(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("x")
    person = store.join(session.code)
    store.save_progress(session.code, person.code, "tanda-bahaya", {"done": 1})
    store.save_progress(session.code, person.code, "tanda-bahaya", {"done": 2})
    assert store.load_progress(session.code, person.code, "tanda-bahaya") == {"done": 2}
    assert store.load_progress(session.code, person.code, "peta") is None


def test_codes_are_unambiguous_and_normalised(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("x")
    codes = {store.join(session.code).code for _ in range(200)}
    assert len(codes) == 200
    assert not any(ch in "".join(codes) for ch in "01OIL")
    assert normalise_code(" k7m-2 ") == "K7M2"
    assert store.get_session(session.code.lower()).code == session.code


def test_participant_text_is_stored_as_text(tmp_path):
    store = Store.in_data_dir(tmp_path)
    session = store.create_session("<b>Sesi</b>'; DROP TABLE answers;--")
    assert store.get_session(session.code).name.startswith("<b>Sesi</b>")
    assert store.count_answers() == 0
