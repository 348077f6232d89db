"""The bot's capabilities, one module (or package) each, as command sets."""

from commands.core import core_commands
from commands.directory import DIRECTORY_COMMANDS

ALL_COMMAND_SETS = (core_commands, *DIRECTORY_COMMANDS)
