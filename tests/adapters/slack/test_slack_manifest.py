"""The app manifest a coordinator pastes declares everything the adapter listens for."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.convert import SLASH_COMMANDS
from adapters.slack.membership import MEMBERSHIP_EVENTS

MANIFEST = Path(__file__).parents[3] / "adapters" / "slack" / "manifest.yml"


def test_manifest_declares_commands_events_scopes_and_interactivity():
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == set(SLASH_COMMANDS)
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "message.channels",  # files shared in a report's thread
        "message.groups",
        *MEMBERSHIP_EVENTS,
    }
    assert settings["interactivity"]["is_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "app_mentions:read", "im:history", "im:write"} <= scopes
    assert {"channels:read", "groups:read", "users:read"} <= scopes  # membership events
    assert {"files:read", "channels:history", "groups:history"} <= scopes  # report files
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
