"""Entry field names as users type them (French or English) and as they are shown."""

from __future__ import annotations

from chatbot.directory import EDITABLE_FIELDS
from chatbot.i18n import N_
from chatbot.parsing import fold

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "aliases": N_("Also known as"),
    "theme": N_("Theme"),
    "phones": N_("Phone"),
    "email": N_("E-mail"),
    "url": N_("Website"),
    "address": N_("Address"),
    "hours": N_("Opening hours"),
    "notes": N_("Notes for volunteers"),
    "visibility": N_("Visibility"),
    "referent": N_("Referent"),
}
"""Also ``referent``: not a field, a history line or suggestion about one of the entry's
referents (``edit <entry> referent ...``, see commands.directory.referents)."""

INTERNAL_FIELDS = frozenset({"notes"})
"""Fields never shown in a public conversation (internal phone lines are handled per line)."""


def _phrase(text: str) -> str:
    """A field's words compared: folded, apostrophes as spaces ("heures d'ouverture")."""
    return " ".join(fold(text).replace("'", " ").replace("’", " ").split())


_SYNONYMS = {
    "name": ("nom", "name", "intitule"),
    "aliases": ("alias", "aliases", "sigle", "sigles", "acronyme", "acronym", "autres noms"),
    "theme": ("theme", "categorie", "category"),
    "phones": ("phone", "phones", "tel", "telephone", "telephones", "numero", "number"),
    "email": ("email", "e-mail", "mail", "courriel", "adresse mail"),
    "url": ("url", "site", "web", "lien", "link", "website", "site web"),
    "address": ("address", "adresse", "adresse postale"),
    "hours": ("hours", "horaires", "horaire", "heures", "ouverture"),
    "notes": ("notes", "note", "remarque", "remarques", "commentaire"),
    "visibility": ("visibility", "visibilite", "public", "interne"),
}
_PHRASES = {
    # Fields as people write them in several words ("modifier caf numéro de téléphone 3230").
    "phones": ("numero de telephone", "numero de tel", "phone number", "telephone number"),
    "email": ("adresse e-mail", "adresse email", "adresse electronique", "e-mail address"),
    "url": ("site internet", "site web", "web site", "site internet officiel"),
    "hours": ("heures d ouverture", "horaires d ouverture", "opening hours", "heures ouverture"),
    "notes": ("note pour les benevoles", "notes pour les benevoles"),
}
_BY_WORD = {
    _phrase(word): name for name, words in (*_SYNONYMS.items(), *_PHRASES.items()) for word in words
}
_MAX_FIELD_WORDS = max(len(key.split()) for key in _BY_WORD)
_BEFORE_FIELD = frozenset("le la les l son sa ses nouveau nouvelle nouvel new the its".split())
_BEFORE_VALUE = frozenset(
    {"c est", "est", ":", "=", "devient", "desormais", "maintenant", "is", "now", "becomes"}
    | {"a", "change", "changed", "has", "passe", "nouveau", "nouvelle", "new"}
)
"""Words between a field and its value: "le numéro c'est le 39 49", "le numéro a changé,
c'est le 03 20", "hours: 9-12"."""
assert set(_SYNONYMS) == set(EDITABLE_FIELDS)

FIELD_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FIELD_LABELS[name]) for name in EDITABLE_FIELDS
)


def parse_field(word: str) -> str | None:
    """The canonical field a user means: ``parse_field("téléphone") == "phones"``."""
    return _BY_WORD.get(_phrase(word))


def split_field(field: str, value: str) -> tuple[str, str]:
    """The field and the value of ``edit <entry> <field> <value>`` as typed without quotes:
    ``numéro de téléphone 03 20`` is (``phones``, ``03 20``), ``le numéro c'est le 39 49``
    (``phones``, ``39 49``). A field no words name is returned as typed (the caller says so)."""
    typed_field = field.split()  # one word, or several from a quoted answer ("le numéro")
    words = [*typed_field, *value.split()]
    start = 0
    while start < len(words) - 1 and _phrase(words[start]) in _BEFORE_FIELD:
        start += 1
    for end in range(min(len(words), start + _MAX_FIELD_WORDS), start, -1):
        name = _BY_WORD.get(_phrase(" ".join(words[start:end])))
        if name is None:
            continue
        rest = words[end:]
        while rest and _phrase(rest[0]).strip(",;") in _BEFORE_VALUE:
            rest = rest[1:]
        if name == "phones" and rest and _phrase(rest[0]) in {"le", "la", "au"}:
            rest = rest[1:]
        if rest == words[end:] and end >= len(typed_field):
            return name, _rest_of(value, end - len(typed_field))  # its spacing kept
        return name, " ".join(rest)
    return field, value


def _rest_of(value: str, skipped: int) -> str:
    """``value`` without its first ``skipped`` words, its spacing kept."""
    parts = value.split(maxsplit=skipped)
    return parts[skipped].strip() if len(parts) > skipped else ""
