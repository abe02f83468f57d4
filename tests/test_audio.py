"""Recorded audio beside a text: `waspada check` finds a missing, empty or wrong file by name and
key, a good one passes, and the read-aloud control then points at the kit's own /audio/ URL."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest
import yaml

from widgets.content import load_catalog
from widgets.content.base import ContentError
from widgets.paths import DATASETS

CARD = "redflags/bekerja-gaji-ditahan.yaml"


def tiny_wav(path: Path, seconds: float = 0.3) -> Path:
    """A short silent WAV (8 kHz, 16-bit mono): a real sound file, a few KB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


def datasets_with_audio(tmp_path: Path, audio: dict[str, str]) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(DATASETS, root)
    card_path = root / CARD
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    card["situation"]["audio"] = audio
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return root


def test_a_recording_that_exists_is_accepted_and_reaches_the_control(tmp_path):
    root = datasets_with_audio(tmp_path, {"id": "gaji-ditahan-id.wav"})
    tiny_wav(root / "audio" / "gaji-ditahan-id.wav")
    card = load_catalog(root).redflags.cards["bekerja-gaji-ditahan"]
    assert card.situation.recording("id") == "gaji-ditahan-id.wav"
    assert card.situation.recording("en") is None

    from widgets.views.readaloud import read_aloud
    control = read_aloud(card.situation("id"), "id", lambda key: key,
                         card.situation.recording("id"))
    assert control.audio == "/audio/gaji-ditahan-id.wav" and control.lang == "id-ID"


@pytest.mark.parametrize("name,size,expected", [
    ("hilang.mp3", None, "is not in"),
    ("kosong.mp3", 10, "is 10 bytes"),
    ("catatan.txt", 5000, "is not a sound file"),
    ("../luar.mp3", None, "is not a plain file name"),
])
def test_a_bad_recording_is_named_with_its_file_key_and_fix(tmp_path, name, size, expected):
    root = datasets_with_audio(tmp_path, {"id": name})
    if size is not None:
        (root / "audio" / name).write_bytes(b"\x01" * size)
    with pytest.raises(ContentError) as caught:
        load_catalog(root)
    message = str(caught.value)
    assert expected in message
    assert str(root / CARD) in message  # the trainer's file, with its line
    assert "situation.audio.id" in message and "Fix:" in message


def test_a_recorded_content_warning_plays_on_the_warning_screen(tmp_path):
    root = tmp_path / "datasets"
    shutil.copytree(DATASETS, root)
    help_path = root / "help.yaml"
    directory = yaml.safe_load(help_path.read_text(encoding="utf-8"))
    directory["content_warning"]["audio"] = {"en": "peringatan-en.wav"}
    help_path.write_text(yaml.safe_dump(directory, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    tiny_wav(root / "audio" / "peringatan-en.wav")
    catalog = load_catalog(root)

    from widgets.engines.store import Store
    from widgets.views.app import ParticipantApp
    from widgets.views.readaloud import ReadAloud

    store = Store.in_data_dir(tmp_path / "data")
    session = store.create_session("Uji rekaman", "Sei Rampah", "2026-12-04")
    heard = {}
    for lang in ("en", "id"):
        app = ParticipantApp(catalog, store)
        app.session, app.participant = session, store.join(session.code, lang=lang)
        app.lang = lang
        screen = app.warning_screen()
        heard[lang] = [child.audio for child in screen.children if isinstance(child, ReadAloud)]
    assert heard == {"en": ["/audio/peringatan-en.wav"], "id": [""]}
