"""``waspada serve``: standalone Voilà over ``notebooks/`` set up for a workshop room.

Standalone (not the Jupyter server extension) because only standalone Voilà refuses
``execute_request`` from browsers: a phone can never run code. On top of Voilà this adds what a
room of phones needs: ``/`` leads to the participant app, preheated kernels for it, idle-kernel
culling longer than a break, a cap on live kernels with a bilingual "room is full" page,
compressed responses, and no page that fetches anything from the internet."""

from __future__ import annotations

import os
import signal
import socket
import sys
from pathlib import Path

from ..engines.access import generate_pin, write_pin
from ..engines.capacity import margin, write_expected
from ..engines.store import DATABASE_URL_ENV, Store
from ..paths import DATA_DIR_ENV, NOTEBOOKS

TEMPLATE_ROOT = Path(__file__).with_name("share")
PARTICIPANT_NOTEBOOK = "peserta.ipynb"
FACILITATOR_NOTEBOOK = "fasilitator.ipynb"
TILES_ENV = "WASPADA_TILES"
JOIN_URL_ENV = "WASPADA_JOIN_URL"


def lan_address() -> str | None:
    """The laptop's address on the local network (its Wi-Fi hotspot), without sending anything."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # UDP connect picks a route; no packet is sent
        address = probe.getsockname()[0]
    except OSError:
        address = None
    finally:
        probe.close()
    if address and not address.startswith("127."):
        return address
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            candidate = info[4][0]
            if not candidate.startswith("127."):
                return candidate
    except OSError:
        pass
    return None


def check_data_dir_outside(data_dir: Path, served: Path = NOTEBOOKS) -> None:
    data_dir, served = data_dir.resolve(), served.resolve()
    if data_dir == served or served in data_dir.parents:
        raise SystemExit(f"The data dir {data_dir} is inside the served folder {served}; "
                         "answers could be downloaded. Choose a --data-dir outside it.")


def print_join(url: str) -> None:
    import segno

    print("\n  Peserta bergabung di / Participants join at:\n")
    print(f"      {url}\n")
    segno.make(url, error="m").terminal(compact=True, border=2)
    print()


def serve(host: str = "127.0.0.1", port: int = 8866, lan: bool = False,
          data_dir: Path = Path("workshop-data"), pin: str | None = None,
          open_browser: bool = True, pool_size: int = 2, max_kernels: int = 60,
          cull_minutes: int = 45, database_url: str | None = None,
          tiles: str | None = None, expect: int | None = None, per_device: int = 4) -> int:
    from .app import build_app

    data_dir = Path(data_dir).resolve()
    check_data_dir_outside(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(database_url) if database_url else Store.in_data_dir(data_dir)
    store.engine.dispose()

    pin = pin or generate_pin()
    write_pin(data_dir, pin)
    if expect is not None:  # else the count the console last set (engines/capacity.py) stands
        expect = write_expected(data_dir, expect)

    listen_host = "0.0.0.0" if lan else host
    public_host = (lan_address() or "127.0.0.1") if lan else host
    join_url = f"http://{public_host}:{port}/"

    os.environ[DATA_DIR_ENV] = str(data_dir)
    os.environ[JOIN_URL_ENV] = join_url
    if database_url:
        os.environ[DATABASE_URL_ENV] = database_url
    if tiles:
        os.environ[TILES_ENV] = tiles
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(TEMPLATE_ROOT), *filter(None, [os.environ.get("JUPYTER_PATH")])])

    print(f"Waspada: answers are stored in {database_url or data_dir / 'waspada.sqlite'}")
    print(f"Facilitator console: {join_url}fasilitator   PIN: {pin}")
    if lan:
        print_join(join_url)
    else:
        print(f"Participant app: {join_url}  (local only; add --lan for phones on the Wi-Fi)")
    if expect:
        print(f"Preparing {expect + margin(expect)} participant pages for {expect} phones, a few "
              f"at a time; progress: {join_url}waspada/status")

    app = build_app(listen_host=listen_host, port=port, open_browser=open_browser,
                    pool_size=pool_size, max_kernels=max_kernels, cull_minutes=cull_minutes,
                    data_dir=data_dir, per_device=per_device)
    # Ctrl-C and a plain `kill` both stop Voilà's loop; Voilà then shuts every kernel down.
    signal.signal(signal.SIGTERM, lambda *_: app.ioloop.add_callback_from_signal(app.ioloop.stop))
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
