"""The console's create form records where a session happens (issue 12): the kabupaten/kota
from datasets/geo by code, and the kecamatan and village as text, kept as text."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

from widgets.content import cached_catalog
from widgets.engines.access import write_pin
from widgets.engines.store import Store
from widgets.paths import DATA_DIR_ENV
from widgets.programme.bundle import content_hash
from widgets.views.common import html_block
from widgets.views.console import FacilitatorConsole


@pytest.fixture
def console(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    write_pin(tmp_path, "135790")
    console = FacilitatorConsole(cached_catalog(), Store.in_data_dir(tmp_path))
    assert console.try_pin("135790", html_block(""))
    return console


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def with_class(root, name):
    return [w for w in walk(root) if name in getattr(w, "_dom_classes", ())]


def test_the_form_offers_every_district_and_creates_the_session_there(console):
    [district] = with_class(console.root, "wsp-session-district")
    assert isinstance(district, ipw.Dropdown)
    codes = [value for _, value in district.options]
    assert codes[0] == "" and len(codes) == 34 and "12.18" in codes
    assert ("12.18 · Kabupaten Serdang Bedagai", "12.18") in district.options
    [name] = with_class(console.root, "wsp-session-name")
    [kecamatan] = with_class(console.root, "wsp-session-kecamatan")
    [village] = with_class(console.root, "wsp-session-village")
    name.value, district.value = "Pelatihan", "12.18"
    kecamatan.value, village.value = "Sei Rampah", "<img src=x onerror=alert(1)>"
    [create] = with_class(console.root, "wsp-create-session")
    create.click()
    [session] = console.store.list_sessions()
    assert (session.district_code, session.kecamatan, session.village) == (
        "12.18", "Sei Rampah", "<img src=x onerror=alert(1)>")
    assert session.settings["content_hash"] == content_hash(console.catalog.root)


def test_a_session_without_a_district_is_still_created(console):
    session = console.create_session("Tanpa tempat", "", None, html_block(""))
    assert session.district_code is None and session.kecamatan == ""
