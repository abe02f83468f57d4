"""The room's kernels: a pool of ready participant pages grown before the room arrives, at a pace
the laptop can carry, and kernels counted per phone so one device cannot fill the room.

Voilà 0.5's own pool refills one kernel per page handed out, ``fill_delay`` later: in a surge of
40 phones that is 40 kernel starts at once, which starves the server (pages lose their output to
nbclient's 4 s IOPub timeout) and makes every phone after the second wait for a cold kernel. Here
Voilà's refill is switched off for the participant app and a pacer (``pace()``, about twice a
second) keeps the pool at ``engines.capacity.pool_target``: never more than ``starting_limit``
kernels starting at once, and none while phones are being handed pages (a surge), unless the
pool is empty.

The manager is a subclass of the class Voilà's ``voila_kernel_manager_factory`` builds from
``VoilaConfiguration.multi_kernel_manager_class`` (see ``room_manager_class``)."""

from __future__ import annotations

import asyncio
import contextvars
import time
from pathlib import Path

from voila.request_info_handler import RequestInfoSocketHandler

from ..engines.capacity import pool_target, read_expected, write_status

class PageRequest:
    """One page request in flight: who asks, and whether a kernel has been given to it yet."""

    def __init__(self, manager, address: str):
        self.manager, self.address, self.served = manager, address, False
        manager.reserved += 1  # counted against the caps before its kernel exists
        manager.reserved_by[address] = manager.reserved_by.get(address, 0) + 1

    def kernel_given(self, kernel_id: str) -> None:
        self.manager.client_of[kernel_id] = self.address
        self.manager.handed_at[kernel_id] = time.monotonic()
        self.done()

    def done(self) -> None:
        if not self.served:
            self.served = True
            self.manager.reserved -= 1
            self.manager.reserved_by[self.address] -= 1


# The page request being served (set by the page handler; read by the kernel manager when it
# hands out or starts a kernel for it).
CLIENT: contextvars.ContextVar[PageRequest | None] = contextvars.ContextVar("waspada_client",
                                                                            default=None)
SURGE_QUIET_SECONDS = 3.0   # no refill until phones have stopped arriving for this long
WARM_LIMIT_SECONDS = 90.0   # a pool kernel that never reported ready counts as ready after this
GONE_SECONDS = 180.0        # a page with no connection this long is gone (freed when busy)
BUSY_SHARE = 0.8            # "busy": live participant pages at 80 % of the cap
RELOAD_GRACE_SECONDS = 30.0  # a page this young may still be connecting: never freed


def room_manager_class(base: type, participant_notebook: str) -> type:
    """Subclass Voilà's preheating kernel manager ``base`` with the room's pacing and caps."""

    class RoomKernelManager(base):
        def __init__(self, **kwargs):
            self.participant_notebook = participant_notebook
            self.minimum_pool = 2
            self.starting_limit = 2
            self.max_kernels = 60
            self.data_dir: Path | None = None
            self.expected = 0
            self.client_of: dict[str, str | None] = {}  # handed-out kernel → phone address
            self.handed_at: dict[str, float] = {}
            self.ready_since: dict[str, float] = {}  # pool kernel → when it started
            self.unconnected_since: dict[str, float] = {}
            self.last_handout = 0.0
            self.reserved = 0  # page requests not yet given a kernel
            self.reserved_by: dict[str, int] = {}
            self._pacing = False
            self._status: dict = {}
            super().__init__(**kwargs)

        # ------------------------------------------------------------ the pool
        def pool(self) -> list[asyncio.Task]:
            return self._pools.get(self.participant_notebook, [])

        def _kernel_of(self, entry: asyncio.Task) -> str | None:
            if not entry.done() or entry.cancelled() or entry.exception() is not None:
                return None
            return entry.result().get("kernel_id")

        def _is_ready(self, entry: asyncio.Task, now: float) -> bool:
            """Ready: its kernel ran the app's first cells and now waits for a phone (it has
            opened Voilà's request-info socket), or it has been starting for too long."""
            kernel_id = self._kernel_of(entry)
            if kernel_id is None:
                return False
            if kernel_id in RequestInfoSocketHandler._waiters:
                return True
            started = self.ready_since.setdefault(kernel_id, now)
            return now - started > WARM_LIMIT_SECONDS

        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs) -> None:
            # Voilà calls this after every page it hands out; the pacer refills instead.
            if notebook_name == self.participant_notebook and not self._pacing:
                return
            super().fill_if_needed(delay=delay, notebook_name=notebook_name, **kwargs)

        def _start_one(self) -> None:
            pools = self.kernel_pools_config
            config = pools.setdefault(self.participant_notebook, {})
            config["pool_size"] = len(self.pool()) + 1
            self._pacing = True
            try:
                super().fill_if_needed(delay=0, notebook_name=self.participant_notebook)
            finally:
                self._pacing = False
                config["pool_size"] = 0

        def participants(self) -> list[str]:
            """Kernels handed out to pages (participants, console, projector) and alive."""
            return [kid for kid in self.client_of if kid in self]

        def live_pages(self) -> int:
            """What the cap counts: pages holding a kernel, and requests about to get one."""
            return len(self.participants()) + self.reserved

        def room_status(self) -> dict:
            now = time.monotonic()
            pool = self.pool()
            ready = sum(1 for entry in pool if self._is_ready(entry, now))
            live = len(self.participants())
            return {"expected": self.expected, "ready": ready, "starting": len(pool) - ready,
                    "participants": live, "max_kernels": self.max_kernels,
                    "target": pool_target(self.expected, live, self.minimum_pool),
                    "ready_for": min(ready, max(self.max_kernels - live, 0))}

        async def pace(self) -> None:
            """One step: read the expected count, free gone pages if busy, start a kernel if the
            pool is short and the laptop is not busy handing out pages, publish the status."""
            now = time.monotonic()
            if self.data_dir is not None:
                self.expected = read_expected(self.data_dir)
            await self._free_gone_pages(now)
            status = self.room_status()
            pool = self.pool()
            surge = now - self.last_handout < SURGE_QUIET_SECONDS
            limit = (1 if not pool else 0) if surge else self.starting_limit
            room_left = self.max_kernels - status["participants"] - len(pool)
            if len(pool) < status["target"] and status["starting"] < limit and room_left > 0:
                self._start_one()
                status = self.room_status()
            if status != self._status:
                self._status = status
                if self.data_dir is not None:
                    write_status(self.data_dir, status)

        # ------------------------------------------------------- pages and phones
        async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
            """Hand out a ready kernel; skip a pool entry whose kernel failed or died."""
            while True:
                try:
                    task, cache, kernel_id = await super().get_rendered_notebook(
                        notebook_name, *args, **kwargs)
                except Exception:
                    if self._pools.get(notebook_name):
                        self.log.warning("a pool kernel failed to start; using the next one")
                        continue
                    raise
                if kernel_id in self and await self.get_kernel(kernel_id).is_alive():
                    break
                self.log.warning("pool kernel %s died while waiting; using the next", kernel_id)
                task.cancel()
                if kernel_id in self:
                    await self.shutdown_kernel(kernel_id, now=True)
                if not self._pools.get(notebook_name):
                    raise RuntimeError("no ready kernel")
            self.ready_since.pop(kernel_id, None)
            if notebook_name == self.participant_notebook:
                self.last_handout = time.monotonic()
            request = CLIENT.get()
            if request is not None:
                request.kernel_given(kernel_id)
            return task, cache, kernel_id

        async def start_kernel(self, *args, **kwargs):
            kernel_id = await super().start_kernel(*args, **kwargs)
            request = CLIENT.get()
            if request is not None:  # started for a page request (not for the pool)
                request.kernel_given(kernel_id)
            return kernel_id

        def live_for(self, client: str) -> list[str]:
            return [kid for kid, owner in self.client_of.items() if owner == client and kid in self]

        def pages_of(self, client: str) -> int:
            """What the per-device cap counts: this address's pages and requests in flight."""
            return len(self.live_for(client)) + self.reserved_by.get(client, 0)

        def connections(self, kernel_id: str) -> int:
            return self._kernel_connections.get(kernel_id, 0)

        async def free_unconnected(self, client: str) -> int:
            """Free this device's pages that have no open connection and are old enough to have
            connected (a page reloaded in a loop leaves such kernels behind)."""
            freed, now = 0, time.monotonic()
            for kernel_id in self.live_for(client):
                young = now - self.handed_at.get(kernel_id, 0.0) < RELOAD_GRACE_SECONDS
                if self.connections(kernel_id) == 0 and not young:
                    await self.shutdown_kernel(kernel_id, now=True)
                    freed += 1
            return freed

        async def _free_gone_pages(self, now: float) -> None:
            handed = self.participants()
            for kernel_id in handed:
                if self.connections(kernel_id):
                    self.unconnected_since.pop(kernel_id, None)
                else:
                    self.unconnected_since.setdefault(kernel_id, now)
            if len(handed) < BUSY_SHARE * self.max_kernels:
                return
            for kernel_id, since in list(self.unconnected_since.items()):
                if now - since > GONE_SECONDS and kernel_id in self:
                    self.log.info("room busy: freeing %s, its page gone for %.0f s",
                                  kernel_id, now - since)
                    await self.shutdown_kernel(kernel_id, now=True)

        async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
            self.client_of.pop(kernel_id, None)
            self.handed_at.pop(kernel_id, None)
            self.ready_since.pop(kernel_id, None)
            self.unconnected_since.pop(kernel_id, None)
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)

        async def shutdown_all(self, *args, **kwargs):
            # Stopping the server: no kernel has anything to save (answers are in the store when
            # acknowledged), so end them at once instead of asking each in turn.
            kwargs["now"] = True
            return await super().shutdown_all(*args, **kwargs)

    return RoomKernelManager
