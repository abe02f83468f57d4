"""The answer store: every answer is committed here before the participant sees feedback.

SQLAlchemy Core so the same code runs on one SQLite file (a laptop workshop) or PostgreSQL
(many workshops on JupyterHub). On SQLite each write is a short ``BEGIN IMMEDIATE``
transaction with a busy timeout, in WAL mode, which is what many kernel processes writing at
once need (deferred transactions fail with "database is locked" under contention)."""

from __future__ import annotations

import json
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sqlalchemy import (Boolean, Column, DateTime, ForeignKeyConstraint, Integer, MetaData,
                        String, Table, Text, UniqueConstraint, create_engine, delete, event,
                        func, insert, select, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from .room import Room

BUSY_TIMEOUT_MS = 15_000
DATABASE_URL_ENV = "WASPADA_DATABASE_URL"
# No 0/O, 1/I/L: codes are read aloud and typed on small phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("held_on", String(10), nullable=False, default=""),
    Column("settings", Text, nullable=False, default="{}"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Where the session happened (issue 12); added to older files by ``_add_missing_columns``.
    Column("district_code", String(8)),
    Column("kecamatan", String(120), nullable=False, default=""),
    Column("village", String(120), nullable=False, default=""),
)

participants = Table(
    "participants", metadata,
    Column("session_code", String(12), nullable=False),
    Column("code", String(12), nullable=False),
    Column("team_name", String(60)),
    Column("lang", String(2), nullable=False, default="id"),
    Column("current_activity", String(80)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_code", "code", name="uq_participant"),
    ForeignKeyConstraint(["session_code"], ["sessions.code"]),
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(36), nullable=False, unique=True),
    Column("session_code", String(12), nullable=False),
    Column("participant_code", String(12), nullable=False),
    Column("activity", String(80), nullable=False),
    Column("item", String(120), nullable=False),
    Column("answer", Text, nullable=False),
    Column("correct", Boolean),
    Column("detail", Text, nullable=False, default="{}"),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)

progress = Table(
    "progress", metadata,
    Column("session_code", String(12), nullable=False),
    Column("participant_code", String(12), nullable=False),
    Column("activity", String(80), nullable=False),
    Column("state", Text, nullable=False, default="{}"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_code", "participant_code", "activity", name="uq_progress"),
)

# A participant admitted at the join door (the page's plain-HTML form, serve/door.py) waits here
# until the page's own kernel takes it, by its kernel id, about a second later.
page_claims = Table(
    "page_claims", metadata,
    Column("page_id", String(64), primary_key=True),
    Column("session_code", String(12), nullable=False),
    Column("participant_code", String(12), nullable=False),
    Column("lang", String(2), nullable=False, default="id"),
    Column("text_size", String(16), nullable=False, default="normal"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class PageClaim:
    """Who a page's participant is, decided before the page's widgets were on the phone."""
    session_code: str
    participant_code: str
    lang: str
    text_size: str


class SessionClosed(Exception):
    """The facilitator has closed the session: no more joins (those already in may go on)."""


def now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(stamp: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every stamp the store writes is UTC."""
    if stamp is not None and stamp.tzinfo is None:
        return stamp.replace(tzinfo=timezone.utc)
    return stamp


def new_code(length: int = 4) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What a participant types ('k7m 2', 'K7M2') becomes the stored form ('K7M2')."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:12]


@dataclass(frozen=True)
class Session:
    code: str
    name: str
    place: str
    held_on: str
    settings: dict
    district_code: str | None = None
    kecamatan: str = ""
    village: str = ""


def _session(row) -> Session:
    return Session(row.code, row.name, row.place, row.held_on, json.loads(row.settings),
                   row.district_code, row.kecamatan or "", row.village or "")


@dataclass(frozen=True)
class Participant:
    session_code: str
    code: str
    team_name: str | None
    lang: str
    current_activity: str | None
    last_seen_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    id: int
    session_code: str
    participant_code: str
    activity: str
    item: str
    answer: str
    correct: bool | None
    detail: dict
    answered_at: datetime


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(Path(data_dir) / 'waspada.sqlite').resolve()}"


def driver_url(url: str) -> str:
    """``postgresql://…`` (what people write) uses psycopg 3, the driver the kit installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _prepare_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and IMMEDIATE write transactions on every SQLite connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get("for_write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def _add_missing_columns(engine: Engine) -> None:
    """A light migration: columns added to a table since a database file was created are added
    to it on start (nullable or with a default), so an older workshop file still loads."""
    from sqlalchemy import inspect
    from sqlalchemy.schema import CreateColumn

    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = [column for column in table.columns if column.name not in present]
        if not missing:
            continue
        for column in missing:
            ddl = str(CreateColumn(column).compile(dialect=engine.dialect))
            if not column.nullable:
                default = column.default.arg if column.default is not None else ""
                ddl = ddl.replace(" NOT NULL", "") + f" DEFAULT '{default}' NOT NULL"
            try:
                with engine.connect() as conn:
                    conn.execution_options(for_write=True)
                    with conn.begin():
                        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")
            except DBAPIError:
                # Another process starting at the same moment added it first.
                if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise


class Store:
    """Sessions, pseudonymous participants, answers and progress, behind one small API."""

    def __init__(self, url: str):
        url = driver_url(url)
        self.url = url
        is_sqlite = url.startswith("sqlite")
        self.engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000} if is_sqlite else {})
        if is_sqlite:
            _prepare_sqlite(self.engine)
        metadata.create_all(self.engine)
        _add_missing_columns(self.engine)

    @classmethod
    def in_data_dir(cls, data_dir: Path | str) -> "Store":
        path = Path(data_dir)
        path.mkdir(parents=True, exist_ok=True)
        return cls(sqlite_url(path))

    @classmethod
    def from_environment(cls) -> "Store":
        """The store `waspada serve` configured for its kernels (or the self-study one)."""
        import os

        from ..paths import data_dir
        url = os.environ.get(DATABASE_URL_ENV)
        return cls(url) if url else cls.in_data_dir(data_dir())

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(for_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    # ----------------------------------------------------------------- sessions
    def create_session(self, name: str, place: str = "", held_on: str = "",
                       settings: dict | None = None, district_code: str | None = None,
                       kecamatan: str = "", village: str = "") -> Session:
        kecamatan, village = kecamatan.strip()[:120], village.strip()[:120]
        district_code = (district_code or "").strip() or None
        for _ in range(20):
            code = new_code(6)
            with self._write() as conn:
                if conn.execute(select(sessions.c.code).where(sessions.c.code == code)).first():
                    continue
                conn.execute(insert(sessions).values(
                    code=code, name=name.strip()[:200], place=place.strip()[:200],
                    held_on=held_on.strip()[:10], settings=json.dumps(settings or {}),
                    created_at=now(), district_code=district_code, kecamatan=kecamatan,
                    village=village))
            return Session(code, name.strip(), place.strip(), held_on.strip(), settings or {},
                           district_code, kecamatan, village)
        raise RuntimeError("could not find a free session code")

    def ensure_session(self, code: str, name: str) -> Session:
        """A session with a fixed code (self-study), created on first use by any process."""
        with self._write() as conn:
            if not conn.execute(select(sessions.c.code).where(sessions.c.code == code)).first():
                conn.execute(insert(sessions).values(
                    code=code, name=name, place="", held_on="", settings="{}",
                    created_at=now()))
        session = self.get_session(code)
        assert session is not None
        return session

    def get_session(self, code: str) -> Session | None:
        with self._read() as conn:
            row = conn.execute(select(sessions).where(
                sessions.c.code == normalise_code(code))).first()
        return None if row is None else _session(row)

    def list_sessions(self) -> list[Session]:
        with self._read() as conn:
            rows = conn.execute(select(sessions).order_by(sessions.c.created_at.desc())).all()
        return [_session(r) for r in rows]

    def update_session_settings(self, code: str, **changes: Any) -> Session:
        with self._write() as conn:
            row = conn.execute(select(sessions.c.settings).where(sessions.c.code == code)).first()
            if row is None:
                raise KeyError(code)
            settings = {**json.loads(row.settings), **changes}
            conn.execute(update(sessions).where(sessions.c.code == code)
                         .values(settings=json.dumps(settings)))
        session = self.get_session(code)
        assert session is not None
        return session

    # --------------------------------------------------------------------- room
    def room(self, code: str) -> Room:
        """Where the facilitator has sent this session's phones (read once a second by each)."""
        with self._read() as conn:
            row = conn.execute(select(sessions.c.settings).where(
                sessions.c.code == code)).first()
        return Room.from_settings(json.loads(row.settings) if row else None)

    def update_room(self, code: str, change: Callable[[Room], Room] | None = None,
                    **changes: Any) -> Room:
        """Change the room in one write transaction (two facilitator windows cannot lose each
        other's change): either ``change(room) -> room`` or keyword changes."""
        with self._write() as conn:
            row = conn.execute(select(sessions.c.settings).where(
                sessions.c.code == code)).first()
            if row is None:
                raise KeyError(code)
            settings = json.loads(row.settings)
            room = Room.from_settings(settings)
            room = change(room) if change else room.changed(**changes)
            settings["room"] = room.to_settings()
            conn.execute(update(sessions).where(sessions.c.code == code)
                         .values(settings=json.dumps(settings)))
        return room

    def purge_session(self, code: str) -> int:
        """Delete a session with its participants, answers and progress, for good. Returns the
        number of answers deleted."""
        with self._write() as conn:
            deleted = conn.execute(delete(answers).where(answers.c.session_code == code)).rowcount
            conn.execute(delete(progress).where(progress.c.session_code == code))
            conn.execute(delete(participants).where(participants.c.session_code == code))
            conn.execute(delete(page_claims).where(page_claims.c.session_code == code))
            conn.execute(delete(sessions).where(sessions.c.code == code))
        return int(deleted or 0)

    # ------------------------------------------------------------- participants
    def join(self, session_code: str, lang: str = "id", team_name: str | None = None
             ) -> Participant:
        """A new pseudonymous participant (or team) in a session."""
        team = (team_name or "").strip()[:60] or None
        for _ in range(50):
            code = new_code(4)
            with self._write() as conn:
                session = conn.execute(select(sessions.c.settings).where(
                    sessions.c.code == session_code)).first()
                if session is not None and Room.from_settings(json.loads(session.settings)).closed:
                    raise SessionClosed(session_code)
                taken = conn.execute(select(participants.c.code).where(
                    participants.c.session_code == session_code,
                    participants.c.code == code)).first()
                if taken:
                    continue
                stamp = now()
                conn.execute(insert(participants).values(
                    session_code=session_code, code=code, team_name=team, lang=lang,
                    current_activity=None, created_at=stamp, last_seen_at=stamp))
            return Participant(session_code, code, team, lang, None)
        raise RuntimeError("the session has run out of participant codes")

    def get_participant(self, session_code: str, code: str) -> Participant | None:
        with self._read() as conn:
            row = conn.execute(select(participants).where(
                participants.c.session_code == session_code,
                participants.c.code == normalise_code(code))).first()
        if row is None:
            return None
        return Participant(row.session_code, row.code, row.team_name, row.lang,
                           row.current_activity)

    def list_participants(self, session_code: str) -> list[Participant]:
        with self._read() as conn:
            rows = conn.execute(select(participants).where(
                participants.c.session_code == session_code)
                .order_by(participants.c.created_at)).all()
        return [Participant(r.session_code, r.code, r.team_name, r.lang, r.current_activity,
                            _aware(r.last_seen_at)) for r in rows]

    def update_participant(self, session_code: str, code: str, *, lang: str | None = None,
                           current_activity: str | None = None) -> None:
        values: dict[str, Any] = {"last_seen_at": now()}
        if lang is not None:
            values["lang"] = lang
        if current_activity is not None:
            values["current_activity"] = current_activity
        with self._write() as conn:
            conn.execute(update(participants).where(
                participants.c.session_code == session_code,
                participants.c.code == code).values(**values))

    # -------------------------------------------------------------- page claims
    def claim_page(self, page_id: str, claim: PageClaim) -> None:
        """Hand a participant to the page whose kernel id is ``page_id`` (the last claim wins:
        a phone that tapped twice gets the participant of its second tap)."""
        with self._write() as conn:
            conn.execute(delete(page_claims).where(page_claims.c.page_id == page_id))
            conn.execute(insert(page_claims).values(
                page_id=page_id, session_code=claim.session_code,
                participant_code=claim.participant_code, lang=claim.lang,
                text_size=claim.text_size, created_at=now()))

    def take_page_claim(self, page_id: str) -> PageClaim | None:
        """The claim waiting for this page, removed as it is taken (one read when there is
        none, which is what a waiting page asks about once a second)."""
        with self._read() as conn:
            if conn.execute(select(page_claims.c.page_id).where(
                    page_claims.c.page_id == page_id)).first() is None:
                return None
        with self._write() as conn:
            row = conn.execute(select(page_claims).where(
                page_claims.c.page_id == page_id)).first()
            if row is None:
                return None
            conn.execute(delete(page_claims).where(page_claims.c.page_id == page_id))
        return PageClaim(row.session_code, row.participant_code, row.lang, row.text_size)

    # ------------------------------------------------------------------ answers
    def record_answer(self, session_code: str, participant_code: str, activity: str,
                      item: str, answer: str, correct: bool | None = None,
                      detail: dict | None = None, uid: str | None = None) -> int:
        """Commit one answer and return its row id. Call this *before* showing feedback.

        ``uid`` makes a retried write idempotent: the same uid is stored once."""
        uid = uid or str(uuid.uuid4())
        with self._write() as conn:
            existing = conn.execute(select(answers.c.id).where(answers.c.uid == uid)).first()
            if existing:
                return existing.id
            result = conn.execute(insert(answers).values(
                uid=uid, session_code=session_code, participant_code=participant_code,
                activity=activity, item=item, answer=str(answer)[:2000], correct=correct,
                detail=json.dumps(detail or {}, ensure_ascii=False), answered_at=now()))
            return int(result.inserted_primary_key[0])

    def answers(self, session_code: str | None = None, activity: str | None = None,
                participant_code: str | None = None) -> list[Answer]:
        query = select(answers).order_by(answers.c.id)
        if session_code is not None:
            query = query.where(answers.c.session_code == session_code)
        if activity is not None:
            query = query.where(answers.c.activity == activity)
        if participant_code is not None:
            query = query.where(answers.c.participant_code == participant_code)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [Answer(r.id, r.session_code, r.participant_code, r.activity, r.item, r.answer,
                       r.correct, json.loads(r.detail), r.answered_at) for r in rows]

    def count_answers(self, session_code: str | None = None) -> int:
        query = select(func.count()).select_from(answers)
        if session_code is not None:
            query = query.where(answers.c.session_code == session_code)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    # ----------------------------------------------------------------- progress
    def save_progress(self, session_code: str, participant_code: str, activity: str,
                      state: dict) -> None:
        payload = json.dumps(state, ensure_ascii=False)
        with self._write() as conn:
            changed = conn.execute(update(progress).where(
                progress.c.session_code == session_code,
                progress.c.participant_code == participant_code,
                progress.c.activity == activity).values(state=payload, updated_at=now()))
            if changed.rowcount == 0:
                conn.execute(insert(progress).values(
                    session_code=session_code, participant_code=participant_code,
                    activity=activity, state=payload, updated_at=now()))

    def progress_of_all(self, session_code: str, activity: str) -> dict[str, dict]:
        """Every participant's saved state for one activity: participant code → state."""
        with self._read() as conn:
            rows = conn.execute(select(progress.c.participant_code, progress.c.state).where(
                progress.c.session_code == session_code,
                progress.c.activity == activity)).all()
        return {r.participant_code: json.loads(r.state) for r in rows}

    def load_progress(self, session_code: str, participant_code: str, activity: str
                      ) -> dict | None:
        with self._read() as conn:
            row = conn.execute(select(progress.c.state).where(
                progress.c.session_code == session_code,
                progress.c.participant_code == participant_code,
                progress.c.activity == activity)).first()
        return json.loads(row.state) if row else None
