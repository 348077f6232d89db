"""Which fields a "possibly outdated" flag is about, hence what clears it.

A flag is a free note ("le 3230 sonne occupé", ``flag <entry> <what is wrong>``). It concerns
the fields whose current value it quotes (a phone number's digits, the e-mail, the website...)
or whose name it says (téléphone, horaires, adresse...); a note that names none concerns the
entry's details as a whole (:data:`CONTACT_FIELDS`). Only a change or a verification of a
field it concerns, or the verification of the whole entry, clears it: an unrelated edit (an
alias added, a new theme) leaves the warning on the card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chatbot.directory import Entry
from chatbot.parsing import fold

CONTACT_FIELDS = frozenset({"phones", "email", "url", "address", "hours", "notes"})
"""What a note naming no field is about: whatever a volunteer relies on to reach the service."""

_FIELD_WORDS = {
    "phones": (
        "tel telephone telephones phone phones numero numeros number appel appeler appels "
        "sonne sonnerie joignable injoignable repond decroche ligne call rings"
    ),
    "email": "mail email e-mail courriel mails emails",
    "url": "site web internet url lien liens website link page formulaire",
    "address": "adresse address rue demenage local locaux bureau lieu",
    "hours": (
        "horaire horaires heure heures ouvert ouverte ferme fermee ouverture hours closed "
        "lundi lundis mardi mercredi jeudi vendredi samedi dimanche "
        "monday mondays tuesday wednesday thursday friday saturday sunday"
    ),
    "name": "nom name appelle renomme",
}
_BY_WORD = {fold(w): field for field, words in _FIELD_WORDS.items() for w in words.split()}
_WORD = re.compile(r"[\w@.-]+")
_QUOTED_MIN = 4
"""The shortest value (e-mail, website, address...) a note is taken to quote."""


def flagged_fields(entry: Entry) -> frozenset[str]:
    """The fields ``entry``'s flag is about (empty when it has no flag)."""
    note = fold(entry.flag)
    if not note.strip():
        return frozenset()
    fields = {_BY_WORD[w] for w in _WORD.findall(note) if w in _BY_WORD}
    digits = "".join(c for c in note if c.isdigit() or c == " ")
    squeezed = digits.replace(" ", "")
    if any(p.digits and len(p.digits) >= 3 and p.digits in squeezed for p in entry.phones):
        fields.add("phones")
    for field in ("email", "url", "address", "hours"):
        value = fold(str(getattr(entry, field))).strip()
        if len(value) >= _QUOTED_MIN and value in note:
            fields.add(field)
    return frozenset(fields) or CONTACT_FIELDS


def clears_flag(entry: Entry, fields: Iterable[str]) -> bool:
    """Whether changing (or verifying) ``fields`` of ``entry`` answers its flag."""
    return bool(flagged_fields(entry) & set(fields))
