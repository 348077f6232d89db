"""The directory capability: lookups, suggestions, verification and history."""

from __future__ import annotations

from chatbot.commands import CommandSet
from commands.directory.aliases import alias_commands
from commands.directory.editing import editing_commands
from commands.directory.index import DirectoryIndex
from commands.directory.lookup import lookup_commands
from commands.directory.referents import referent_commands
from commands.directory.rounds import round_commands
from commands.directory.stewardship import stewardship_commands
from commands.directory.suggestions import suggestion_commands
from commands.directory.synonyms import synonym_commands


def directory_command_sets() -> tuple[CommandSet, ...]:
    """The capability's command sets for one bot, searching one index of their own (built
    here, per call): two bots in one process never see each other's directory."""
    index = DirectoryIndex()
    return (
        lookup_commands(index),
        editing_commands(index),
        suggestion_commands(index),
        referent_commands(index),
        stewardship_commands(index),
        alias_commands(index),
        round_commands(),
        synonym_commands,
    )


__all__ = ["directory_command_sets"]
