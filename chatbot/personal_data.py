"""Personal data about the people volunteers help, seen in what they type: a report or a
comment is warned of it, and a search that found nothing is not kept with it."""

from __future__ import annotations

import re
from collections.abc import Callable

from chatbot.i18n import N_, _

_SOCIAL_SECURITY = re.compile(
    r"(?<!\d)[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}"
)
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)33[ .-]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")
_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:(?:\+|00)33[ .-]?|0)[67](?:[ .-]?\d{2}){4}"  # France: 06, 07
    r"|(?:(?:\+|00)32[ .-]?|0)4\d{2}(?:[ .-]?\d{2}){3})(?!\d)"  # Belgium: 04xx
)
BOUNDED_PATTERNS = (_SOCIAL_SECURITY, _PHONE, _MOBILE)
"""Patterns that match a bounded length: searching them is linear in the text."""


def names_a_person(text: str) -> bool:
    """Whether ``text`` holds what only a person has: an e-mail address, a mobile number or a
    social security number (a landline may well be a body's, missing from the directory)."""
    return bool(_SOCIAL_SECURITY.search(text) or _MOBILE.search(text) or email_scan(text)[0])


def personal_data_in(text: str) -> list[str]:
    """What kinds of personal data ``text`` seems to contain (translated), e.g. a phone number.

    Each check takes time in proportion to the text: the remaining patterns match a bounded
    length, and the e-mail check is :func:`email_scan`, not a regular expression."""
    return [_(kind) for kind, present in _PERSONAL_DATA if present(text)]


_LOCAL_MARKS = frozenset("_.+-")
_DOMAIN_MARKS = frozenset("_-")


def email_scan(text: str) -> tuple[bool, int]:
    r"""Whether ``text`` holds what ``[\w.+-]+@[\w-]+\.[\w.-]+`` matches, and how many
    characters were looked at to tell (never more than twice the length).

    That expression, searched, tries every start and backtracks over the whole run of word
    characters after it: 6 s on 40,000 letters, while other users wait. Here one pass keeps
    whether a local part ends just before; after an ``@`` it reads the domain's first label,
    then goes on from where it stopped."""
    steps = 0
    local = False  # the previous character may end a local part
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        steps += 1
        if char == "@" and local:
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in _DOMAIN_MARKS):
                steps += 1
                j += 1
            if j > i + 1 and j + 1 < n and text[j] == ".":
                after = text[j + 1]
                steps += 1
                if after.isalnum() or after in "_.-":
                    return True, steps
            local = j > i + 1  # the label read may begin the next local part
            i = j
            continue
        local = char.isalnum() or char in _LOCAL_MARKS
        i += 1
    return False, steps


_PERSONAL_DATA: tuple[tuple[str, Callable[[str], object]], ...] = (
    (N_("a social security number"), _SOCIAL_SECURITY.search),
    (N_("an e-mail address"), lambda text: email_scan(text)[0]),
    (N_("a phone number"), _PHONE.search),
)
