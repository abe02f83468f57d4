"""The programme store: every imported session, kept apart by the laptop it came from.

Separate ``programme_*`` tables (their own MetaData) in any database the kit can use, so one
PostgreSQL database can be both a district server's live store and its programme store without
the two mixing. A session is keyed by (laptop id, session code): two laptops that drew the same
code stay two sessions; participants and answers hang off that key. Each answer keeps the
fingerprint of the content item it answered, so a card whose wording changed between kit
versions is counted as a separate version in the report.

Import is idempotent row by row: an answer already present (same session, same uid) is not added
again, so importing a bundle twice, or a later export of the same session, adds only what is
new. All the bundles of one ``import`` are verified first and written in one transaction:
a bad file means nothing is imported."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Integer, MetaData, String,
                        Table, Text, UniqueConstraint, insert, select, update)

from ..engines.store import Answer, driver_url, sqlite_url
from .bundle import Bundle, read_bundle

metadata = MetaData()

p_sessions = Table(
    "programme_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("laptop_id", String(40), nullable=False),
    Column("code", String(12), nullable=False),
    Column("name", String(200), nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("held_on", String(10), nullable=False, default=""),
    Column("district_code", String(8)),
    Column("kecamatan", String(120), nullable=False, default=""),
    Column("village", String(120), nullable=False, default=""),
    Column("created_at", String(40), nullable=False, default=""),
    Column("kit_version", String(20), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("laptop_id", "code", name="uq_programme_session"),
)

p_participants = Table(
    "programme_participants", metadata,
    Column("session_id", Integer, ForeignKey("programme_sessions.id"), nullable=False),
    Column("code", String(12), nullable=False),
    Column("team", Boolean, nullable=False, default=False),
    Column("lang", String(2), nullable=False, default="id"),
    Column("joined_at", String(40), nullable=False, default=""),
    UniqueConstraint("session_id", "code", name="uq_programme_participant"),
)

p_answers = Table(
    "programme_answers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Integer, ForeignKey("programme_sessions.id"), nullable=False),
    Column("uid", String(36), nullable=False),
    Column("participant_code", String(12), nullable=False),
    Column("activity", String(80), nullable=False),
    Column("item", String(120), nullable=False),
    Column("answer", Text, nullable=False),
    Column("correct", Boolean),
    Column("detail", Text, nullable=False, default="{}"),
    Column("answered_at", String(40), nullable=False),
    Column("fingerprint", String(16), nullable=False, default=""),
    UniqueConstraint("session_id", "uid", name="uq_programme_answer"),
)

p_progress = Table(
    "programme_progress", metadata,
    Column("session_id", Integer, ForeignKey("programme_sessions.id"), nullable=False),
    Column("participant_code", String(12), nullable=False),
    Column("activity", String(80), nullable=False),
    Column("state", Text, nullable=False, default="{}"),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("session_id", "participant_code", "activity",
                     name="uq_programme_progress"),
)

p_bundles = Table(
    "programme_bundles", metadata,
    Column("bundle_hash", String(64), primary_key=True),
    Column("session_id", Integer, ForeignKey("programme_sessions.id"), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("answers_added", Integer, nullable=False),
)


@dataclass(frozen=True)
class Imported:
    """What one bundle added (zero rows when it was imported before)."""

    file: Path
    session: str  # "laptop/CODE"
    new_session: bool
    participants_added: int
    answers_added: int
    already: bool


@dataclass(frozen=True)
class ProgrammeSession:
    id: int
    laptop_id: str
    code: str
    name: str
    place: str
    held_on: str
    district_code: str | None
    kecamatan: str
    village: str
    kit_version: str
    content_hash: str

    @property
    def key(self) -> str:
        """How answers name their session in the report: laptop id and code together."""
        return f"{self.laptop_id}/{self.code}"


def _bool(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text.strip().lower())


class ProgrammeStore:
    """Imported sessions from many laptops, on SQLite or PostgreSQL."""

    def __init__(self, url: str):
        from ..engines.store import Store

        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # The workshop store prepares SQLite (WAL, busy timeout, immediate writes) the same way.
        self.workshop = Store(url)
        self.engine = self.workshop.engine
        metadata.create_all(self.engine)

    @classmethod
    def open(cls, data_dir: Path | str | None = None, database_url: str | None = None
             ) -> "ProgrammeStore":
        if database_url:
            return cls(driver_url(database_url))
        folder = Path(data_dir or "workshop-data")
        folder.mkdir(parents=True, exist_ok=True)
        return cls(sqlite_url(folder))

    # --------------------------------------------------------------------------------- import
    def import_files(self, paths: Iterable[Path | str]) -> list[Imported]:
        """Verify every file, then import them all in one transaction (or nothing)."""
        bundles = [read_bundle(path) for path in paths]
        with self.engine.connect() as conn:
            conn.execution_options(for_write=True)
            with conn.begin():
                return [self._import(conn, bundle) for bundle in bundles]

    def _import(self, conn, bundle: Bundle) -> Imported:
        stamp = datetime.now(timezone.utc)
        meta, session = bundle.meta, bundle.session
        key = f"{bundle.laptop_id}/{session['code']}"
        row = conn.execute(select(p_sessions.c.id).where(
            p_sessions.c.laptop_id == bundle.laptop_id,
            p_sessions.c.code == session["code"])).first()
        described = dict(name=session["name"], place=session["place"],
                         held_on=session["held_on"], district_code=session["district_code"] or None,
                         kecamatan=session["kecamatan"], village=session["village"],
                         created_at=session["created_at"], kit_version=meta["kit_version"],
                         content_hash=meta["content_hash"])
        if row is None:
            session_id = int(conn.execute(insert(p_sessions).values(
                laptop_id=bundle.laptop_id, code=session["code"], imported_at=stamp,
                **described)).inserted_primary_key[0])
        else:
            session_id = row.id
            # A later export may correct the district or the place: keep the newest description.
            conn.execute(update(p_sessions).where(p_sessions.c.id == session_id)
                         .values(**described))
        if conn.execute(select(p_bundles.c.bundle_hash).where(
                p_bundles.c.bundle_hash == bundle.bundle_hash)).first():
            return Imported(bundle.path, key, False, 0, 0, True)
        known = {r.code for r in conn.execute(select(p_participants.c.code).where(
            p_participants.c.session_id == session_id))}
        people = [dict(session_id=session_id, code=p["code"], team=bool(_bool(p["team"])),
                       lang=p["lang"] or "id", joined_at=p["joined_at"])
                  for p in bundle.tables["participants"] if p["code"] not in known]
        if people:
            conn.execute(insert(p_participants), people)
        versions = {(i["activity"], i["item"]): i["fingerprint"] for i in bundle.tables["items"]}
        seen = {r.uid for r in conn.execute(select(p_answers.c.uid).where(
            p_answers.c.session_id == session_id))}
        new_answers = [dict(session_id=session_id, uid=a["uid"],
                            participant_code=a["participant_code"], activity=a["activity"],
                            item=a["item"], answer=a["answer"], correct=_bool(a["correct"]),
                            detail=a["detail"] or "{}", answered_at=a["answered_at"],
                            fingerprint=versions.get((a["activity"], a["item"]), ""))
                       for a in bundle.tables["answers"] if a["uid"] not in seen]
        if new_answers:
            conn.execute(insert(p_answers), new_answers)
        places = {(r.participant_code, r.activity): r.updated_at for r in conn.execute(
            select(p_progress).where(p_progress.c.session_id == session_id))}
        for place in bundle.tables["progress"]:
            where = (place["participant_code"], place["activity"])
            if where not in places:
                conn.execute(insert(p_progress).values(session_id=session_id, **place))
            elif place["updated_at"] > places[where]:
                conn.execute(update(p_progress).where(
                    p_progress.c.session_id == session_id,
                    p_progress.c.participant_code == where[0],
                    p_progress.c.activity == where[1]).values(
                        state=place["state"], updated_at=place["updated_at"]))
        conn.execute(insert(p_bundles).values(
            bundle_hash=bundle.bundle_hash, session_id=session_id,
            file_name=bundle.path.name[:255], imported_at=stamp,
            answers_added=len(new_answers)))
        return Imported(bundle.path, key, row is None, len(people), len(new_answers), False)

    # ---------------------------------------------------------------------------------- read
    def sessions(self, start: date | None = None, end: date | None = None
                 ) -> list[ProgrammeSession]:
        """Imported sessions, held between ``start`` and ``end`` (inclusive) when given."""
        query = select(p_sessions).order_by(p_sessions.c.held_on, p_sessions.c.laptop_id,
                                            p_sessions.c.code)
        if start:
            query = query.where(p_sessions.c.held_on >= start.isoformat())
        if end:
            query = query.where(p_sessions.c.held_on <= end.isoformat())
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [ProgrammeSession(r.id, r.laptop_id, r.code, r.name, r.place, r.held_on,
                                 r.district_code, r.kecamatan, r.village, r.kit_version,
                                 r.content_hash) for r in rows]

    def participants(self, sessions: list[ProgrammeSession]) -> dict[int, list[dict]]:
        ids = [s.id for s in sessions]
        out: dict[int, list[dict]] = {i: [] for i in ids}
        if not ids:
            return out
        with self.engine.connect() as conn:
            for r in conn.execute(select(p_participants).where(
                    p_participants.c.session_id.in_(ids))):
                out[r.session_id].append({"code": r.code, "team": r.team, "lang": r.lang})
        return out

    def answers(self, sessions: list[ProgrammeSession]) -> list["VersionedAnswer"]:
        """Answers of these sessions, in the shape the engines' tallies read (``Answer``), with
        ``session_code`` = laptop/CODE so equal codes from two laptops never meet."""
        by_id = {s.id: s for s in sessions}
        if not by_id:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(p_answers).where(p_answers.c.session_id.in_(list(by_id)))
                                .order_by(p_answers.c.id)).all()
        return [VersionedAnswer(r.id, by_id[r.session_id].key, r.participant_code, r.activity,
                                r.item, r.answer, r.correct, json.loads(r.detail or "{}"),
                                _parse_time(r.answered_at), r.fingerprint) for r in rows]

    def count_answers(self) -> int:
        from sqlalchemy import func

        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(p_answers)).scalar_one())


@dataclass(frozen=True)
class VersionedAnswer(Answer):
    """An imported answer and the fingerprint of the content item it answered."""

    fingerprint: str = ""


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime.fromtimestamp(0, timezone.utc)
