"""A help number lives in help.yaml only: other content writes {{help:ID}} and gets the number
filled in, so one correction reaches every card, story, question, slide and handout."""

from __future__ import annotations

import shutil

import pytest

from widgets.content import load_catalog
from widgets.content.base import ContentError
from widgets.paths import DATASETS


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


def test_tokens_are_filled_in_from_help_yaml(copy):
    help_file = copy / "help.yaml"
    help_file.write_text(help_file.read_text(encoding="utf-8").replace(
        '"0800-1000"', '"0800-4321-987"'), encoding="utf-8")
    catalog = load_catalog(copy)
    explanation = catalog.quiz.items["bantuan-kp2mi"].explanation
    assert "0800-4321-987" in explanation.id and "0800-4321-987" in explanation.en
    assert "{{" not in explanation.id


def test_a_number_copied_by_hand_is_refused_with_the_token_to_use(copy):
    card = copy / "redflags" / "pulang-cerita-disekap.yaml"
    text = card.read_text(encoding="utf-8").replace("SAPA 129", "SAPA 129 (WhatsApp 08111-129-129)", 1)
    card.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    message = str(caught.value)
    assert str(card) in message and "line" in message
    assert "{{help:sapa-129.whatsapp}}" in message


def test_an_unknown_contact_is_named(copy):
    card = copy / "redflags" / "pulang-cerita-disekap.yaml"
    text = card.read_text(encoding="utf-8").replace("SAPA 129", "{{help:sapa}}", 1)
    card.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(copy)
    message = str(caught.value)
    assert "{{help:sapa}}" in message and "kp2mi" in message and str(card) in message
