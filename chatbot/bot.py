"""The one entry point every adapter calls: a message in, a reply out."""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Sequence

from chatbot.anomalies import AnomalyStatus, next_statuses
from chatbot.attachments import ATTACH_COMMAND
from chatbot.commands import Command, Registry, UsageError
from chatbot.context import Context
from chatbot.directory import SuggestionStatus
from chatbot.errors import (
    AlreadyDecided,
    CommandError,
    DomainError,
    InvalidTransition,
    NameTaken,
    NotFound,
)
from chatbot.forms import Form, form_for
from chatbot.guess import closest
from chatbot.i18n import _, or_list
from chatbot.ids import UserId, platform_of
from chatbot.log_context import add_log_fields, log_context
from chatbot.messages import Incoming
from chatbot.parsing import fold, parse_command_line
from chatbot.prompts import answered, is_cancel, question
from chatbot.reply import NUMBER_WORDS, Actions, Button, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from chatbot.small_talk import small_talk
from chatbot.unreadable import refusal

log = logging.getLogger(__name__)

LONE_DIGIT = re.compile(r"[!/]?\d")
MAX_CHOICE = 9
"""A mistyped choice is one digit; "15" or "115" typed where choices are offered is looked up."""
"""A choice's number, typed when none is offered."""


class Bot:
    def __init__(self, *, registry: Registry, services: Services) -> None:
        self.registry = registry
        self.services = services
        self.on_handled: list[Callable[[Incoming, str | None, float], None]] = []
        """Told of each message answered: the command its text names (None: none) and the
        seconds the answer took (``app.metrics`` counts them)."""
        for kind, listener in registry.listeners:
            services.bus.subscribe(kind, listener)

    async def observe(self, event: object) -> None:
        """A platform fact an adapter saw (someone joined a channel...); never raises."""
        await self.services.publish(event)

    async def handle(self, incoming: Incoming) -> Reply:
        """Run the command in ``incoming`` and return what to answer. Never raises.

        A message answers the question the bot asked its sender in that conversation (see
        :mod:`chatbot.prompts`) unless it is a command itself: a Slack slash command
        (``is_command``), or a message whose first word names a command (``lookup caf``, with or
        without ``/`` or ``!``). That command runs, and the question is dropped, as if the user
        had typed cancel: they moved on, and a later plain message ("caf toulouse") must not
        complete the abandoned command. The reply says so. Button clicks leave it open.
        """
        started = time.monotonic()
        reply = await self._answer(incoming)
        if self.on_handled:
            command = None if refusal(incoming.text) else self._command_of(incoming.text)
            name = None if command is None else command.name
            for listener in self.on_handled:
                try:
                    listener(incoming, name, time.monotonic() - started)
                except Exception:  # counting it must not lose the answer
                    log.exception("counting a message from %s failed", incoming.sender_id)
        return reply

    async def _answer(self, incoming: Incoming) -> Reply:
        refused = refusal(incoming.text)
        if refused is not None:  # before any command, question or database sees it
            log.info("refused unreadable text from %s", incoming.sender_id)
            return Reply.text(refused)
        try:
            with log_context(platform=platform_of(incoming.sender_id)):
                return await self._handle(incoming)
        except Exception:  # the database holding open questions failed, say
            log.exception("handling a message from %s failed", incoming.sender_id)
            return Reply.text(_("Sorry, something went wrong. Nothing was changed; please retry."))

    async def _handle(self, incoming: Incoming) -> Reply:
        if incoming.is_action:
            return await self._run(incoming, incoming.text)
        if incoming.attachments and not incoming.text.strip():
            # Only files: for the report just made, never the answer to a question asked.
            return await self._run(incoming, ATTACH_COMMAND)
        text = incoming.text
        questions = self.services.open_questions
        who, where, now = incoming.sender_id, incoming.conversation_id, self.services.clock.now()
        if incoming.is_command or self._names_a_command(text):
            dropped = questions.take(who, where, now=now)
            reply = await self._run(incoming, text)
            abandoned = self._command_of(dropped.command_line) if dropped else None
            if abandoned is None or abandoned is self._command_of(text):
                return reply  # typing the same command again is starting over: nothing to say
            note = _("Your unfinished {command} was cancelled; type it again to start over.")
            return reply + Reply.of(Note(note.format(command=abandoned.shown_name)))
        if is_cancel(text):
            if questions.cancel(who, where, now=now):
                return Reply.text(_("Cancelled."))
            return Reply.text(_("Nothing to cancel: no question of mine is waiting for you."))
        else:
            open_question = questions.take(who, where, now=now)
            if open_question is not None:
                text = answered(open_question, text)
        return await self._run(incoming, text)

    def _names_a_command(self, text: str) -> bool:
        return self._command_of(text) is not None

    def _command_of(self, text: str) -> Command | None:
        return self.registry.find(parse_command_line(self.registry.named(text)).name)

    async def _run(self, incoming: Incoming, text: str) -> Reply:
        text = self.registry.named(text)
        line = parse_command_line(text)
        if not line.name:
            return Reply.text(_("Hello! Type help to see what I can do."))
        command = self.registry.find(line.name)
        role = self.services.roles.of(incoming.sender_id)
        if command is None:
            if incoming.is_action:
                return self._unknown(line.name, role)
            return await self._understand(incoming, text, line.name)
        add_log_fields(command=command.name)
        line = self.registry.read_names(command, line, self.services)
        ctx = Context(incoming=incoming, role=role, services=self.services, registry=self.registry)
        if role < command.role:
            log.info("refused %s to %s (%s)", command.name, incoming.sender_id, role.name)
            if not incoming.is_action and not command.binds(line):
                # A volunteer's "role de la caf" is a question, not the admins' role command.
                understood = await self._ask_capabilities(ctx, text, sure_only=True)
                if understood is not None:
                    return understood
            return self._refused(command)
        try:
            args = command.bind(line)
            reply: Reply = await command.handler(ctx, *args)
            if command.read_only and not ctx.may_see_internal:
                reply = dataclasses.replace(reply, shareable=True)  # what anyone there may read
            return reply
        except UsageError as error:
            missing = command.param(error.missing) if error.missing else None
            if missing is None and command.prompt:
                missing = command.missing_param(line)
            if missing is None:
                if not incoming.is_action:
                    # "comment contacter la caf" is a question, not the comment command; and
                    # "aide sociale", whose words fit no command that only reads, a search.
                    plainly = command.read_only and bool(line.tokens)
                    understood = await self._ask_capabilities(ctx, text, sure_only=not plainly)
                    if understood is not None:
                        return understood
                return usage_reply(command)
            self.services.open_questions.ask(
                incoming.sender_id,
                incoming.conversation_id,
                question(line=text.strip(), kind=missing.kind, at=self.services.clock.now()),
            )
            asked = command.label(missing.name)
            return Reply.of(Text(asked), Note(_("Type cancel to stop.")))
        except DomainError as error:
            return explain(error, coordinator=ctx.is_coordinator)
        except Exception:
            log.exception("command %s failed for %s", command.name, incoming.sender_id)
            return Reply.text(_("Sorry, something went wrong. Nothing was changed; please retry."))

    def form_for(self, text: str, *, user_id: UserId) -> Form | None:
        """The form to show when ``text`` lacks required arguments, else None (just run it)."""
        line = parse_command_line(text)
        command = self.registry.find(line.name)
        if command is None or self.services.roles.of(user_id) < command.role:
            return None
        line = self.registry.read_names(command, line, self.services)
        return None if command.binds(line) else form_for(command, line)

    async def _understand(self, incoming: Incoming, text: str, first_word: str) -> Reply:
        """A message that is no command: politeness, a plain question, or a typo."""
        polite = small_talk(text)
        if polite is not None:
            return polite
        if LONE_DIGIT.fullmatch(text.strip()) or fold(text.strip()) in NUMBER_WORDS:
            # A choice's number typed when none is offered (or after the choices moved on).
            return _no_choice_waiting()
        ctx = Context(
            incoming=incoming,
            role=self.services.roles.of(incoming.sender_id),
            services=self.services,
            registry=self.registry,
        )
        understood = await self._ask_capabilities(ctx, text, sure_only=False)
        return understood if understood is not None else self._unknown(first_word, ctx.role)

    async def _ask_capabilities(self, ctx: Context, text: str, *, sure_only: bool) -> Reply | None:
        for understander in self.registry.understanders:
            try:
                understood = await understander(ctx, text, sure_only)
            except DomainError as error:
                return explain(error, coordinator=ctx.is_coordinator)
            except Exception:
                log.exception("reading a plain message failed for %s", ctx.user_id)
                continue
            if understood is not None:
                return understood
        return None

    def _refused(self, command: Command) -> Reply:
        refused = Reply.text(
            _("Sorry, {command} is for {role}s only.").format(
                command=command.shown_name, role=_(command.role.label)
            )
        )
        instead = self.registry.find(command.instead) if command.instead else None
        if instead is None:
            return refused
        return refused + Reply.of(Note(_(instead.help)), Text(usage_line(instead)))

    def _unknown(self, word: str, role: Role) -> Reply:
        guess = closest_command(self.registry, word, role)
        if guess is None:
            return Reply.of(
                Text(_("Sorry, I did not understand.")),
                Note(
                    _(
                        "To find a contact: lookup <words>. To report a problem: report <what "
                        "you saw>. Everything else: help."
                    )
                ),
            )
        return Reply.text(
            _("I don't know the command {word}. Did you mean {guess}?").format(
                word=word, guess=guess
            )
        )


def closest_command(registry: Registry, word: str, role: Role) -> str | None:
    """The command ``word`` most likely mistypes, if any, named as help names it (in French,
    "annuaire" for "lokup" and "signaler" for "signalr"): only one ``role`` may run, so a
    volunteer's "elle dort dehors" never hears of the admins' ``role``."""
    allowed = {w: c for w in registry.words() if (c := registry.find(w)) and c.role <= role}
    guess = closest(word, allowed)
    command = guess[1] if guess else None
    return command.shown_name if command else None


def no_such_choice(number: int, offered: Sequence[int]) -> Reply | None:
    """The answer to choice ``number`` where the adapter offers the choices ``offered``
    (which stay offered: a mistyped 7 of a menu of 5 must not lose the menu), or None when
    the number is worth a lookup instead ("15", "115": emergency numbers)."""
    if number > MAX_CHOICE:
        return None
    if not offered:
        return _no_choice_waiting()
    choices = or_list([str(n) for n in offered])
    return Reply.text(
        _("There is no choice {number}: type {choices}.").format(number=number, choices=choices)
    )


def _no_choice_waiting() -> Reply:
    return Reply.of(
        Text(_("No choice is waiting for a number right now.")),
        Note(_("Type help to see what I can do.")),
    )


def usage_line(command: Command) -> str:
    usage = _(command.usage) if command.usage else ""
    return f"{command.shown_name} {usage}".strip()


def usage_reply(command: Command) -> Reply:
    return Reply.of(
        Text(_("Usage: {usage}").format(usage=usage_line(command))),
        Note(_(command.help)),
    )


def explain(error: DomainError, *, coordinator: bool) -> Reply:
    """What the user reads when the domain refuses a command: the one place errors become
    messages (as discord.py's ``on_command_error``), so commands need no ``try``."""
    if isinstance(error, CommandError):
        return Reply.text(str(error))
    if isinstance(error, NotFound):
        return Reply.text(_not_found(error))
    if isinstance(error, NameTaken):
        if error.suggestion is not None:
            text = _("Another entry is already named «{name}»: suggestion #{n} stays pending.")
        elif error.name:
            text = _("An entry named «{name}» already exists.")
        else:
            text = _("Another entry already has this name.")
        return Reply.text(text.format(name=error.name, n=error.suggestion))
    if isinstance(error, AlreadyDecided):
        text = (
            _("Suggestion #{n} was already approved.")
            if error.status is SuggestionStatus.APPROVED
            else _("Suggestion #{n} was already rejected.")
        )
        return Reply.text(text.format(n=error.suggestion))
    if isinstance(error, InvalidTransition):
        return _refused_transition(error, coordinator=coordinator)
    log.warning("no message for %r", error)
    return Reply.text(_("Sorry, that cannot be done. Nothing was changed."))


def _not_found(error: NotFound) -> str:
    match error.kind:
        case "entry" if error.suggestion is not None:
            text = _("«{entry}» was removed since: suggestion #{n} can only be rejected.")
        case "entry" if error.name:
            text = _("«{name}» is no longer in the directory.")
        case "entry":
            text = _("This entry is no longer in the directory.")
        case "suggestion":
            text = _("There is no suggestion #{n}.")
        case "report":
            text = _("There is no report #{n}.")
        case "newcomer":
            text = _("{user} is not onboarding.")
        case _:
            text = _("Sorry, that cannot be done. Nothing was changed.")
    name, key = error.name, error.key
    return text.format(entry=name, name=name, n=error.suggestion or key, user=key)


def _refused_transition(error: InvalidTransition, *, coordinator: bool) -> Reply:
    """ "Report #3 is already resolved.", and for coordinators the changes still possible."""
    n, current = error.anomaly_id, error.current
    if current is AnomalyStatus.MERGED and error.merged_into is not None:
        text = _("Report #{n} is already merged into #{other}.")
    elif current is error.target or not current.is_open:
        text = _("Report #{n} is already {status}.")
    else:
        text = _("Report #{n} is still open ({status}).")
    said = text.format(n=n, other=error.merged_into, status=_(current.label))
    buttons = _status_buttons(n, current) if coordinator else ()
    if not buttons:
        return Reply.text(said)
    possible = _("Possible now:")
    return Reply.of(Text(f"{said} {possible}"), Actions(buttons))


def _status_buttons(n: int, current: AnomalyStatus) -> tuple[Button, ...]:
    """The status changes allowed from ``current``, as the buttons of a report's card."""
    buttons = []
    for status in next_statuses(current):
        if status is AnomalyStatus.ACKNOWLEDGED and current is AnomalyStatus.NEW:
            buttons.append(Button(_("Acknowledge"), "ack", str(n)))
        elif status is AnomalyStatus.ACKNOWLEDGED:
            buttons.append(Button(_("Reopen"), "reopen", str(n)))
        elif status is AnomalyStatus.RESOLVED:
            buttons.append(Button(_("Resolve"), "resolve", str(n)))
        elif status is AnomalyStatus.REJECTED:
            buttons.append(Button(_("Reject"), "reject", f"anomaly#{n}"))
    return tuple(buttons)
