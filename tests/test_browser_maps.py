"""The map module in the participant app, in a real Chromium with the internet blocked."""

from __future__ import annotations

import pytest

from tests.helpers import join, open_activity, screenshot
from widgets.content import geo as geo_content
from widgets.paths import DATASETS

pytestmark = pytest.mark.browser


def _districts_with_data() -> set[str]:
    return {fact.code for fact in geo_content.load(DATASETS).origin}


def _check_map(page, name: str) -> None:
    open_activity(page, "peta")
    frame = page.frame_locator("iframe.wsp-map-frame")
    frame.locator(".leaflet-container").wait_for()
    frame.locator("path.wsp-origin").first.wait_for()
    for code in sorted(_districts_with_data()):
        symbol = frame.locator(f"path.wsp-district-{code.replace('.', '-')}")
        assert symbol.count() == 1, f"no symbol for district {code}"
    assert frame.locator("path.wsp-origin").count() == 32  # all but Nias (no seat coordinates)
    assert frame.locator(".wsp-place").count() >= 10
    box = page.locator("iframe.wsp-map-frame").bounding_box()
    assert box and box["height"] >= 300 and box["width"] >= 300
    screenshot(page, name)


def test_map_on_a_phone_in_bahasa_indonesia(served, phone):
    join(phone, served, lang="id")
    _check_map(phone, "phone-peta-id")
    frame = phone.frame_locator("iframe.wsp-map-frame")
    assert "Daerah asal" in frame.locator(".leaflet-control-layers").inner_text()
    # The district profile follows the list, and says plainly where there is no data.
    phone.locator(".wsp-map-district select").select_option(label="Kabupaten Asahan")
    phone.wait_for_selector(".wsp-map-profile:has-text('Kabupaten Asahan')")
    profile = phone.locator(".wsp-map-profile").inner_text()
    assert "Belum ada data" in profile and "UPTD PPA Kabupaten Asahan" in profile
    screenshot(phone, "phone-peta-profile-id")


def test_map_on_a_projector_in_english(served, projector):
    join(projector, served, lang="en")
    _check_map(projector, "projector-peta-en")
    frame = projector.frame_locator("iframe.wsp-map-frame")
    assert "Origin districts" in frame.locator(".leaflet-control-layers").inner_text()
    # A tap reaches Leaflet through the map container, whatever lies on top of the circle.
    frame.locator("path.wsp-district-12-18").dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kabupaten Serdang Bedagai" in popup.inner_text()
    assert "Source:" in popup.inner_text()
    profile = projector.locator(".wsp-map-profile").inner_text()
    assert "Kabupaten Serdang Bedagai" in profile  # focus districts come first in the list
