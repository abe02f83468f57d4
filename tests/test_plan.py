"""The "Rencana aksi" activity: every change stored through the Participation, the plan back
after a reload, typed text never markup (screen, download, PDF), and the console's Print part
writing the certificate and the plans into the data folder."""

from __future__ import annotations

import base64
import re
import subprocess

import pytest

from tests.test_lessons_views import break_store, find, find_all, html_of, participation, reopen
from widgets.content import cached_catalog
from widgets.documents.plan import plan_from_state, plan_html, print_plan
from widgets.engines.plan import ACTION_COUNT, Plan, latest_plans
from widgets.views.console_print import print_panel
from widgets.views.plan import action_plan

SCRIPT = "<script>alert('x')</script>"


# --------------------------------------------------------------------------- engine

def test_a_saved_plan_drops_what_the_content_no_longer_has():
    plan = Plan.from_state({"village": "  Desa A ", "risks": ["pulang", "gone", "tawaran"],
                            "actions": [{"what": "x" * 900}], "call": ["kp2mi", "nobody"]},
                           ["tawaran", "dokumen", "pulang"], ["polisi-110", "kp2mi"])
    assert plan.village == "Desa A" and plan.risks == ("tawaran", "pulang")
    assert len(plan.actions) == ACTION_COUNT and len(plan.actions[0].what) == 300
    assert plan.call == ("kp2mi",)
    with pytest.raises(ValueError):
        plan.with_action(3, "what", "x")
    assert Plan().empty and not plan.empty


def test_the_newest_plan_per_participant_comes_from_the_answers(tmp_path):
    p = participation(tmp_path, activity="rencana-aksi")
    p.record("plan:village", "A", None, {"plan": {"village": "A"}})
    p.record("plan:village", "B", None, {"plan": {"village": "B"}})
    p.record("other", "x", None, {"plan": {"village": "C"}})
    plans = latest_plans(p.store.answers(p.session.code, activity="rencana-aksi"))
    assert plans == {p.participant.code: {"village": "B"}}


# --------------------------------------------------------------------------- view

def test_every_change_is_stored_and_the_plan_comes_back_after_a_reload(tmp_path):
    p = participation(tmp_path, activity="rencana-aksi")
    box = action_plan(p)
    find(box, "wsp-plan-village").value = "Desa Sei Rampah"
    find(box, "wsp-plan-risk-tawaran").value = True
    find(box, "wsp-plan-risk-pulang").value = True
    find(box, "wsp-plan-risks-other").value = "Calo datang saat panen"
    find(box, "wsp-plan-action-1-what").value = "Umumkan daftar periksa di pengajian"
    find(box, "wsp-plan-action-1-who").value = "Sekretaris desa"
    find(box, "wsp-plan-action-1-by_when").value = "Akhir Desember"
    find(box, "wsp-plan-call-sapa-129").value = True
    answers = p.store.answers(p.session.code, activity="rencana-aksi")
    assert [a.item for a in answers] == [
        "plan:village", "plan:risk:tawaran", "plan:risk:pulang", "plan:risks_other",
        "plan:action:1:what", "plan:action:1:who", "plan:action:1:by_when",
        "plan:call:sapa-129"]
    assert answers[-1].detail["plan"]["call"] == ["sapa-129"]
    assert "✓ Tersimpan." in find(box, "wsp-save-message").value

    again = action_plan(reopen(p))
    assert find(again, "wsp-plan-village").value == "Desa Sei Rampah"
    assert find(again, "wsp-plan-risk-pulang").value and not find(again, "wsp-plan-risk-dokumen").value
    assert find(again, "wsp-plan-action-1-who").value == "Sekretaris desa"
    assert find(again, "wsp-plan-call-sapa-129").value
    assert not find(again, "wsp-plan-call-kp2mi").value


def test_typed_markup_stays_text_on_the_phone_and_in_the_download(tmp_path):
    p = participation(tmp_path, activity="rencana-aksi")
    box = action_plan(p)
    find(box, "wsp-plan-village").value = SCRIPT
    find(box, "wsp-plan-action-2-what").value = "<b>bold</b> & <img src=x onerror=alert(1)>"
    markup = html_of(box)
    assert "<script>" not in markup and "<img src=x" not in markup
    link = find(box, "wsp-plan-download-box").value
    assert 'download="rencana-aksi-script-alert-x-script.html"' in link
    page = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)).decode()
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert "http://" not in page and "https://" not in page


def test_a_complete_plan_counts_as_finished_and_a_locked_activity_says_so(tmp_path):
    p = participation(tmp_path, activity="rencana-aksi")
    box = action_plan(p)
    find(box, "wsp-plan-village").value = "Desa C"
    for n in (1, 2, 3):
        assert "rencana-aksi" not in p.app_state().get("finished", [])
        find(box, f"wsp-plan-action-{n}-what").value = f"Tindakan {n}"
    assert "rencana-aksi" in p.app_state()["finished"]
    p.store.update_room(p.session.code, locked=["rencana-aksi"])
    find(box, "wsp-plan-village").value = "Desa D"
    assert "menutup jawaban" in find(box, "wsp-save-message").value
    assert p.load_progress()["village"] == "Desa C"


def test_a_store_that_cannot_be_reached_is_said_plainly(tmp_path):
    p = participation(tmp_path, activity="rencana-aksi")
    box = action_plan(p)
    break_store(p)
    find(box, "wsp-plan-village").value = "Desa B"
    assert "Belum tersimpan" in find(box, "wsp-save-message").value


def test_the_plan_prints_on_one_page_with_its_text(tmp_path):
    catalog = cached_catalog()
    plan = plan_from_state(catalog, {
        "village": SCRIPT, "risks": ["berangkat"], "risks_other": "Perahu malam",
        "actions": [{"what": "Rapat desa", "who": "Kades", "by_when": "Januari"}] * 3,
        "call": ["polisi-110", "kp2mi"]})
    printed = print_plan(catalog, "en", plan, tmp_path / "plan.pdf", team="Tim <i>A</i>")
    assert printed.pages == 1
    text = subprocess.run(["pdftotext", str(printed.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert SCRIPT in text and "Tim <i>A</i>" in text and "Departure and transit" in text
    assert "0800-1000" in text and "Village action plan" in text


# --------------------------------------------------------------------------- console

def test_the_console_prints_a_certificate_and_each_plan_into_exports(tmp_path, monkeypatch):
    monkeypatch.setenv("WASPADA_DATA_DIR", str(tmp_path))
    team = participation(tmp_path, activity="rencana-aksi")
    box = action_plan(team)
    find(box, "wsp-plan-village").value = "Desa Pematang"
    find(box, "wsp-plan-action-1-what").value = "Pasang daftar periksa di kantor desa"
    catalog = cached_catalog()
    t = lambda key, **v: catalog.strings(key, "id", **v)  # noqa: E731
    panel = print_panel(team.store, team.session, "id", t)
    name = find(panel, "wsp-certificate-name")
    name.value = "Ibu Rahmawati Siregar"
    find(panel, "wsp-print-certificate").click()
    exports = tmp_path / "exports" / team.session.code
    certificate = exports / f"sertifikat-{team.session.code}-id.pdf"
    assert certificate.exists()
    assert str(certificate) in find(panel, "wsp-print-message").value
    text = subprocess.run(["pdftotext", str(certificate), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Ibu Rahmawati Siregar" in text and "Sei Rampah" in text
    for stored in tmp_path.glob("waspada.sqlite*"):  # the database and its WAL
        assert b"Rahmawati" not in stored.read_bytes(), stored.name
    plans = find_all(panel, "wsp-print-plan")
    assert len(plans) == 1 and "Desa Pematang" in plans[0].description
    plans[0].click()
    written = list(exports.glob("rencana-aksi-desa-pematang-*.pdf"))
    assert len(written) == 1 and "1 halaman" in find(panel, "wsp-print-message").value


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_help_contact_on_the_plan_shows_its_number_once(lang):
    for contact in cached_catalog().help.contacts:
        number = contact.number or contact.whatsapp
        label = contact.call_label(lang)
        assert label.startswith(contact.name(lang))
        assert label.count(number) == 1, label
