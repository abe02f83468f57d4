"""The join door on a real `waspada serve`: it is on the participant page ahead of everything
that would hold it back, and the laptop admits through it and leaves the claim for the page's
kernel."""

from __future__ import annotations

import json
import re
import uuid

import pytest
import requests

from tests.test_server import kernel_id_of

pytestmark = pytest.mark.server


def door_url(served) -> str:
    return f"{served.url}waspada/pintu"


def post(served, **body) -> requests.Response:
    return requests.post(door_url(served), json=body, timeout=30)


def test_the_door_is_first_on_the_participant_page_and_nothing_holds_it_back(served):
    page = requests.get(f"{served.url}voila/render/peserta.ipynb", timeout=180).text
    head, body = page.split("</head>", 1)
    assert body.index('id="wsp-door"') < body.index('id="rendered_cells"')
    blocking_scripts = [tag for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
                        if " defer" not in tag and " async" not in tag]
    assert blocking_scripts == []
    blocking_styles = [tag for tag in re.findall(r'<link rel="stylesheet"[^>]*>', head)
                       if 'media="print"' not in tag]
    assert blocking_styles == []
    console = requests.get(f"{served.url}voila/render/fasilitator.ipynb", timeout=180).text
    assert 'id="wsp-door"' not in console
    extensions = {e["name"] for e in json.loads(re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page,
        re.S).group(1))["federated_extensions"]}
    assert "jupyterlab_pygments" not in extensions
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= extensions


def test_the_door_refuses_forms_from_elsewhere_and_pages_that_are_not_here(served):
    form = requests.post(door_url(served), data={"page": "x", "action": "join"}, timeout=30)
    assert form.status_code == 415
    assert post(served, page="not-a-kernel", action="join").status_code == 400
    gone = post(served, page=str(uuid.uuid4()), action="join", bahasa="en", sesi="ABC")
    assert gone.status_code == 404
    assert gone.json()["message"].startswith("This page is no longer active")


def test_a_phone_joins_at_the_door_and_its_page_kernel_takes_it(served):
    session = served.store.create_session("Uji pintu server", "Sei Rampah", "2026-12-04")
    page = requests.get(f"{served.url}voila/render/peserta.ipynb?sesi={session.code}",
                        timeout=180).text
    kernel = kernel_id_of(page)

    unknown = post(served, page=kernel, action="join", bahasa="en", sesi="ZZZZZZ")
    assert unknown.status_code == 400
    assert "ZZZZZZ" in unknown.json()["message"] and "not found" in unknown.json()["message"]

    joined = post(served, page=kernel, action="join", bahasa="en", ukuran="large",
                  sesi=session.code.lower(), kelompok=None, kode="")
    assert joined.status_code == 200, joined.text
    reply = joined.json()
    assert (reply["sesi"], reply["bahasa"]) == (session.code, "en")
    participant = served.store.get_participant(session.code, reply["kode"])
    assert participant is not None and participant.lang == "en"

    # The claim waits for the page's kernel, which takes it only once a browser has drawn the
    # page (tests/test_browser_app.py); no browser here, so it is still there, whole.
    claim = served.store.take_page_claim(kernel)
    assert (claim.participant_code, claim.lang, claim.text_size) == (participant.code, "en",
                                                                    "large")
