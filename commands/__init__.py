"""The bot's capabilities, one module (or package) each, as command sets."""

from chatbot.commands import CommandSet
from chatbot.reply import Block
from chatbot.services import Services
from chatbot.settings import Settings
from commands.anomalies import DigestPeriod, anomaly_command_sets
from commands.core import core_commands
from commands.decisions import decision_commands
from commands.directory import directory_command_sets
from commands.directory.learning import aliases_to_learn
from commands.onboarding import ONBOARDING_COMMANDS, stuck_newcomers_section
from commands.outbox import outbox_commands, undelivered_section
from commands.web import web_commands


def _stuck_newcomers(services: Services, _period: DigestPeriod) -> list[Block]:
    """Onboarding's part of the coordinators' digest."""
    return stuck_newcomers_section(services, services.clock.now())


def _aliases_to_learn(services: Services, _period: DigestPeriod) -> list[Block]:
    """The directory's part of the digest: missed searches that may name an entry."""
    return aliases_to_learn(services)


def _undelivered(services: Services, _period: DigestPeriod) -> list[Block]:
    """The outbox's part of the digest: messages that could not be delivered."""
    return undelivered_section(services)


def all_command_sets(settings: Settings) -> tuple[CommandSet, ...]:
    """Every capability, built for a bot with ``settings``: two bots in one process share
    nothing but the handlers."""
    return (
        core_commands,
        *directory_command_sets(),
        *ONBOARDING_COMMANDS,
        *anomaly_command_sets(
            settings, extra_sections=(_aliases_to_learn, _stuck_newcomers, _undelivered)
        ),
        decision_commands,
        outbox_commands,
        web_commands,
    )
