"""A real `waspada serve`: pages render, browsers cannot run code, stored answers cannot be
downloaded, a full room is told so, responses are compressed, Ctrl-C leaves no kernel."""

from __future__ import annotations

import json
import re
import signal
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests
import websocket

from tests.conftest import KIT_ROOT, start_server, stop_server
from widgets.paths import NOTEBOOKS
from widgets.serve import check_data_dir_outside

pytestmark = pytest.mark.server
ERROR_CELL = "There was an error when executing cell"
NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def kernel_id_of(page: str) -> str:
    return re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page).group(1)


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_every_notebook_renders_without_an_error_cell(served, name):
    response = requests.get(f"{served.url}voila/render/{name}", timeout=180)
    assert response.status_code == 200
    assert ERROR_CELL not in response.text
    assert "Traceback" not in response.text
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost)[^\"' ]+\.(js|css)", response.text)


def test_root_leads_to_the_participant_app_keeping_the_join_code(served):
    response = requests.get(f"{served.url}?sesi=ABC123", allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/voila/render/peserta.ipynb?sesi=ABC123")
    tree = requests.get(f"{served.url}voila/tree", allow_redirects=False, timeout=10)
    assert tree.status_code == 302 and "peserta.ipynb" in tree.headers["Location"]


def test_a_browser_cannot_execute_code_over_the_kernel_websocket(served, tmp_path):
    page = requests.get(f"{served.url}voila/render/fasilitator.ipynb", timeout=180).text
    kernel = kernel_id_of(page)
    marker = tmp_path / "executed"
    socket_ = websocket.create_connection(
        f"ws://127.0.0.1:{served.port}/api/kernels/{kernel}/channels?session_id={uuid.uuid4()}",
        timeout=30)

    def send(msg_type: str, content: dict) -> str:
        msg_id = str(uuid.uuid4())
        socket_.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": "s", "date": "",
                       "msg_type": msg_type, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "content": content}))
        return msg_id

    send("execute_request", {"code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False,
                             "store_history": False, "user_expressions": {},
                             "allow_stdin": False, "stop_on_error": True})
    # Positive control: the same socket does carry allowed messages.
    info_id = send("kernel_info_request", {})
    deadline, replies = time.monotonic() + 30, []
    while time.monotonic() < deadline:
        message = json.loads(socket_.recv())
        replies.append(message["header"]["msg_type"])
        if message.get("parent_header", {}).get("msg_id") == info_id and \
                message["header"]["msg_type"] == "kernel_info_reply":
            break
    socket_.close()
    assert "kernel_info_reply" in replies
    assert "execute_reply" not in replies
    time.sleep(1)
    assert not marker.exists()
    assert 'type "execute_request", which is not allowed' in served.log()


def test_the_answer_store_and_pin_cannot_be_fetched(served):
    served.store.create_session("x")
    names = ["waspada.sqlite", "waspada.sqlite-wal", "facilitator.json"]
    relative = Path("..") / Path(*[".."] * len(NOTEBOOKS.parts))
    for name in names:
        target = served.data_dir / name
        for url in [f"voila/files/{name}", f"voila/files/{relative}{target}",
                    f"voila/files/..%2F..%2F{name}", f"voila/static/{name}",
                    f"voila/templates/waspada/{name}", f"voila/files/{target}", name]:
            response = requests.get(served.url + url, timeout=10, allow_redirects=True)
            assert response.status_code >= 400, (url, response.status_code)
            assert not response.content.startswith(b"SQLite format")


def test_a_data_dir_inside_the_served_folder_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="inside the served folder"):
        check_data_dir_outside(NOTEBOOKS / "data")
    check_data_dir_outside(tmp_path / "data")


def test_default_data_dir_beside_notebooks_is_not_served(tmp_path):
    data_dir = KIT_ROOT / f"workshop-data-test-{uuid.uuid4().hex[:8]}"
    server = start_server(data_dir, tmp_path / "serve.log", pool_size=0)
    try:
        server.store.create_session("x")
        for url in [f"voila/files/../{data_dir.name}/waspada.sqlite",
                    f"voila/files/..%2F{data_dir.name}%2Fwaspada.sqlite",
                    f"voila/files/%2E%2E/{data_dir.name}/facilitator.json"]:
            response = requests.get(server.url + url, timeout=10)
            assert response.status_code in (403, 404), url
    finally:
        stop_server(server.process)
        for path in sorted(data_dir.glob("*")):
            path.unlink()
        data_dir.rmdir()


def test_a_full_room_gets_a_bilingual_answer_and_ctrl_c_leaves_no_kernel(tmp_path):
    server = start_server(tmp_path / "data", tmp_path / "serve.log", pool_size=0,
                          extra=("--max-kernels", "1"))
    try:
        first = requests.get(f"{server.url}voila/render/peserta.ipynb", timeout=180)
        assert first.status_code == 200
        second = requests.get(f"{server.url}voila/render/peserta.ipynb", timeout=60)
        assert second.status_code == 503
        assert "Ruangan sedang penuh" in second.text and "The room is full" in second.text
        kernels = [child for child in psutil.Process(server.process.pid).children(recursive=True)
                   if "ipykernel" in " ".join(child.cmdline())]
        assert len(kernels) == 1
    finally:
        server.process.send_signal(signal.SIGINT)
        server.process.wait(timeout=30)
    time.sleep(1)
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]


def test_responses_are_compressed(served):
    page = requests.get(f"{served.url}voila/render/fasilitator.ipynb", timeout=180,
                        headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    script = re.search(r'src="([^"]+voila\.js[^"]*)"', page.text)
    if script:
        asset = requests.get(served.url.rstrip("/") + script.group(1), timeout=30,
                             headers={"Accept-Encoding": "gzip"})
        assert asset.headers.get("Content-Encoding") == "gzip"
