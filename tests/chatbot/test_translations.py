"""Every message the bot can show exists in French, with the same placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from chatbot import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def source_messages() -> dict[str, str]:
    """msgid -> where it is used, for every string marked in the shipped code."""
    found: dict[str, str] = {}
    for package in ("chatbot", "commands", "adapters", "app"):
        for filename, lineno, message, *_rest in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                found.setdefault(msgid, f"{package}/{filename}:{lineno}")
    return found


def french_catalogue() -> dict[str, str]:
    """msgid -> translation; a plural entry gives each English form its French form."""
    with (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        found: dict[str, str] = {}
        for m in read_po(po):
            if isinstance(m.id, tuple | list):
                assert isinstance(m.string, tuple | list)
                found.update(zip(m.id, m.string, strict=False))
            elif m.id:
                assert isinstance(m.string, str)
                found[m.id] = m.string
        return found


def test_every_message_has_a_french_translation() -> None:
    french = french_catalogue()
    missing = [
        f"{where}: {msgid!r}" for msgid, where in source_messages().items() if not french.get(msgid)
    ]
    assert not missing, "untranslated (run `make i18n`, then translate):\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    wrong = [
        msgid
        for msgid, text in french_catalogue().items()
        if text and sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert not wrong, wrong


@pytest.mark.parametrize(("language", "expected"), [("fr", "bénévole"), ("en", "volunteer")])
def test_bot_language_picks_the_catalogue(language: str, expected: str) -> None:
    i18n.set_language(language)
    try:
        assert i18n._("volunteer") == expected
    finally:
        i18n.set_language("fr")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("xx")


def test_plurals_follow_the_french_rule() -> None:
    i18n.set_language("fr")
    try:
        one = i18n.ngettext("{count} open report", "{count} open reports", 1)
        many = i18n.ngettext("{count} open report", "{count} open reports", 2)
    finally:
        i18n.set_language("fr")
    assert one != many
    assert "signalement" in one
    assert "signalements" in many
