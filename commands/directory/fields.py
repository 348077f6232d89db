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
_BY_WORD = {fold(word): name for name, words in _SYNONYMS.items() for word in words}
assert set(_SYNONYMS) == set(EDITABLE_FIELDS)

FIELD_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (name, FIELD_LABELS[name]) for name in EDITABLE_FIELDS
)


def parse_field(word: str) -> str | None:
    """The canonical field a user means: ``parse_field("téléphone") == "phones"``."""
    return _BY_WORD.get(fold(word).strip())
