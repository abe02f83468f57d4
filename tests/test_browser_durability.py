"""An answer the participant saw acknowledged survives a kernel kill, a server restart and a
phone reload, and the participant resumes where they were."""

from __future__ import annotations

import signal

import psutil
import pytest

from tests.conftest import start_server, stop_server
from tests.helpers import join, open_activity, wait_for_app

pytestmark = pytest.mark.browser
ACTIVITY = "tanda-bahaya"


def kill_kernels(server) -> int:
    kernels = [child for child in psutil.Process(server.process.pid).children(recursive=True)
               if "ipykernel" in " ".join(child.cmdline())]
    for kernel in kernels:
        kernel.send_signal(signal.SIGKILL)
    psutil.wait_procs(kernels, timeout=10)
    return len(kernels)


def test_answers_and_place_survive_kernel_kill_server_restart_and_reload(tmp_path, phone):
    data_dir, log = tmp_path / "data", tmp_path / "serve.log"
    server = start_server(data_dir, log, pool_size=0)
    try:
        session_code, code = join(phone, server, lang="en")
        open_activity(phone, ACTIVITY)
        phone.wait_for_selector(".wsp-rf-card")
        phone.click(".wsp-choose-bahaya")
        phone.wait_for_selector(".wsp-rf-feedback")  # the participant saw it acknowledged
        assert kill_kernels(server) >= 1
    finally:
        stop_server(server.process)

    server = start_server(data_dir, log, pool_size=0, port=server.port)
    try:
        phone.reload()
        wait_for_app(phone)
        # Back in the card sort, at the acknowledged answer's feedback; next comes card 2.
        phone.wait_for_selector(f".wsp-activity-{ACTIVITY} .wsp-rf-feedback")
        assert "Danger" in phone.locator(".wsp-rf-feedback").inner_text()
        assert phone.locator(".wsp-identity [data-kode]").get_attribute("data-kode") == code
        phone.click(".wsp-next")
        phone.wait_for_selector(".wsp-rf-card")
        assert "Card 2 of" in phone.locator(".wsp-rf-card .wsp-progress").inner_text()
        answers = server.store.answers(session_code, participant_code=code)
        assert [(a.activity, a.answer) for a in answers] == [(ACTIVITY, "bahaya")]
    finally:
        stop_server(server.process)
