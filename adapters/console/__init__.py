"""Console adapter: the bot in a terminal, for trying it out and for local administration."""

from adapters.spec import AdapterSpec

ADAPTER = AdapterSpec(name="Console", prefix="console", configured=lambda: False)
"""Never configured, nor built from the registry: `chatbot run` opens it when no other platform
is configured, `chatbot console` always, each with its own options (see :mod:`app.runner`)."""
