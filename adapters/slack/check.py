"""`chatbot check` for Slack: the bot token (``auth.test``), the scopes the manifest asks for,
and the bot's membership of each Slack digest target."""

from __future__ import annotations

from pathlib import Path

import yaml
from aiohttp import ClientSession
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import web_client
from adapters.slack.settings import SlackSettings
from adapters.spec import Check, CheckHost
from chatbot.i18n import _

MANIFEST = Path(__file__).with_name("manifest.yml")


def manifest_scopes() -> set[str]:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


async def check_slack(host: CheckHost) -> list[Check]:
    settings = SlackSettings()
    async with ClientSession() as session:
        client = web_client(settings.slack_bot_token.get_secret_value(), settings.api_url, session)
        try:
            auth = await client.auth_test()
        except SlackApiError as error:
            return [
                Check(
                    False,
                    _("Slack: the bot token is refused ({error})").format(
                        error=error.response.get("error")
                    ),
                    _("set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-...)"),
                )
            ]
        except OSError as error:
            return [
                Check(
                    False,
                    _("Slack: {url} unreachable ({error})").format(
                        url=settings.api_url, error=error
                    ),
                    _("check the network, or SLACK_API_URL"),
                )
            ]
        checks = [
            Check(
                True,
                _("Slack: connected to {team} as {user}").format(
                    team=auth.get("team"), user=auth.get("user")
                ),
            )
        ]
        granted = {
            scope.strip() for scope in str(auth.headers.get("x-oauth-scopes", "")).split(",")
        }
        missing = sorted(manifest_scopes() - granted)
        if missing:
            checks.append(
                Check(
                    False,
                    _("Slack: scopes missing: {scopes}").format(scopes=", ".join(missing)),
                    _(
                        "add them under OAuth & Permissions (see adapters/slack/manifest.yml), "
                        "then reinstall the app"
                    ),
                )
            )
        else:
            checks.append(Check(True, _("Slack: every scope the manifest asks for is granted")))
        for channel in host.digest_targets:
            checks.append(await _target(client, channel, bot=str(auth.get("user"))))
    return checks


async def _target(client: AsyncWebClient, channel: str, *, bot: str) -> Check:
    try:
        info = await client.conversations_info(channel=channel)
    except SlackApiError as error:
        return Check(
            False,
            _("Slack: digest target {channel} not found ({error})").format(
                channel=channel, error=error.response.get("error")
            ),
            _("correct DIGEST_TARGETS (a channel id, C0123)"),
        )
    conversation = info.get("channel") or {}
    if not conversation.get("is_member"):
        return Check(
            False,
            _("Slack: the bot is not a member of digest target {channel}").format(channel=channel),
            _("type /invite @{bot} in that channel").format(bot=bot),
        )
    return Check(
        True,
        _("Slack: digest target {channel} exists, the bot is a member").format(channel=channel),
    )
