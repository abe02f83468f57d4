"""The answer store on a real SQLite file: concurrency, idempotence, progress."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from widgets.engines.store import Store, normalise_code, sqlite_url

WRITERS = 40  # a full workshop room answering at the same moment
ANSWERS_EACH = 10


def _writer(url: str, session: str, participant: str, ready, go) -> None:
    store = Store(url)
    ready.wait()
    go.wait()
    for number in range(ANSWERS_EACH):
        store.room(session)  # each phone also polls the room while the room answers
        store.record_answer(session, participant, "tanda-bahaya", f"card-{number}", "bahaya",
                            correct=number % 2 == 0, detail={"n": number},
                            uid=f"{participant}-{number}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The same tests on a SQLite file and on a real PostgreSQL server (tests/conftest.py)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_url")


def test_forty_writer_processes_lose_and_duplicate_nothing(store_url):
    store = Store(store_url)
    session = store.create_session("Uji", "Sei Rampah", "2026-11-29")
    people = [store.join(session.code).code for _ in range(WRITERS)]
    ctx = multiprocessing.get_context("spawn")
    ready, go = ctx.Barrier(WRITERS + 1), ctx.Event()
    processes = [ctx.Process(target=_writer, args=(store_url, session.code, code, ready, go))
                 for code in people]
    for process in processes:
        process.start()
    ready.wait()
    go.set()
    for process in processes:
        process.join(timeout=300)
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


OLD_SCHEMA = """
CREATE TABLE sessions (code VARCHAR(12) NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,
  place VARCHAR(200) NOT NULL, held_on VARCHAR(10) NOT NULL, settings TEXT NOT NULL,
  created_at DATETIME NOT NULL);
INSERT INTO sessions VALUES ('ABC234', 'Lama', 'Sei Rampah', '2026-10-01', '{}',
  '2026-10-01 08:00:00');
"""


def test_a_file_from_before_the_district_columns_still_loads(tmp_path):
    """A workshop file written by the kit before issue 12 gains the columns on start."""
    with sqlite3.connect(tmp_path / "waspada.sqlite") as raw:
        raw.executescript(OLD_SCHEMA)
    store = Store.in_data_dir(tmp_path)
    old = store.get_session("ABC234")
    assert (old.name, old.district_code, old.kecamatan, old.village) == (
        "Lama", None, "", "")
    new = store.create_session("Baru", district_code="12.18", kecamatan="Sei Rampah",
                               village="<b>Firdaus</b>")
    again = Store.in_data_dir(tmp_path).get_session(new.code)
    assert (again.district_code, again.kecamatan, again.village) == (
        "12.18", "Sei Rampah", "<b>Firdaus</b>")
    with sqlite3.connect(tmp_path / "waspada.sqlite") as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(sessions)")}
    assert {"district_code", "kecamatan", "village"} <= columns


def test_an_older_database_gains_the_columns_on_sqlite_and_postgresql(store_url):
    """The same light migration on both databases: the sessions table as it was before
    issue 12, with one session in it, gains district_code, kecamatan and village."""
    from datetime import datetime, timezone

    from sqlalchemy import (Column, DateTime, MetaData, String, Table, Text, create_engine,
                            insert)

    from widgets.engines import store as store_module

    old = MetaData()
    table = Table("sessions", old,  # the table as the kit created it before issue 12
                  Column("code", String(12), primary_key=True),
                  Column("name", String(200), nullable=False),
                  Column("place", String(200), nullable=False),
                  Column("held_on", String(10), nullable=False),
                  Column("settings", Text, nullable=False),
                  Column("created_at", DateTime(timezone=True), nullable=False))
    engine = create_engine(store_module.driver_url(store_url))
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table).values(code="OLD234", name="Lama", place="", held_on="",
                                          settings="{}", created_at=datetime.now(timezone.utc)))
    engine.dispose()
    store = Store(store_url)
    assert store.get_session("OLD234").district_code is None
    assert store.create_session("Baru", district_code="12.71", village="Sei").village == "Sei"
    assert {s.kecamatan for s in store.list_sessions()} == {""}
