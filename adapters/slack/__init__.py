"""Slack adapter: slash commands, mentions, direct messages, buttons and modals via slack-bolt,
in Socket Mode (``SLACK_APP_TOKEN``) or over HTTP (``SLACK_SIGNING_SECRET``)."""

from adapters.slack.adapter import SlackAdapter
from adapters.slack.render import render
from adapters.slack.settings import SlackSettings

__all__ = ["SlackAdapter", "SlackSettings", "render"]
