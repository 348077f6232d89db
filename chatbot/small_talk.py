"""Short friendly answers to what is not a request: thanks, greetings, "ok", "non", "test".

A volunteer who writes "merci !" or "bonjour" to the bot gets a word back, never a directory
entry that happens to match nor a "did you mean" about commands.
"""

from __future__ import annotations

import re

from chatbot.i18n import _
from chatbot.parsing import fold
from chatbot.reply import Reply

_WORD = re.compile(r"[a-z0-9]+")
_KINDS: dict[str, frozenset[str]] = {
    "thanks": frozenset(
        "merci mercii remerciements thanks thank thx ty cimer beaucoup bcp mille fois".split()
    ),
    "bye": frozenset("revoir bye goodbye ciao bonne journee soiree tchao salut".split()),
    "greeting": frozenset(
        "bonjour bonsoir hello hi hey coucou salut yo bjr slt morning good".split()
    ),
    "how": frozenset("ca va vas comment allez how are you doing".split()),
    "test": frozenset("test tests testing essai essais".split()),
    "no": frozenset("non no nope pas besoin merci laisse tomber tant pis".split()),
    "ack": frozenset(
        "ok okay oki dac daccord d accord super parfait top cool genial nickel bien compris "
        "entendu yes oui ah bon tres great fine noted alright".split()
    ),
}
_FILLER = frozenset("a au tous toutes le la les the all you bot robot toi vous et and".split())
_ANY = frozenset().union(*_KINDS.values()) | _FILLER
_MAX_WORDS = 6


def is_small_talk_word(word: str) -> bool:
    """Whether ``word`` (folded) is politeness: thanks, greetings, "ok"..."""
    return word in _ANY


def small_talk(text: str) -> Reply | None:
    """A short answer when ``text`` is only politeness, else None."""
    found = _WORD.findall(fold(text))
    if not found or len(found) > _MAX_WORDS or not all(w in _ANY for w in found):
        return None
    said = set(found)
    if said & _KINDS["thanks"]:
        return Reply.text(_("You're welcome! Ask me whenever you need a contact."))
    if said & {"revoir", "bye", "goodbye", "ciao", "tchao"} or said >= {"bonne", "journee"}:
        return Reply.text(_("Goodbye, and thank you for your help today!"))
    if said & _KINDS["greeting"]:
        return Reply.text(
            _("Hello! Tell me what you are looking for (e.g. caf toulouse), or type help.")
        )
    if said & {"va", "vas", "allez", "how"}:
        return Reply.text(_("All good, thank you! What can I find for you?"))
    if said & _KINDS["test"]:
        return Reply.text(
            _("I'm here and working! Ask me for a contact (e.g. caf toulouse), or type help.")
        )
    if said & {"non", "no", "nope"} or said >= {"pas", "besoin"} or said >= {"tant", "pis"}:
        return Reply.text(_("All right, nothing done."))
    if said & _KINDS["ack"]:
        return Reply.text("👍")
    return None
