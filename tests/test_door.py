"""The join door without a server: the store's page claims, the admission rules the door and the
app's home screen share, the door's request checks, the app taking a claim, and the markup."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from widgets.content import cached_catalog
from widgets.engines.store import PageClaim, Store
from widgets.participation import (APP_STATE, SELF_STUDY_SESSION, NotAdmitted, admit,
                                   readmit)
from widgets.serve.door import DoorRequest, admit_at_door
from widgets.views.app import ParticipantApp
from widgets.views.door import door_markup

PAGE = "0b6e4f00-1d24-4a33-9b18-5e3f2a7c9d10"


@pytest.fixture
def store(tmp_path):
    return Store.in_data_dir(tmp_path)


@pytest.fixture
def session(store):
    return store.create_session("Uji pintu", "Sei Rampah", "2026-12-04")


def door_request(**values) -> DoorRequest:
    body = {"page": PAGE, "action": "join", "bahasa": "id", "ukuran": "normal", "sesi": "",
            "kelompok": None, "kode": ""}
    body.update(values)
    return DoorRequest(json.dumps(body).encode())


# ------------------------------------------------------------------ store claims
def test_a_claim_is_taken_once_and_the_last_tap_wins(store, session):
    first = store.join(session.code)
    second = store.join(session.code)
    assert store.take_page_claim(PAGE) is None
    store.claim_page(PAGE, PageClaim(session.code, first.code, "id", "normal"))
    store.claim_page(PAGE, PageClaim(session.code, second.code, "en", "large"))
    assert store.take_page_claim(PAGE) == PageClaim(session.code, second.code, "en", "large")
    assert store.take_page_claim(PAGE) is None


def test_purging_a_session_removes_its_waiting_claims(store, session):
    participant = store.join(session.code)
    store.claim_page(PAGE, PageClaim(session.code, participant.code, "id", "normal"))
    store.purge_session(session.code)
    assert store.take_page_claim(PAGE) is None


# -------------------------------------------------------------------- admission
def test_admission_refuses_with_the_reason_and_its_values(store, session):
    with pytest.raises(NotAdmitted) as missing:
        admit(store, "  ")
    assert missing.value.key == "app.missing_session"
    with pytest.raises(NotAdmitted) as unknown:
        admit(store, "zz zz9")
    assert (unknown.value.key, unknown.value.values) == ("app.unknown_session", {"code": "ZZZZ9"})
    with pytest.raises(NotAdmitted) as unnamed:
        admit(store, session.code, team_name="   ")
    assert unnamed.value.key == "app.team_name_needed"
    with pytest.raises(NotAdmitted) as stranger:
        readmit(store, session.code, "q9q9")
    assert stranger.value.values == {"code": "Q9Q9"}
    store.update_room(session.code, closed=True)
    with pytest.raises(NotAdmitted) as closed:
        admit(store, session.code.lower())
    assert closed.value.key == "app.session_closed"


def test_the_door_admits_a_group_in_its_language_and_text_size(store, session):
    claim = admit_at_door(store, door_request(sesi=session.code.lower(), bahasa="en",
                                              ukuran="very-large", kelompok="Melati"))
    assert (claim.lang, claim.text_size) == ("en", "very-large")
    participant = store.get_participant(session.code, claim.participant_code)
    assert (participant.team_name, participant.lang) == ("Melati", "en")
    assert store.take_page_claim(PAGE) == claim


def test_the_door_brings_back_a_participant_in_their_own_language(store, session):
    participant = store.join(session.code, lang="en")
    claim = admit_at_door(store, door_request(action="resume", sesi=session.code,
                                              kode=participant.code.lower(), bahasa="id"))
    assert (claim.participant_code, claim.lang) == (participant.code, "en")


def test_the_door_starts_self_study_whatever_code_was_typed(store):
    claim = admit_at_door(store, door_request(action="self-study", sesi="ABC123"))
    assert claim.session_code == SELF_STUDY_SESSION


@pytest.mark.parametrize("body", [
    b"[]", b"not json", json.dumps({"page": "not-a-kernel", "action": "join"}).encode(),
    json.dumps({"page": PAGE, "action": "delete"}).encode(),
    json.dumps({"page": PAGE, "action": "join", "sesi": 12}).encode(),
    json.dumps({"page": PAGE, "action": "join", "kelompok": "x" * 61}).encode(),
    b"{" + b" " * 5000 + b"}",
])
def test_the_door_refuses_what_it_did_not_send(body):
    with pytest.raises((ValueError, UnicodeDecodeError)):
        DoorRequest(body)


def test_unknown_language_and_size_fall_back_to_the_defaults():
    request = door_request(bahasa="fr", ukuran="huge")
    assert (request.lang, request.size) == ("id", "normal")


# ----------------------------------------------------------- the app behind the door
@pytest.fixture
def event_loop_for_polling():
    """The app looks at the store from a tornado PeriodicCallback, which needs a loop."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()


def classes(widget) -> set[str]:
    return set(widget._dom_classes)


def test_behind_the_door_the_app_draws_no_form_and_takes_the_claim(
        store, session, event_loop_for_polling):
    app = ParticipantApp(cached_catalog(), store, {}, page_id=PAGE)
    app.render()
    assert "wsp-door-home" in classes(app.body.children[0])
    app.poll()  # nothing claimed yet
    assert app.screen == "home" and app.participant is None

    participant = store.join(session.code, lang="en")
    store.claim_page(PAGE, PageClaim(session.code, participant.code, "en", "very-large"))
    app.poll()
    assert app.screen == "warning" and app.participant.code == participant.code
    assert app.lang == "en" and "wsp-size-very-large" in classes(app.root)
    assert store.load_progress(session.code, participant.code, APP_STATE) == {
        "text_size": "very-large"}
    assert store.take_page_claim(PAGE) is None
    if app._poll is not None:
        app._poll.stop()


def test_without_a_door_the_home_screen_is_the_join_form(store):
    app = ParticipantApp(cached_catalog(), store, {"sesi": "abc123"})
    app.render()
    assert "wsp-home" in classes(app.body.children[0])


# ----------------------------------------------------------------------- markup
@pytest.fixture(scope="module")
def markup():
    return door_markup(cached_catalog())


def test_every_text_of_the_door_is_there_in_both_languages(markup):
    indonesian = re.findall(r'data-l="id"', markup)
    english = re.findall(r'data-l="en"', markup)
    assert len(indonesian) == len(english) >= 20
    catalog = cached_catalog()
    for key in ("app.join_button", "app.session_code_label", "app.privacy_note",
                "app.door_getting_ready", "app.warning_title"):
        for lang in ("id", "en"):
            assert catalog.strings(key, lang).replace("'", "&#x27;") in markup, (key, lang)
    assert catalog.help.content_warning("en").replace("'", "&#x27;") in markup
    texts = json.loads(re.search(r'id="wsp-door-texts">(.*?)</script>', markup).group(1))
    assert set(texts["id"]) == set(texts["en"]) and all(texts["en"].values())


def test_the_door_carries_every_help_number_and_fetches_nothing(markup):
    for contact in cached_catalog().help.contacts:
        if contact.number:
            assert f'href="tel:{contact.dial}"' in markup
    assert not re.search(r'\bsrc=', markup)
    assert not re.search(r'<link\b', markup)
    assert "@import" not in markup and "url(" not in markup


def test_the_door_keeps_the_join_classes_tests_and_guides_use(markup):
    for name in ("wsp-session-input", "wsp-join", "wsp-team-toggle", "wsp-team-input",
                 "wsp-resume-input", "wsp-resume", "wsp-self-study", "wsp-message",
                 "wsp-lang-id", "wsp-lang-en", "wsp-size-choice-very-large", "wsp-home"):
        assert re.search(rf'class="[^"]*\b{name}\b', markup), name
    labels = re.findall(r'<label for="([^"]+)"', markup)
    inputs = re.findall(r'<input id="([^"]+)"', markup)
    assert sorted(labels) == sorted(inputs) and inputs
