"""``POST /waspada/pintu``: the join door's form (``views/door.py``) reaching the laptop.

The door is plain HTML on the phone long before Voilà's front end is, so the laptop, not the
page's kernel, admits the participant: the same rules as the app's home screen
(``participation.admit`` / ``readmit``), in the server process, off its event loop. The result
is a claim for the page's kernel (``Store.claim_page``), which the app takes within a second and
opens on the content warning."""

from __future__ import annotations

import json
import re

import tornado.web
from tornado.ioloop import IOLoop

from ..content import Catalog
from ..engines.store import PageClaim, Store
from ..participation import (SELF_STUDY_SESSION, TEXT_SIZES, NotAdmitted, admit, readmit)

ENDPOINT = "waspada/pintu"
ACTIONS = ("join", "resume", "self-study")
# A Jupyter kernel id: a UUID. Anything else is not a page of this server.
PAGE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_BODY_BYTES = 4096


class DoorRequest:
    """What the door sent, checked: unknown or oversized values are refused, not guessed."""

    def __init__(self, body: bytes):
        if len(body) > MAX_BODY_BYTES:
            raise ValueError("too large")
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        self.page = self._text(data, "page", 36)
        self.action = self._text(data, "action", 12)
        if not PAGE_ID.match(self.page) or self.action not in ACTIONS:
            raise ValueError("page or action")
        self.lang = data.get("bahasa") if data.get("bahasa") in ("id", "en") else "id"
        self.size = data.get("ukuran") if data.get("ukuran") in TEXT_SIZES else "normal"
        self.session = self._text(data, "sesi", 40)
        self.code = self._text(data, "kode", 40)
        team = data.get("kelompok")
        self.team_name = None if team is None else self._text(data, "kelompok", 60)

    @staticmethod
    def _text(data: dict, key: str, limit: int) -> str:
        value = data.get(key) or ""
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(key)
        return value


def admit_at_door(store: Store, request: DoorRequest) -> PageClaim:
    """Admit the participant the door asked for and leave the claim for its page."""
    if request.action == "resume":
        session, participant = readmit(store, request.session, request.code)
        lang = participant.lang
    else:
        typed = SELF_STUDY_SESSION if request.action == "self-study" else request.session
        team = request.team_name if request.action == "join" else None
        session, participant = admit(store, typed, lang=request.lang, team_name=team)
        lang = request.lang
    claim = PageClaim(session.code, participant.code, lang, request.size)
    store.claim_page(request.page, claim)
    return claim


class DoorHandler(tornado.web.RequestHandler):
    """The door's one request. JSON only, so a form on another site cannot send it; the page's
    kernel id (a random UUID only that page knows, and it must be a live kernel here) says which
    page the participant is for."""

    def initialize(self, manager, catalog: Catalog, store: Store) -> None:
        self.manager, self.catalog, self.store = manager, catalog, store

    def check_xsrf_cookie(self) -> None:
        return None  # the door posts before Voilà's scripts; JSON + kernel id stand in for it

    def reply(self, status: int, payload: dict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload))

    async def post(self) -> None:
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            self.reply(415, {"message": "JSON only"})
            return
        try:
            request = DoorRequest(self.request.body)
        except (ValueError, UnicodeDecodeError):
            self.reply(400, {"message": self.catalog.strings("app.door_no_answer", "id")})
            return
        if request.page not in self.manager:
            self.reply(404, {"message": self.catalog.strings("app.door_page_gone", request.lang)})
            return
        try:
            claim = await IOLoop.current().run_in_executor(None, admit_at_door, self.store,
                                                           request)
        except NotAdmitted as refused:
            self.reply(400, {"message": self.catalog.strings(refused.key, request.lang,
                                                             **refused.values)})
            return
        self.reply(200, {"sesi": claim.session_code, "kode": claim.participant_code,
                         "bahasa": claim.lang})
