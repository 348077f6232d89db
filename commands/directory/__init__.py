"""The directory capability: lookups, suggestions, verification and history."""

from commands.directory.editing import editing_commands
from commands.directory.lookup import lookup_commands
from commands.directory.suggestions import suggestion_commands
from commands.directory.synonyms import synonym_commands

DIRECTORY_COMMANDS = (lookup_commands, editing_commands, suggestion_commands, synonym_commands)
