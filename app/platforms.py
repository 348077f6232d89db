"""Every platform the bot can serve, registered once: adding a platform is ``adapters/<name>/``
(with its :class:`~adapters.spec.AdapterSpec`) plus its line here."""

from __future__ import annotations

from adapters import console, matrix, slack, web
from adapters.spec import AdapterSpec
from chatbot.ids import qualify
from chatbot.settings import ID_EXAMPLE, QUALIFIED_ID, Settings, not_an_id

PLATFORMS: tuple[AdapterSpec, ...] = (
    console.ADAPTER,
    slack.ADAPTER,
    matrix.ADAPTER,
    web.ADAPTER,
)


def prefixes() -> tuple[str, ...]:
    """The platform part of every id this bot may meet (``slack`` in ``slack:U1``)."""
    return tuple(spec.prefix for spec in PLATFORMS)


def configured() -> list[AdapterSpec]:
    """The platforms whose settings ask `chatbot run` to serve them."""
    return [spec for spec in PLATFORMS if spec.build is not None and spec.configured()]


class PlatformSettings(Settings):
    """The bot's settings as `chatbot` reads them at start: each id they name (``BOT_ADMINS``,
    ``DIGEST_TARGETS``...) also has the syntax its platform's spec declares, and a registered
    platform's prefix; any other stops the bot with the setting named."""

    @classmethod
    def checked_id(cls, value: str, *, user: bool) -> str:
        platform, _sep, local = value.partition(":")
        spec = next((spec for spec in PLATFORMS if spec.prefix == platform), None)
        syntax = None if spec is None else spec.user_id if user else spec.conversation_id
        if not QUALIFIED_ID.fullmatch(value) or syntax is None or not syntax.fullmatch(local):
            raise not_an_id(value, user=user, examples=id_examples(user=user))
        return value


def id_examples(*, user: bool) -> str:
    """An id of each platform that gives one: ``slack:U024BE7LH, matrix:@ana:example.org``."""
    examples = [
        qualify(spec.prefix, example)
        for spec in PLATFORMS
        if (example := spec.user_id_example if user else spec.conversation_id_example)
    ]
    return ", ".join(examples) or ID_EXAMPLE
