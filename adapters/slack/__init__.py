"""Slack adapter: slash commands, mentions, direct messages, buttons and modals via slack-bolt,
in Socket Mode (``SLACK_APP_TOKEN``) or over HTTP (``SLACK_SIGNING_SECRET``)."""

import re

from adapters.slack.settings import SlackSettings
from adapters.spec import Adapter, AdapterHost, AdapterSpec, Check, CheckHost


def _build(host: AdapterHost) -> Adapter:
    from adapters.slack.adapter import SlackAdapter  # its SDK, only when configured

    return SlackAdapter(
        bot=host.bot,
        router=host.router,
        settings=SlackSettings(),
        events=host.events,
        answers=host.shared_answers,
        core=host.core,
    )


async def _check(host: CheckHost) -> list[Check]:
    from adapters.slack.check import check_slack  # its SDK, only when configured

    return await check_slack(host)


ADAPTER = AdapterSpec(
    name="Slack",
    prefix="slack",
    configured=lambda: SlackSettings().configured,
    build=_build,
    settings=(SlackSettings,),
    user_id=re.compile(r"[UW][A-Z0-9]+"),
    conversation_id=re.compile(r"[CGD][A-Z0-9]+"),
    user_id_example="U024BE7LH",
    conversation_id_example="C0123",
    check=_check,
)

__all__ = ["ADAPTER", "SlackSettings"]
