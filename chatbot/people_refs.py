"""The one way a command names a person from what a user typed.

Adapters turn their platform's markup into the core's form before a command sees it (a Slack
``<@U123|ana>`` arrives as ``slack:U123``, a Matrix pill or a typed ``@ana:example.org`` as
``matrix:@ana:example.org``), so only the core forms are left to read here:

- ``me``/``moi``: the speaker;
- a qualified id, ``platform:local`` (``slack:U123``, ``matrix:@ana:example.org``,
  ``console:ana``), taken as is;
- ``@name`` or ``name``: that name on the speaker's own platform.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId, qualify
from chatbot.parsing import fold

if TYPE_CHECKING:
    from chatbot.context import Context

SELF_WORDS = frozenset({"me", "moi"})
_QUALIFIED = re.compile(r"^[a-z][a-z0-9_-]*:\S+$")


def parse_user_ref(word: str, *, speaker: UserId, platform: str) -> UserId:
    """The person ``word`` names, typed by ``speaker`` on ``platform``.

    A colon left in a bare name (``@ana:example.org`` typed outside Matrix) is refused rather
    than guessed: the user is asked to say which platform it is on."""
    word = word.strip()
    if fold(word) in SELF_WORDS:
        return speaker
    if _QUALIFIED.match(word):
        return UserId(word)
    name = word.removeprefix("@")
    if not name or ":" in name or any(c.isspace() for c in name):
        raise CommandError(
            _(
                "I don't know who «{word}» is: write me, a name, or an id with its platform, "
                "e.g. slack:U024BE7LH or matrix:@ana:example.org."
            ).format(word=word)
        )
    return UserId(qualify(platform, name))


def person(ctx: Context, word: str) -> UserId:
    """:func:`parse_user_ref` for the user speaking in ``ctx``."""
    return parse_user_ref(word, speaker=ctx.user_id, platform=ctx.incoming.platform)
