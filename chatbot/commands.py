"""Declaring commands: one decorator, from which parsing, usage, help and role checks derive.

A command is a plain async function ``(ctx, typed args) -> Reply``::

    directory = CommandSet()

    @directory.command(
        "approve", aliases=("approuver",), usage=N_("<number>"),
        help=N_("Approve a suggested edit."), role=Role.COORDINATOR,
    )
    async def approve(ctx: Context, number: int) -> Reply: ...

Parameters after ``ctx`` are filled from the words typed: ``str`` takes one word (quotes group
words), ``int`` a number (``#12`` works too), :data:`Words` the raw rest of the line. A
parameter with a default is optional.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NewType

from chatbot.events import Listener
from chatbot.i18n import _, current_language, or_list
from chatbot.jobs import Job
from chatbot.parsing import COMMAND_PREFIXES, CommandLine, fold
from chatbot.roles import Role

if TYPE_CHECKING:
    from chatbot.context import Context
    from chatbot.reply import Reply
    from chatbot.services import Services
    from chatbot.settings import Settings

JobRun = Callable[["Services"], Awaitable[None]]

Words = NewType("Words", str)
"""Annotate the last parameter with this to receive the rest of the line, as typed."""

Handler = Callable[..., Awaitable["Reply"]]
Understander = Callable[["Context", str, bool], Awaitable["Reply | None"]]
"""Reads a message that is no command ("numéro de la caf ?"): a reply, or None to pass. With
``sure_only`` (the message began with a command word whose arguments did not fit, as in
"comment contacter la caf"), it answers only when it is sure of what was meant."""
NameReader = Callable[["Services", "Sequence[str]"], int]
"""How many of the first words typed name one thing (0: not known), so that ``flag caf du
nord ne répond plus`` needs no quotes around the entry's name (see :meth:`CommandSet.reads`)."""
Pointer = Callable[["Context", str], Awaitable["Reply | None"]]
"""What a capability is sure a text names, in a line or two with a button to it (see
:meth:`CommandSet.points`)."""


class UsageError(Exception):
    """The arguments do not fit the command: the user is shown its usage, or asked for
    ``missing``, the parameter a handler found still lacking ("téléphone" typed, no number)."""

    def __init__(self, missing: str = "") -> None:
        super().__init__(missing)
        self.missing = missing


@dataclass(frozen=True)
class Param:
    name: str
    kind: type
    required: bool


@dataclass(frozen=True, kw_only=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    usage: str
    """Message id of the arguments part, e.g. ``"<entry> <field> <value>"``."""
    help: str
    """Message id of the one-line help."""
    role: Role
    handler: Handler
    params: tuple[Param, ...]
    hidden: bool = False
    """Hidden commands (button targets) are runnable but not listed in help."""
    labels: dict[str, str] = field(default_factory=dict)
    """Message ids naming each parameter in forms (``{"entry": N_("Entry")}``)."""
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Allowed values of a parameter as (value, label message id), for form pickers."""
    prompt: bool = False
    """Ask for missing arguments one by one (their labels are the questions) instead of
    showing the usage."""
    read_only: bool = False
    """The command only reads (lookups, lists, help): its answer may be shown to others as it
    is (Slack's "Share in channel"), since showing it again changes nothing."""
    form_tags: tuple[tuple[str, str], ...] = ()
    """Optional form fields written as tags after the arguments: ``("category", "#")`` adds a
    picker (its label and choices from ``labels`` and ``choices``) whose choice is typed
    ``#site`` at the end of the command line."""
    files: bool = False
    """Files may come with it (a report's screenshot): forms offer a file field."""
    instead: str = ""
    """The command to point to those whose role is below :attr:`role` (``suggest`` for
    ``edit``: a volunteer's "corriger" proposes the correction)."""
    phrases: tuple[str, ...] = ()
    """Several words that name it as people say them, its buttons' words ("prendre en compte 3"
    for ``ack 3``); folded, they stand for its name at the start of a line."""

    def binds(self, line: CommandLine) -> bool:
        """Whether the typed words fit the command's usage."""
        try:
            self.bind(line)
        except UsageError:
            return False
        return True

    def param(self, name: str) -> Param | None:
        return next((param for param in self.params if param.name == name), None)

    def missing_param(self, line: CommandLine) -> Param | None:
        """The next required parameter the user has not typed yet, if that is all that's
        wrong."""
        given = len(line.tokens)
        if given < len(self.params) and self.params[given].required:
            return self.params[given]
        return None

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def shown_name(self) -> str:
        """The name to show in help and usage: the first alias is the French word
        (``annuaire``), shown to a French bot's users; the English name otherwise."""
        return self.aliases[0] if self.aliases and current_language() == "fr" else self.name

    def label(self, name: str) -> str:
        """Parameter ``name``'s translated label; a ``{choices}`` in it lists the values of
        its choices (``a, b or c``), which capabilities may build from settings."""
        label = _(self.labels.get(name, name))
        values = [value for value, _label in self.choices.get(name, ())]
        if "{choices}" not in label or not values:
            return label
        return label.replace("{choices}", or_list(values))

    def bind(self, line: CommandLine) -> list[Any]:
        """Turn the typed words into handler arguments; raises :class:`UsageError`."""
        values: list[Any] = []
        tokens = line.tokens
        for index, param in enumerate(self.params):
            if param.kind is Words:
                rest = line.rest_from(index)
                if not rest and param.required:
                    raise UsageError
                values.append(Words(rest))
                return values
            if index >= len(tokens):
                if param.required:
                    raise UsageError
                break
            values.append(convert_word(tokens[index].text, param.kind))
        if len(tokens) > len(self.params):
            raise UsageError
        return values


MAX_PHRASE_WORDS = 4
"""The longest phrase naming a command (see :attr:`Command.phrases`)."""
MAX_NUMBER = 2**31 - 1
"""Numbers users type are ids and counts: anything larger is a typo (and no database takes it)."""


def typed_number(word: str) -> int | None:
    """``12``, ``#12`` or ``n°12`` as a number up to :data:`MAX_NUMBER`; None otherwise."""
    digits = word.removeprefix("#").removeprefix("n°").removeprefix("N°")
    if not digits.isdecimal() or not digits.isascii() or int(digits) > MAX_NUMBER:
        return None
    return int(digits)


def convert_word(word: str, kind: type) -> Any:
    """One typed word as a handler argument of type ``kind``; raises :class:`UsageError`."""
    if kind is int:
        number = typed_number(word)
        if number is None:
            raise UsageError
        return number
    return word


class CommandSet:
    """One capability: its commands, the events it listens to and its scheduled jobs, merged
    into the bot's :class:`Registry` at start-up."""

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self.listeners: list[tuple[type, Listener]] = []
        self.jobs: list[Job] = []
        self.understanders: list[Understander] = []
        self.early_understanders: list[Understander] = []
        self.pointers: list[Pointer] = []
        self.name_readers: dict[str, NameReader] = {}

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands)

    def on(self, kind: type) -> Callable[[Listener], Listener]:
        """Declare a listener: ``@onboarding.on(LookupSucceeded)``."""

        def declare(listener: Listener) -> Listener:
            self.listeners.append((kind, listener))
            return listener

        return declare

    def understands(self, understander: Understander) -> Understander:
        """Declare a reader of plain messages in a direct conversation (or after a mention):
        the first that answers wins, in the order capabilities are registered."""
        self.understanders.append(understander)
        return understander

    def points(self, pointer: Pointer) -> Pointer:
        """Declare what this capability is sure a text given to another one names: "signaler
        un enfant en danger" files a report, and the directory points to the 119 beside it."""
        self.pointers.append(pointer)
        return pointer

    def reads(self, param: str) -> Callable[[NameReader], NameReader]:
        """Declare how a command's first parameter called ``param`` finds its words when they
        are not quoted: ``@directory.reads("entry")``."""

        def declare(reader: NameReader) -> NameReader:
            self.name_readers[param] = reader
            return reader

        return declare

    def understands_first(self, understander: Understander) -> Understander:
        """Like :meth:`understands`, but asked before the readers declared with it (a message
        that reads like a problem report, before the directory's search)."""
        self.early_understanders.append(understander)
        return understander

    def job(self, name: str, *, cron: Callable[[Settings], str]) -> Callable[[JobRun], JobRun]:
        """Declare a scheduled job (see :mod:`chatbot.jobs`)."""

        def declare(run: JobRun) -> JobRun:
            self.jobs.append(Job(name=name, cron=cron, run=run))
            return run

        return declare

    def command(
        self,
        name: str,
        *,
        help: str,
        usage: str = "",
        aliases: Iterable[str] = (),
        role: Role = Role.VOLUNTEER,
        hidden: bool = False,
        labels: dict[str, str] | None = None,
        choices: dict[str, tuple[tuple[str, str], ...]] | None = None,
        prompt: bool = False,
        read_only: bool = False,
        form_tags: tuple[tuple[str, str], ...] = (),
        files: bool = False,
        instead: str = "",
        phrases: Iterable[str] = (),
    ) -> Callable[[Handler], Handler]:
        def declare(handler: Handler) -> Handler:
            self._commands.append(
                Command(
                    name=name,
                    aliases=tuple(aliases),
                    usage=usage,
                    help=help,
                    role=role,
                    handler=handler,
                    params=_params_of(handler),
                    hidden=hidden,
                    labels=labels or {},
                    choices=choices or {},
                    prompt=prompt,
                    read_only=read_only,
                    form_tags=form_tags,
                    files=files,
                    instead=instead,
                    phrases=tuple(phrases),
                )
            )
            return handler

        return declare


def _params_of(handler: Handler) -> tuple[Param, ...]:
    hints = typing.get_type_hints(handler)
    params = list(inspect.signature(handler).parameters.values())[1:]  # skip ctx
    result = []
    for p in params:
        kind = _unwrap_optional(hints.get(p.name, str))
        if kind not in (str, int, Words):
            raise TypeError(f"{handler.__name__}: parameter {p.name} must be str, int or Words")
        result.append(Param(p.name, kind, p.default is inspect.Parameter.empty))
    if any(p.kind is Words for p in result[:-1]):
        raise TypeError(f"{handler.__name__}: only the last parameter can be Words")
    return tuple(result)


def _unwrap_optional(hint: Any) -> Any:
    """``Words | None`` -> ``Words``: optional parameters default to None."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if len(args) == 1 and type(None) in typing.get_args(hint) else hint


class Registry:
    """Every command the bot knows, found by name or alias (case and accents ignored)."""

    def __init__(self, command_sets: Iterable[CommandSet] = ()) -> None:
        self._by_word: dict[str, Command] = {}
        self._phrases: list[tuple[tuple[str, ...], str]] = []
        self._commands: list[Command] = []
        self.listeners: list[tuple[type, Listener]] = []
        self.jobs: list[Job] = []
        self.understanders: list[Understander] = []
        self.pointers: list[Pointer] = []
        self.name_readers: dict[str, NameReader] = {}
        early = 0
        for command_set in command_sets:
            for command in command_set:
                self.add(command)
            self.listeners += command_set.listeners
            self.jobs += command_set.jobs
            self.understanders += command_set.understanders
            self.pointers += command_set.pointers
            self.name_readers.update(command_set.name_readers)
            self.understanders[early:early] = command_set.early_understanders
            early += len(command_set.early_understanders)

    def add(self, command: Command) -> None:
        for word in command.words:
            key = fold(word)
            if key in self._by_word:
                raise ValueError(f"command word {word!r} declared twice")
            self._by_word[key] = command
        for phrase in command.phrases:
            self._phrases.append((tuple(fold(phrase).split()), command.name))
        self._phrases.sort(key=lambda pair: -len(pair[0]))  # the longest phrase first
        self._commands.append(command)

    def named(self, text: str) -> str:
        """``text`` with a phrase naming a command at its start replaced by the command's name:
        "Prendre en compte 3" is ``ack 3``."""
        line = text.lstrip()
        while line.startswith(COMMAND_PREFIXES):  # "!prendre en compte 3" on Matrix
            line = line[1:].lstrip()
        words = line.split()
        folded = tuple(fold(word) for word in words[:MAX_PHRASE_WORDS])
        for phrase, name in self._phrases:
            if folded[: len(phrase)] == phrase:
                return " ".join((name, *words[len(phrase) :]))
        return text

    def find(self, word: str) -> Command | None:
        return self._by_word.get(fold(word))

    def read_names(self, command: Command, line: CommandLine, services: Services) -> CommandLine:
        """``line`` with the unquoted words naming the command's first argument read as one."""
        first = command.params[0] if command.params else None
        reader = self.name_readers.get(first.name) if first and first.kind is str else None
        if reader is None or not line.tokens or line.tokens[0].quoted:
            return line
        return line.grouped(reader(services, [token.text for token in line.tokens]))

    def shown(self, name: str) -> str:
        """How help names command ``name`` (its French word on a French bot)."""
        command = self.find(name)
        return command.shown_name if command else name

    def visible(self) -> list[Command]:
        return [c for c in self._commands if not c.hidden]

    def words(self) -> list[str]:
        """Every name and alias of the visible commands (for "did you mean")."""
        return [w for c in self.visible() for w in c.words]
