"""The Voilà application behind ``waspada serve``: Voilà's own, with a few handlers in front."""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import tornado.ioloop
import tornado.web
from jupyter_core.utils import run_sync
from traitlets.config import Config
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

from ..content import ContentError, cached_catalog
from ..content.audio import AUDIO_DIR
from ..engines.store import Store
from ..paths import NOTEBOOKS, SLIDES, datasets_dir
from . import FACILITATOR_NOTEBOOK, PARTICIPANT_NOTEBOOK
from .door import ENDPOINT as DOOR_ENDPOINT
from .door import DoorHandler
from .pool import CLIENT, PageRequest, room_manager_class
from .request import DOOR_ENV

PACE_MILLISECONDS = 500
IOPUB_WAIT_SECONDS = 60
# The facilitator's own browser (console, projector, previews) is not capped per device.
THE_LAPTOP = {"127.0.0.1", "::1"}

ROOM_FULL_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="refresh" content="30"><title>Waspada — ruangan penuh / room full</title>
<style>body{{font-family:system-ui,sans-serif;font-size:19px;line-height:1.5;max-width:34em;
margin:2em auto;padding:0 1em;color:#1d2433}}h1{{color:#0b6e4f}}</style></head><body>
<h1>Ruangan sedang penuh</h1>
<p>Laptop fasilitator sudah melayani {live} peserta, batas yang ditetapkan. Tunggu sebentar:
halaman ini mencoba lagi sendiri setiap 30 detik. Atau bergabunglah dengan teman dalam satu
ponsel.</p>
<h1 lang="en">The room is full</h1>
<p lang="en">The facilitator's laptop is already serving {live} participants, the set limit.
Please wait: this page tries again by itself every 30 seconds. Or join a neighbour on their
phone.</p></body></html>"""

DEVICE_FULL_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="refresh" content="30"><title>Waspada — terlalu banyak halaman / too many pages</title>
<style>body{{font-family:system-ui,sans-serif;font-size:19px;line-height:1.5;max-width:34em;
margin:2em auto;padding:0 1em;color:#1d2433}}h1{{color:#0b6e4f}}</style></head><body>
<h1>Terlalu banyak halaman dari perangkat ini</h1>
<p>Perangkat ini sudah membuka {live} halaman Waspada. Tutup halaman Waspada yang lain di
perangkat ini; halaman ini mencoba lagi sendiri setiap 30 detik.</p>
<h1 lang="en">Too many pages from this device</h1>
<p lang="en">This device already has {live} Waspada pages open. Close the other Waspada pages on
this device; this page tries again by itself every 30 seconds.</p></body></html>"""


class RedirectWithQuery(tornado.web.RequestHandler):
    """``/`` → the participant app, keeping ``?sesi=...`` from the QR code."""

    def initialize(self, target: str) -> None:
        self.target = target

    def get(self, *_args) -> None:
        query = self.request.query
        self.redirect(self.target + (f"?{query}" if query else ""))


class SlidesHandler(tornado.web.StaticFileHandler):
    """The facilitator's reveal.js decks (``waspada slides``) at ``/slides/``: static files,
    read-only, nothing executed; decks use relative paths, so the same files open from a USB
    stick."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")


class CappedVoilaHandler(TornadoVoilaHandler):
    """Voilà's notebook page, refused politely once the room's cap or this device's share of it
    is reached. Kernels waiting in the pool do not count: only pages handed out."""

    def initialize(self, **kwargs):
        self.max_kernels = kwargs.pop("max_kernels")
        self.per_device = kwargs.pop("per_device")
        super().initialize(**kwargs)

    def refuse(self, page: str, live: int) -> None:
        self.set_status(503)
        self.set_header("Retry-After", "30")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.format(live=html.escape(str(live))))

    @tornado.web.authenticated
    async def get(self, path=None):
        manager, client = self.kernel_manager, self.request.remote_ip
        live = manager.live_pages()
        if live >= self.max_kernels:
            self.refuse(ROOM_FULL_PAGE, live)
            return
        if client not in THE_LAPTOP and manager.pages_of(client) >= self.per_device:
            await manager.free_unconnected(client)  # pages this device reloaded or closed
            mine = manager.pages_of(client)
            if mine >= self.per_device:
                self.refuse(DEVICE_FULL_PAGE, mine)
                return
        request = PageRequest(manager, client)  # counted from now on, before its kernel exists
        CLIENT.set(request)  # read by the kernel manager when it hands out or starts a kernel
        try:
            await super().get(path)
        finally:
            request.done()


class UnloadShutdownHandler(VoilaShutdownKernelHandler):
    """The page's own "shut my kernel down" on unload. Voilà's page sends it without the XSRF
    token, so stock Voilà refuses it (voila#1458) and every reload leaks a kernel. A kernel id is
    a random UUID known only to its page, so the id itself is the credential here."""

    def check_xsrf_cookie(self) -> None:
        return None


class StatusHandler(tornado.web.RequestHandler):
    """``/waspada/status``: how ready the room is, as JSON (no names, no codes, no answers)."""

    def initialize(self, manager) -> None:
        self.manager = manager

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(self.manager.room_status()))


class WaspadaVoila(Voila):
    """Voilà with gzip on, the Waspada routes first, the room's kernel manager (paced pool,
    per-device cap) and a stop that ends every kernel at once."""

    max_kernels = 60
    per_device = 4
    pool_minimum = 2
    door_catalog = None  # the content the join door was built from; None: no door
    starting_limit = 2
    data_dir: Path | None = None

    def init_settings(self):
        settings = super().init_settings()
        settings["compress_response"] = True  # read by tornado.web.Application at construction
        # Voilà builds its preheating manager class from multi_kernel_manager_class (the base it
        # wraps); the room's pacing overrides that class's refill, so subclass what was built.
        # The manager Voilà made has started nothing (every pool is configured to 0).
        built = self.kernel_manager
        manager = room_manager_class(type(built), PARTICIPANT_NOTEBOOK)(
            parent=self, connection_dir=self.connection_dir,
            kernel_spec_manager=self.kernel_spec_manager,
            allowed_message_types=built.allowed_message_types)
        manager.max_kernels, manager.data_dir = self.max_kernels, self.data_dir
        manager.minimum_pool, manager.starting_limit = self.pool_minimum, self.starting_limit
        self.kernel_manager = settings["kernel_manager"] = manager
        return settings

    def init_handlers(self):
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                options = dict(rest[0]) if rest else {}
                options.update(max_kernels=self.max_kernels, per_device=self.per_device)
                handlers.append((pattern, CappedVoilaHandler, options))
            elif handler is VoilaShutdownKernelHandler:
                handlers.append((pattern, UnloadShutdownHandler, *rest))
            else:
                handlers.append((pattern, handler, *rest))
        base = self.server_url
        participant = f"{base}voila/render/{PARTICIPANT_NOTEBOOK}"
        facilitator = f"{base}voila/render/{FACILITATOR_NOTEBOOK}"
        front = [
            (rf"{base}", RedirectWithQuery, {"target": participant}),
            (rf"{base}voila/?", RedirectWithQuery, {"target": participant}),
            (rf"{base}voila/tree(/.*)?", RedirectWithQuery, {"target": participant}),
            (rf"{base}fasilitator/?", RedirectWithQuery, {"target": facilitator}),
            (rf"{base}waspada/status", StatusHandler, {"manager": self.kernel_manager}),
            *([(rf"{base}{DOOR_ENDPOINT}", DoorHandler,
                {"manager": self.kernel_manager, "catalog": self.door_catalog,
                 "store": Store.from_environment()})] if self.door_catalog else []),
            (rf"{base}slides", tornado.web.RedirectHandler, {"url": f"{base}slides/"}),
            (rf"{base}slides/(.*)", SlidesHandler,
             {"path": str(SLIDES), "default_filename": "index.html"}),
            # Trainers' recordings beside texts (read-aloud); Range requests work for seeking.
            (rf"{base}audio/(.*)", tornado.web.StaticFileHandler,
             {"path": str(datasets_dir() / AUDIO_DIR)}),
        ]
        return front + handlers

    def listen(self):
        pacer = tornado.ioloop.PeriodicCallback(self.kernel_manager.pace, PACE_MILLISECONDS)
        tornado.ioloop.IOLoop.current().add_callback(pacer.start)
        super().listen()

    def stop(self):
        # Voilà removes the connection dir first; with ipc transport the kernels' sockets live
        # there, so end the kernels first (at once: answers are stored when acknowledged).
        run_sync(self.kernel_manager.shutdown_all)()
        shutil.rmtree(self.connection_dir, ignore_errors=True)
        if Path(self.connection_dir_root).name.startswith("wsp-"):  # our own, see build_app
            shutil.rmtree(self.connection_dir_root, ignore_errors=True)


IPC_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux
# <root>/voila_XXXXXXXX/kernel-<uuid>-ipc-NN: what Voilà and jupyter_client add to the root.
IPC_SUFFIX = len("/voila_XXXXXXXX/kernel-") + 36 + len("-ipc-NN")


def ipc_directory() -> Path | None:
    """A private (0700) directory short enough for the kernels' Unix sockets; None (TCP then)
    where there is none."""
    for parent in ("/tmp", None):
        if parent is not None and not os.path.isdir(parent):
            continue
        candidate = Path(tempfile.mkdtemp(prefix="wsp-", dir=parent))
        if len(str(candidate)) + IPC_SUFFIX <= IPC_PATH_MAX:
            return candidate
        candidate.rmdir()
    return None


def join_door(config: Config):
    """Put the join door (views/door.py) on the participant page and tell its kernels to wait
    for the door's claim. With broken content there is no door: the page's kernel shows the
    room what to fix instead. Returns the catalog the door was built from, or None."""
    from ..views.door import door_markup

    os.environ.pop(DOOR_ENV, None)
    try:
        catalog = cached_catalog()
    except ContentError:
        return None
    config.VoilaConfiguration.resources = {
        "waspada_door": door_markup(catalog),
        "waspada_door_page": Path(PARTICIPANT_NOTEBOOK).stem,
    }
    os.environ[DOOR_ENV] = "1"  # read by the kernels this server starts (serve/request.py)
    return catalog


def build_app(listen_host: str, port: int, open_browser: bool, pool_size: int,
              max_kernels: int, cull_minutes: int, data_dir: Path | None = None,
              per_device: int = 4, starting_limit: int = 2) -> WaspadaVoila:
    config = Config()
    config.VoilaConfiguration.template = "waspada"
    config.VoilaConfiguration.show_tracebacks = False
    # The blank page: after a cell's reply, nbclient waits only 4 s for the rest of its output
    # (iopub_timeout). On a laptop busy with a room's joins, the participant app's display
    # message came later than that, was dropped, and the page stayed white with a live kernel
    # (docs/performance.md, "The blank page"). Wait as long as a phone would.
    config.VoilaExecutor.iopub_timeout = IOPUB_WAIT_SECONDS
    config.VoilaConfiguration.preheat_kernel = True  # the pool is grown by the pacer (pool.py)
    config.VoilaConfiguration.default_pool_size = 0
    config.VoilaConfiguration.allow_template_override = "NO"
    # Syntax colours for code cells: Voilà shows no code, and every file is seconds on a weak link.
    config.VoilaConfiguration.extension_denylist = ["jupyterlab_pygments"]
    config.VoilaConfiguration.allow_theme_override = "NO"
    # Only the participant app is preheated, by the room's pacer (pool.py), not by Voilà itself;
    # other notebooks start a kernel when opened.
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        PARTICIPANT_NOTEBOOK: {"pool_size": 0},
    }
    # Kernels talk to the server over Unix sockets, not TCP ports: no port race between kernels
    # starting together or with other programs (jupyter/jupyter_client#487). A socket path may
    # not exceed 107 bytes, and Jupyter's runtime dir is often too deep for one, so the
    # connection files go in a private directory of their own under /tmp.
    sockets = ipc_directory()
    if sockets is not None:
        config.KernelManager.transport = "ipc"
        config.Voila.connection_dir_root = str(sockets)
    # Phones sleep and drop their websocket; keep their kernels through a workshop break.
    config.MappingKernelManager.cull_idle_timeout = max(cull_minutes, 1) * 60
    config.MappingKernelManager.cull_interval = 60
    config.MappingKernelManager.cull_connected = False
    config.Voila.ip = listen_host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = open_browser
    config.Voila.root_dir = str(NOTEBOOKS)
    config.Voila.config_file_paths = []
    config.Voila.tornado_settings = {"compress_response": True}
    catalog = join_door(config)
    app = WaspadaVoila(config=config)
    app.door_catalog = catalog
    app.max_kernels, app.per_device, app.data_dir = max_kernels, per_device, data_dir
    app.pool_minimum, app.starting_limit = max(pool_size, 0), max(starting_limit, 1)
    app.initialize([])
    # nbclient and Voilà's executor log through traitlets' library logger, which has only a
    # NullHandler when the app is not a traitlets singleton: their warnings and errors (a cell
    # that timed out, output lost) vanished. Send them to the server's log.
    library = logging.getLogger("traitlets")
    for handler in app.log.handlers:
        if handler not in library.handlers:
            library.addHandler(handler)
    library.setLevel(logging.WARNING)
    return app
