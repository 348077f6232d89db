"""The anomaly capability: reports from any platform, follow-up, and the coordinators' digest."""

from __future__ import annotations

from collections.abc import Sequence

from chatbot.commands import CommandSet
from chatbot.settings import Settings
from commands.anomalies.digest import DIGEST_SECTIONS, DigestPeriod, DigestSection
from commands.anomalies.digest_job import digest_commands
from commands.anomalies.follow_up import follow_up_commands
from commands.anomalies.reporting import reporting_commands


def anomaly_command_sets(
    settings: Settings, extra_sections: Sequence[DigestSection] = ()
) -> tuple[CommandSet, ...]:
    """The capability's command sets for a bot with ``settings`` (its report categories);
    ``extra_sections`` are appended to the digest (e.g. onboarding's stuck newcomers:
    ``(services, period) -> list[Block]``)."""
    return (
        reporting_commands(settings),
        follow_up_commands,
        digest_commands((*DIGEST_SECTIONS, *extra_sections)),
    )


__all__ = ["DIGEST_SECTIONS", "DigestPeriod", "DigestSection", "anomaly_command_sets"]
