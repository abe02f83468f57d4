"""A session bundle: one zip that carries a workshop home from an offline laptop.

The zip is a Frictionless *tabular data package*: ``datapackage.json`` describes four CSV
tables (``session``, ``participants``, ``answers``, ``progress``) plus ``items.csv`` (which
version of the content each answered item had) and carries, under ``waspada``, the kit
version, the hash of the content the laptop ran with, the laptop's id and the session code.
Every resource has its ``hash`` (sha256) and ``bytes`` in the descriptor, and ``SHA256SUMS``
covers every file including the descriptor, so a cut-short download, a CSV opened and saved
in a spreadsheet, or a file that is not a bundle at all is refused before anything is imported.

What is never in a bundle: names, phone numbers, team names. Participants are their
pseudonymous codes; a team is only a yes/no flag, because a team name is free text typed on a
phone and often holds a person's or a family's name, and no programme figure needs it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml
from sqlalchemy import select

from .. import __version__
from ..content.base import ContentError, Problem
from ..engines import store as tables
from ..engines.store import Store, normalise_code

FORMAT = "waspada-session-bundle"
FORMAT_VERSION = 1
LAPTOP_ID_FILE = "laptop-id"
SUMS_FILE = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"

#: Each table of a bundle: (field name, Frictionless type, description).
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "session": [
        ("code", "string", "session code on the laptop it came from"),
        ("name", "string", "session name the facilitator typed"),
        ("place", "string", "place the facilitator typed"),
        ("held_on", "string", "date of the workshop, YYYY-MM-DD"),
        ("district_code", "string", "Kemendagri code of the kabupaten/kota (datasets/geo)"),
        ("kecamatan", "string", "kecamatan the facilitator typed"),
        ("village", "string", "village (desa/kelurahan) the facilitator typed"),
        ("created_at", "datetime", "when the session was created (UTC)"),
    ],
    "participants": [
        ("code", "string", "pseudonymous participant code, unique within the session"),
        ("team", "boolean", "true when one phone was shared by a group"),
        ("lang", "string", "language chosen: id or en"),
        ("joined_at", "datetime", "when the code was drawn (UTC)"),
    ],
    "answers": [
        ("uid", "string", "unique id of the answer (a retried write is stored once)"),
        ("participant_code", "string", "who answered (participants.code)"),
        ("activity", "string", "agenda activity id"),
        ("item", "string", "card, case, node or question id"),
        ("answer", "string", "the pile, verdict, choice or option given"),
        ("correct", "boolean", "whether it matched the agreed answer; empty when none"),
        ("detail", "string", "JSON with what else the activity recorded"),
        ("answered_at", "datetime", "when it was stored (UTC)"),
    ],
    "progress": [
        ("participant_code", "string", "whose place in the activity"),
        ("activity", "string", "agenda activity id"),
        ("state", "string", "JSON state to resume the activity"),
        ("updated_at", "datetime", "last change (UTC)"),
    ],
    "items": [
        ("activity", "string", "agenda activity id"),
        ("item", "string", "item id as in answers.item"),
        ("source", "string", "content file (and #id inside it) that defines the item"),
        ("fingerprint", "string", "sha256 (12 hex digits) of that definition when exported"),
    ],
}


class BundleError(ContentError):
    """A bundle that cannot be read or imported; each problem names the file and the fix."""


@dataclass(frozen=True)
class Bundle:
    """A verified bundle, read into memory."""

    path: Path
    meta: dict
    bundle_hash: str
    tables: dict[str, list[dict[str, str]]]

    @property
    def laptop_id(self) -> str:
        return self.meta["laptop_id"]

    @property
    def session(self) -> dict[str, str]:
        return self.tables["session"][0]


# --------------------------------------------------------------------------- identity and content

def laptop_id(data_dir: Path | str) -> str:
    """This laptop's random id, drawn once and kept in the data folder (never a hardware id)."""
    path = Path(data_dir) / LAPTOP_ID_FILE
    if path.exists():
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(8)
    path.write_text(value + "\n", encoding="utf-8")
    return value


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_files(datasets: Path) -> dict[str, str]:
    """sha256 of every content file, by path relative to ``datasets/``."""
    root = Path(datasets)
    return {path.relative_to(root).as_posix(): _sha256(path.read_bytes())
            for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in
                                          path.relative_to(root).parts)}


def content_hash(datasets: Path) -> str:
    """One hash for the whole content folder: changes when any file changes."""
    lines = "".join(f"{name}\0{digest}\n" for name, digest in content_files(datasets).items())
    return _sha256(lines.encode("utf-8"))


@lru_cache(maxsize=4)
def _ids_in_yaml(datasets: str) -> dict[str, tuple[str, str]]:
    """id → (file#id, hash of that mapping) for every mapping with an ``id`` in the YAML files,
    for items that live many to a file (a question bank)."""
    found: dict[str, tuple[str, str]] = {}
    root = Path(datasets)
    for path in sorted(root.rglob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        stack: list[Any] = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    canonical = json.dumps(node, sort_keys=True, ensure_ascii=False, default=str)
                    found.setdefault(node["id"], (f"{path.relative_to(root).as_posix()}"
                                                  f"#{node['id']}", _sha256(canonical.encode())))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


def item_version(datasets: Path, files: dict[str, str], item: str, detail: dict
                 ) -> tuple[str, str]:
    """(source, fingerprint) of the content that defines an answered item.

    A scenario node belongs to its scenario file; a card, case or story to the file named like
    it (``redflags/<card>.yaml``, ``elements:<case>`` → ``…/<case>.yaml``); otherwise the YAML
    mapping whose ``id`` is the item. Unknown items get an empty fingerprint."""
    by_stem: dict[str, list[str]] = {}
    for name in files:
        by_stem.setdefault(Path(name).stem, []).append(name)
    scenario = detail.get("scenario") if isinstance(detail, dict) else None
    for key in ([str(scenario)] if scenario else []) + [item.rsplit(":", 1)[-1]]:
        named = by_stem.get(key, [])
        if len(named) == 1:
            return named[0], files[named[0]][:12]
    hit = _ids_in_yaml(str(Path(datasets).resolve())).get(item.rsplit(":", 1)[-1])
    return (hit[0], hit[1][:12]) if hit else ("", "")


# --------------------------------------------------------------------------------------- export

def _csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return stamp.astimezone(timezone.utc).isoformat()
    return str(value)


def session_tables(store: Store, session_code: str, datasets: Path
                   ) -> dict[str, list[dict[str, Any]]]:
    """The four tables of one session from a workshop store, plus the item versions."""
    code = normalise_code(session_code)
    with store.engine.connect() as conn:
        session = conn.execute(select(tables.sessions).where(
            tables.sessions.c.code == code)).first()
        if session is None:
            raise KeyError(code)
        people = conn.execute(select(tables.participants).where(
            tables.participants.c.session_code == code)
            .order_by(tables.participants.c.created_at)).all()
        given = conn.execute(select(tables.answers).where(
            tables.answers.c.session_code == code).order_by(tables.answers.c.id)).all()
        places = conn.execute(select(tables.progress).where(
            tables.progress.c.session_code == code)).all()
    files = content_files(datasets)
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for row in given:
        if (row.activity, row.item) not in items:
            source, fingerprint = item_version(datasets, files, row.item, json.loads(row.detail))
            items[(row.activity, row.item)] = {"activity": row.activity, "item": row.item,
                                               "source": source, "fingerprint": fingerprint}
    return {
        "session": [{"code": session.code, "name": session.name, "place": session.place,
                     "held_on": session.held_on, "district_code": session.district_code,
                     "kecamatan": session.kecamatan, "village": session.village,
                     "created_at": session.created_at}],
        "participants": [{"code": p.code, "team": bool(p.team_name), "lang": p.lang,
                          "joined_at": p.created_at} for p in people],
        "answers": [{"uid": a.uid, "participant_code": a.participant_code,
                     "activity": a.activity, "item": a.item, "answer": a.answer,
                     "correct": a.correct, "detail": a.detail, "answered_at": a.answered_at}
                    for a in given],
        "progress": [{"participant_code": p.participant_code, "activity": p.activity,
                      "state": p.state, "updated_at": p.updated_at} for p in places],
        "items": sorted(items.values(), key=lambda i: (i["activity"], i["item"])),
    }


def export_bundle(store: Store, session_code: str, out: Path | str,
                  data_dir: Path | str | None = None, datasets: Path | None = None) -> Path:
    """Write one session as a bundle zip and return its path (the console's export button).

    ``data_dir`` holds the laptop id (default: the store's folder for SQLite, else the kit's
    data folder); ``datasets`` is the content the session ran with (default: the kit's)."""
    from ..paths import data_dir as default_data_dir
    from ..paths import datasets_dir

    datasets = Path(datasets or datasets_dir())
    if data_dir is None:
        database = store.engine.url.database if store.url.startswith("sqlite") else None
        data_dir = Path(database).parent if database else default_data_dir()
    rows = session_tables(store, session_code, datasets)
    code = rows["session"][0]["code"]
    settings = {}
    with store.engine.connect() as conn:
        raw = conn.execute(select(tables.sessions.c.settings).where(
            tables.sessions.c.code == code)).scalar_one()
        settings = json.loads(raw or "{}")
    current = content_hash(datasets)
    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kit_version": __version__,
        # The content the session was created with when the console recorded it, else now.
        "content_hash": settings.get("content_hash") or current,
        "content_hash_at_export": current,
        "laptop_id": laptop_id(data_dir), "session_code": code,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    payload = {f"{name}.csv": _csv([f[0] for f in FIELDS[name]], rows[name]) for name in FIELDS}
    resources = [{
        "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": len(payload[f"{name}.csv"]), "hash": f"sha256:{_sha256(payload[f'{name}.csv'])}",
        "schema": {"fields": [{"name": f, "type": t, "description": d}
                              for f, t, d in FIELDS[name]]},
    } for name in FIELDS]
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"waspada-session-{code.lower()}-{meta['laptop_id']}",
        "title": f"Waspada workshop session {code}",
        "description": "One workshop session exported by the Waspada kit: pseudonymous "
                       "participant codes, their answers and progress. No names, no phone "
                       "numbers, no team names.",
        "created": meta["exported_at"],
        "resources": resources,
        "waspada": meta,
    }
    payload[DESCRIPTOR] = json.dumps(descriptor, indent=1, ensure_ascii=False).encode("utf-8")
    sums = "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(payload.items()))
    payload[SUMS_FILE] = sums.encode("utf-8")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in [DESCRIPTOR, *(f"{n}.csv" for n in FIELDS), SUMS_FILE]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, payload[name])
    partial.replace(out)  # never a half-written bundle under the real name
    return out


# ----------------------------------------------------------------------------------------- read

def _refuse(path: Path, where: str, what: str, fix: str) -> BundleError:
    return BundleError([Problem(path, where, what, fix)])


ASK_AGAIN = "ask the facilitator to export the session again (waspada export) and send the new file"


def read_bundle(path: Path | str) -> Bundle:
    """Open and verify a bundle; raise ``BundleError`` naming the file and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, "", "the file does not exist", "check the file name")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            broken = zf.testzip()
            if broken:
                raise _refuse(path, broken, "this part of the zip is damaged", ASK_AGAIN)
            files = {name: zf.read(name) for name in names}
    except zipfile.BadZipFile as error:
        raise _refuse(path, "", f"this is not a complete zip file ({error}); it may have been "
                      "cut short while sending, or it is not a Waspada bundle", ASK_AGAIN) from error
    if DESCRIPTOR not in files:
        raise _refuse(path, DESCRIPTOR, "the zip has no datapackage.json: it is not a Waspada "
                      "session bundle", "import only files written by `waspada export`")
    try:
        descriptor = json.loads(files[DESCRIPTOR].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refuse(path, DESCRIPTOR, f"datapackage.json is not valid JSON ({error})",
                      ASK_AGAIN) from error
    meta = descriptor.get("waspada") if isinstance(descriptor, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise _refuse(path, "waspada.format", "this data package is not a Waspada session "
                      "bundle", "import only files written by `waspada export`")
    if meta.get("format_version") != FORMAT_VERSION:
        raise _refuse(path, "waspada.format_version",
                      f"bundle format {meta.get('format_version')} is not the one this kit reads "
                      f"({FORMAT_VERSION})", "update the kit on this computer, then import again")
    for key in ("laptop_id", "session_code", "content_hash", "kit_version"):
        if not isinstance(meta.get(key), str) or not meta.get(key):
            raise _refuse(path, f"waspada.{key}", "this field is missing", ASK_AGAIN)
    if SUMS_FILE not in files:
        raise _refuse(path, SUMS_FILE, "the checksum list is missing", ASK_AGAIN)
    expected: dict[str, str] = {}
    for line in files[SUMS_FILE].decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        expected[name] = digest
    for name, data in sorted(files.items()):
        if name == SUMS_FILE:
            continue
        if name not in expected:
            raise _refuse(path, name, "this file was added to the bundle after it was written",
                          ASK_AGAIN)
        if _sha256(data) != expected[name]:
            raise _refuse(path, name, "this file was changed after export (its checksum does not "
                          "match); a CSV opened and saved in a spreadsheet changes it", ASK_AGAIN)
    for name in expected:
        if name not in files:
            raise _refuse(path, name, "this file is missing from the bundle", ASK_AGAIN)
    tables_read: dict[str, list[dict[str, str]]] = {}
    resources = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    for name, fields in FIELDS.items():
        resource = resources.get(name)
        data = files.get(f"{name}.csv")
        if resource is None or data is None:
            raise _refuse(path, f"{name}.csv", "this table is missing", ASK_AGAIN)
        if resource.get("hash") != f"sha256:{_sha256(data)}" or resource.get("bytes") != len(data):
            raise _refuse(path, f"{name}.csv", "the table does not match its description in "
                          "datapackage.json (size or hash)", ASK_AGAIN)
        reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
        columns = [f[0] for f in fields]
        if reader.fieldnames != columns:
            raise _refuse(path, f"{name}.csv", f"the columns are {reader.fieldnames}, expected "
                          f"{columns}", ASK_AGAIN)
        tables_read[name] = list(reader)
    if len(tables_read["session"]) != 1 or tables_read["session"][0]["code"] != meta["session_code"]:
        raise _refuse(path, "session.csv", "the session table does not hold exactly the session "
                      "the bundle names", ASK_AGAIN)
    people = {p["code"] for p in tables_read["participants"]}
    for number, row in enumerate(tables_read["answers"], start=2):
        if row["participant_code"] not in people:
            raise BundleError([Problem(path, "answers.csv", f"answer by unknown participant "
                                       f"{row['participant_code']}", ASK_AGAIN, number)])
    bundle_hash = _sha256(files[SUMS_FILE])
    return Bundle(path, meta, bundle_hash, tables_read)
