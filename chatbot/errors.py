"""Errors a command raises to answer the user with a friendly message instead of a result."""


class CommandError(Exception):
    """The request cannot be carried out; ``str(error)`` is shown to the user as is, so it must
    already be translated."""
