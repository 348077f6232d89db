"""Named contacts (referents) of an entry: their text form, their checks and their edits.

A referent (:class:`chatbot.directory.Referent`) is internal unless marked public. Commands,
suggestions, storage and the CSV format all go through the functions here, so a referent is
checked the same way wherever it comes from: a name, a phone with digits, a well-formed e-mail.

History keeps a referent as one line of text, ``name; function; phone; e-mail; public`` (or
``internal``): :func:`referent_text`. Its field is :data:`REFERENT`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from chatbot.directory import REFERENT, Phone, Referent
from chatbot.i18n import _
from chatbot.parsing import fold

ATTRIBUTES = ("name", "function", "phone", "email", "visibility")
SUGGESTIBLE_ATTRIBUTES = ("function", "phone", "email")
"""What a volunteer may suggest about a referent (a coordinator reviews it)."""
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
"""The same rule as the CSV import's e-mail column."""
_PHONE_LIKE = re.compile(r"[+\d\s().\-/]+")
_ATTRIBUTE_WORDS = {
    "name": ("name", "nom"),
    "function": ("function", "fonction", "role", "poste", "titre"),
    "phone": ("phone", "tel", "telephone", "numero", "number", "portable", "mobile"),
    "email": ("email", "e-mail", "mail", "courriel"),
    "visibility": ("visibility", "visibilite"),
}
_BY_WORD = {word: name for name, words in _ATTRIBUTE_WORDS.items() for word in words}
_VISIBILITY_WORDS = {
    "public": True,
    "publique": True,
    "internal": False,
    "interne": False,
    "private": False,
    "prive": False,
}
_REFERENT_WORDS = frozenset({"referent", "referents", "referente", "referentes", "contact"})


class ReferentError(ValueError):
    """A referent or a change that cannot be; the message, translated, says why."""


def is_referent_word(word: str) -> bool:
    """``référent``, ``referent``, ``contact``: the word for a referent in ``edit``/``suggest``."""
    return fold(word).strip() in _REFERENT_WORDS


def attribute_of(word: str) -> str | None:
    """``"téléphone"`` -> ``"phone"``; a visibility word (``public``) -> ``"visibility"``."""
    folded = fold(word).strip()
    if folded in _VISIBILITY_WORDS:
        return "visibility"
    return _BY_WORD.get(folded)


def visibility_of(word: str) -> bool | None:
    """True for public, False for internal, None for another word."""
    return _VISIBILITY_WORDS.get(fold(word).strip())


def referent_text(referent: Referent) -> str:
    """The one-line form history keeps."""
    visibility = "public" if referent.public else "internal"
    parts = (referent.name, referent.function, referent.phone, referent.email, visibility)
    return "; ".join(parts)


def is_public_text(text: str) -> bool:
    """Whether a history line's referent (:func:`referent_text`) was public."""
    return text.endswith("; public")


def clean_name(name: str) -> str:
    return " ".join(name.split())


def problems_of(referent: Referent) -> list[str]:
    """What is wrong with ``referent`` (empty: nothing), for the user."""
    problems = []
    if not clean_name(referent.name):
        problems.append(_("the referent has no name"))
    if referent.phone and not Phone(referent.phone).digits:
        problems.append(_('the phone "{phone}" has no digits').format(phone=referent.phone))
    if referent.email and not EMAIL.match(referent.email):
        problems.append(_('"{email}" is not an email address').format(email=referent.email))
    return problems


def checked(referent: Referent) -> Referent:
    """``referent`` with its name cleaned, or :class:`ReferentError`."""
    problems = problems_of(referent)
    if problems:
        raise ReferentError("; ".join(problems))
    return replace(referent, name=clean_name(referent.name))


def parse_referent(text: str) -> Referent:
    """``"Jean Dupont; directeur; 01 23 45 67 89; jean@caf.fr public"``, forgivingly: after
    the name, a part holding ``@`` is the e-mail, one of digits the phone, the other the
    function; a last word ``public`` (or ``interne``) sets the visibility."""
    parts = [part.strip() for part in text.split(";")]
    public = False
    if len(parts) > 1 and visibility_of(parts[-1]) is not None:
        public = bool(visibility_of(parts.pop()))
    else:
        head, _sep, tail = parts[-1].rpartition(" ")
        if head.strip() and visibility_of(tail) is not None:
            parts[-1], public = head.strip(), bool(visibility_of(tail))
    name, *rest = parts
    found: dict[str, str] = {}
    for part in (p for p in rest if p):
        kind = "email" if "@" in part else "phone" if _is_phone_like(part) else "function"
        if kind in found:
            raise ReferentError(
                _("a referent has one name, one function, one phone and one e-mail")
            )
        found[kind] = part
    return checked(Referent(name=name, public=public, **found))


def _is_phone_like(text: str) -> bool:
    return bool(_PHONE_LIKE.fullmatch(text)) and sum(c.isdigit() for c in text) >= 2


def find(referents: tuple[Referent, ...], name: str) -> int | None:
    """The position of the referent called ``name`` (case and accents ignored), else of the
    only one whose name holds all its words (``dupont`` for "Jean Dupont")."""
    wanted = fold(clean_name(name))
    for position, referent in enumerate(referents):
        if fold(referent.name) == wanted:
            return position
    words = set(wanted.split())
    holding = [p for p, r in enumerate(referents) if words <= set(fold(r.name).split())]
    return holding[0] if len(holding) == 1 and words else None


def referent_from_text(text: str) -> Referent:
    """The inverse of :func:`referent_text` (for showing history lines)."""
    name, function, phone, email, visibility = (*text.split("; "), "", "", "", "")[:5]
    return Referent(
        name=name, function=function, phone=phone, email=email, public=visibility == "public"
    )


def added(referents: tuple[Referent, ...], referent: Referent) -> tuple[Referent, ...]:
    same = find(referents, referent.name)
    if same is not None and fold(referents[same].name) == fold(clean_name(referent.name)):
        raise ReferentError(
            _("There is already a referent named «{name}» here.").format(name=referents[same].name)
        )
    return (*referents, checked(referent))


def named(referents: tuple[Referent, ...], name: str) -> Referent:
    """The referent ``name`` designates (see :func:`find`), or :class:`ReferentError`."""
    return referents[_position(referents, name)]


def removed(referents: tuple[Referent, ...], name: str) -> tuple[Referent, ...]:
    position = _position(referents, name)
    return (*referents[:position], *referents[position + 1 :])


def edited(
    referents: tuple[Referent, ...], name: str, attribute: str, value: str
) -> tuple[Referent, ...]:
    """``referents`` with ``attribute`` of the one called ``name`` set to ``value``."""
    position = _position(referents, name)
    value = value.strip()
    match attribute:
        case "visibility":
            public = visibility_of(value)
            if public is None:
                raise ReferentError(
                    _("Visibility must be public or internal, not «{value}».").format(value=value)
                )
            new = replace(referents[position], public=public)
        case "name":
            other = find(referents, value)
            if other is not None and other != position:
                raise ReferentError(
                    _("There is already a referent named «{name}» here.").format(name=value)
                )
            new = replace(referents[position], name=value)
        case _:
            new = with_text(referents[position], attribute, value)
    return (*referents[:position], checked(new), *referents[position + 1 :])


def with_text(referent: Referent, attribute: str, value: str) -> Referent:
    """``referent`` with its function, phone or e-mail set to ``value`` (not checked)."""
    match attribute:
        case "function":
            return replace(referent, function=value.strip())
        case "phone":
            return replace(referent, phone=value.strip())
        case "email":
            return replace(referent, email=value.strip())
    raise ReferentError(attribute)


def _position(referents: tuple[Referent, ...], name: str) -> int:
    position = find(referents, name)
    if position is None:
        raise ReferentError(_("There is no referent named «{name}» here.").format(name=name))
    return position


def parse_change(text: str) -> tuple[str, str, str]:
    """``"Jean Dupont phone 01 23 45 67 89"`` or ``"Jean Dupont; téléphone; 01 23"`` ->
    (name, attribute, value); ``"Dupont public"`` -> ("Dupont", "visibility", "public").
    Raises :class:`ReferentError` (empty message) when no attribute is named."""
    if ";" in text:
        name, _sep, rest = text.partition(";")
        words = [name.strip(), *rest.replace(";", " ").split()]
    else:
        words = text.split()
    for at, word in enumerate(words[1:], start=1):
        attribute = attribute_of(word)
        if attribute is None:
            continue
        value = " ".join(words[at + 1 :])
        if attribute == "visibility" and visibility_of(word) is not None:
            value = value or word
        if not value and attribute not in ("function", "phone", "email"):
            break
        return " ".join(words[:at]), attribute, value
    raise ReferentError("")


def suggestion_value(name: str, attribute: str, value: str) -> str:
    """How a suggested referent change is stored: ``"Jean Dupont | phone | 01 23"``."""
    return f"{clean_name(name)} | {attribute} | {value.strip()}"


def parse_suggestion_value(text: str) -> tuple[str, str, str]:
    name, _sep, rest = text.partition(" | ")
    attribute, _sep, value = rest.partition(" | ")
    return name, attribute, value


def with_suggestion(referents: tuple[Referent, ...], text: str) -> tuple[Referent, ...]:
    """``referents`` once the suggestion ``text`` (:func:`suggestion_value`) is applied."""
    name, attribute, value = parse_suggestion_value(text)
    if attribute not in SUGGESTIBLE_ATTRIBUTES:
        raise ReferentError(attribute)
    return edited(referents, name, attribute, value)


def changes_between(
    old: tuple[Referent, ...], new: tuple[Referent, ...]
) -> list[tuple[str, str, str]]:
    """History lines (field, old text, new text), one per referent added, changed or removed
    (by name: a renamed referent is one removed and one added)."""
    before = {fold(r.name): referent_text(r) for r in old}
    after = {fold(r.name): referent_text(r) for r in new}
    lines = [(REFERENT, text, "") for key, text in before.items() if key not in after]
    for key, text in after.items():
        if before.get(key, "") != text:
            lines.append((REFERENT, before.get(key, ""), text))
    return lines


def public_referents(referents: tuple[Referent, ...]) -> tuple[Referent, ...]:
    """Those anyone may see: what a public export or a public room gets."""
    return tuple(r for r in referents if r.public)
