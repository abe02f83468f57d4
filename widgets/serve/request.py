"""The page request, as a kernel sees it.

A preheated kernel runs the participant app's first cells before any phone has asked for the
page; Voilà hands the real request (its query string: ``?sesi=...&kode=...``) to the kernel over
a websocket once a phone arrives. ``voila.utils.get_query_string`` does this, but importing
``voila`` pulls in the whole Jupyter server (about 1.5 s of CPU per kernel on two cores, on the
path of every join), so this module speaks the same small protocol with ``websockets`` alone."""

from __future__ import annotations

import json
import logging
import os

PREHEAT_ENV = "VOILA_PREHEAT"
WAIT_SECONDS = 30
#: Set by ``waspada serve`` for its kernels: the participant page there has the join door.
DOOR_ENV = "WASPADA_DOOR"


def _query_socket_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def wait_for_request() -> None:
    """In a preheated kernel, block until a phone opens the page, then put the request's
    variables (``QUERY_STRING`` and the rest) into ``os.environ`` as Voilà does."""
    if os.environ.get(PREHEAT_ENV, "False") != "True":
        return
    from websockets.sync.client import connect

    try:
        # No keep-alive pings: on loopback they only add a way to fail (a server busy starting
        # the room's kernels answers a ping late and the socket would be closed).
        with connect(_query_socket_url(), open_timeout=WAIT_SECONDS,
                     ping_interval=None) as socket:
            payload = socket.recv()  # no timeout: a pooled kernel may wait hours for a phone
    except Exception as error:  # noqa: BLE001 - any failure must still give a usable page
        logging.getLogger("waspada").warning("no request info from Voilà: %s", error)
        return  # the app starts on its home screen; the participant types their codes
    for key, value in json.loads(payload).items():
        os.environ[key] = str(value)


def query_string() -> str:
    wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def door_page_id() -> str | None:
    """The id the join door claims this page by (its kernel id), when the page has the door:
    served by ``waspada serve``; not in JupyterLab, nbval or plain Voilà."""
    if os.environ.get(DOOR_ENV) != "1":
        return None
    return os.environ.get("VOILA_KERNEL_ID") or None
