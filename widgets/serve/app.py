"""The Voilà application behind ``waspada serve``: Voilà's own, with a few handlers in front."""

from __future__ import annotations

import html

import tornado.web
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from ..content.audio import AUDIO_DIR
from ..paths import NOTEBOOKS, SLIDES, datasets_dir
from . import FACILITATOR_NOTEBOOK, PARTICIPANT_NOTEBOOK

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
    """Voilà's notebook page, refused politely once the live-kernel cap is reached."""

    def initialize(self, **kwargs):
        self.max_kernels = kwargs.pop("max_kernels")
        super().initialize(**kwargs)

    @tornado.web.authenticated
    async def get(self, path=None):
        live = len(self.kernel_manager.list_kernel_ids())
        if live >= self.max_kernels:
            self.set_status(503)
            self.set_header("Retry-After", "30")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(ROOM_FULL_PAGE.format(live=html.escape(str(live))))
            return
        await super().get(path)


class WaspadaVoila(Voila):
    """Voilà with gzip on, the Waspada routes first and the kernel cap in the render handler."""

    max_kernels = 60

    def init_settings(self):
        settings = super().init_settings()
        settings["compress_response"] = True  # read by tornado.web.Application at construction
        return settings

    def init_handlers(self):
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                options = dict(rest[0]) if rest else {}
                options["max_kernels"] = self.max_kernels
                handlers.append((pattern, CappedVoilaHandler, options))
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
            (rf"{base}slides", tornado.web.RedirectHandler, {"url": f"{base}slides/"}),
            (rf"{base}slides/(.*)", SlidesHandler,
             {"path": str(SLIDES), "default_filename": "index.html"}),
            # Trainers' recordings beside texts (read-aloud); Range requests work for seeking.
            (rf"{base}audio/(.*)", tornado.web.StaticFileHandler,
             {"path": str(datasets_dir() / AUDIO_DIR)}),
        ]
        return front + handlers


def build_app(listen_host: str, port: int, open_browser: bool, pool_size: int,
              max_kernels: int, cull_minutes: int) -> WaspadaVoila:
    config = Config()
    config.VoilaConfiguration.template = "waspada"
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.preheat_kernel = pool_size > 0
    config.VoilaConfiguration.default_pool_size = 0
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    # Only the participant app is preheated; other notebooks start a kernel when opened.
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        PARTICIPANT_NOTEBOOK: {"pool_size": max(pool_size, 0)},
    }
    config.VoilaKernelManager.fill_delay = 0.5
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
    app = WaspadaVoila(config=config)
    app.max_kernels = max_kernels
    app.initialize([])
    return app
