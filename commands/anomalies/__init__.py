"""The anomaly capability: reports from any platform, follow-up, and the coordinators' digest."""

from __future__ import annotations

from collections.abc import Sequence

from chatbot.commands import CommandSet
from chatbot.settings import Settings
from commands.anomalies.attachments import attachment_commands
from commands.anomalies.confirm import confirm_commands
from commands.anomalies.digest import DIGEST_SECTIONS, DigestPeriod, DigestSection
from commands.anomalies.digest_job import digest_commands
from commands.anomalies.escalation import escalation_commands
from commands.anomalies.follow_up import follow_up_commands
from commands.anomalies.merging import merge_commands
from commands.anomalies.preferences import preference_commands
from commands.anomalies.reporting import reporting_commands
from commands.anomalies.summary import summary_commands


def anomaly_command_sets(
    settings: Settings, extra_sections: Sequence[DigestSection] = ()
) -> tuple[CommandSet, ...]:
    """The capability's command sets for a bot with ``settings`` (its report categories);
    ``extra_sections`` are appended to the digest (e.g. onboarding's stuck newcomers:
    ``(services, period) -> list[Block]``)."""
    return (
        reporting_commands(settings),
        confirm_commands,
        follow_up_commands,
        merge_commands,
        attachment_commands,
        digest_commands((*DIGEST_SECTIONS, *extra_sections)),
        escalation_commands,
        preference_commands,
        summary_commands,
    )


__all__ = ["DIGEST_SECTIONS", "DigestPeriod", "DigestSection", "anomaly_command_sets"]
