"""The bot's capabilities, one module (or package) each, as command sets."""

from commands.anomalies import anomaly_command_sets
from commands.core import core_commands
from commands.decisions import decision_commands
from commands.directory import DIRECTORY_COMMANDS
from commands.onboarding import ONBOARDING_COMMANDS

ALL_COMMAND_SETS = (
    core_commands,
    *DIRECTORY_COMMANDS,
    *ONBOARDING_COMMANDS,
    *anomaly_command_sets(),
    decision_commands,
)
