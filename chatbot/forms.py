"""Forms: what a platform with dialogs (Slack modals) asks when a command lacks arguments.

A button such as "Suggest an edit" carries ``suggest #12``; the command needs a field and a value
too, so the adapter asks :meth:`chatbot.bot.Bot.form_for` and shows the returned form. Platforms
without dialogs simply run the command, whose usage message says what to type.
"""

from __future__ import annotations

from dataclasses import dataclass

from chatbot.commands import Command, UsageError, Words, convert_word
from chatbot.i18n import _
from chatbot.parsing import CommandLine

_QUOTES = (('"', '"'), ("«", "»"), ("“", "”"), ("'", "'"))


@dataclass(frozen=True, kw_only=True)
class FormField:
    name: str
    label: str
    required: bool
    multiline: bool = False
    initial: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) pairs; empty for free text."""
    number: bool = False
    """The command wants a number here (``12`` or ``#12``)."""
    prefix: str = ""
    """A tag field (see ``Command.form_tags``): its value is written ``{prefix}{value}`` after
    the arguments, and may be left out."""


@dataclass(frozen=True, kw_only=True)
class Form:
    command: str
    title: str
    fields: tuple[FormField, ...]
    files: bool = False
    """The command takes files too (see ``Command.files``): a platform that can offers a file
    field, and hands the files on with the submission."""

    def command_line(self, values: dict[str, str]) -> str:
        """The command to run once the form is submitted with ``values`` (field name -> text)."""
        words = [self.command]
        for form_field in self.fields:
            if form_field.prefix:
                continue
            value = (
                " ".join(values.get(form_field.name, "").split())
                if not form_field.multiline
                else (values.get(form_field.name, "").strip())
            )
            if not value:
                break
            words.append(value if form_field.multiline else quote(value))
        for form_field in self.fields:
            tag = "".join(values.get(form_field.name, "").split()) if form_field.prefix else ""
            if tag:
                words.append(form_field.prefix + tag)
        return " ".join(words)

    def errors(self, values: dict[str, str]) -> dict[str, str]:
        """Field name -> what is wrong with its value, for every field the command cannot take
        as it is (empty: the form can be sent). A platform shows them on the form itself, so
        nothing typed is lost."""
        errors: dict[str, str] = {}
        typed = [bool(values.get(f.name, "").strip()) and not f.prefix for f in self.fields]
        for index, form_field in enumerate(self.fields):
            value = values.get(form_field.name, "").strip()
            if not value:
                if form_field.required:
                    errors[form_field.name] = _("Please fill this in.")
                elif form_field.prefix:
                    continue
                elif any(typed[index + 1 :]):  # the command reads its arguments in order
                    errors[form_field.name] = _("Please fill this in too, for the fields below.")
            elif form_field.choices and value not in {v for v, _label in form_field.choices}:
                errors[form_field.name] = _("Please pick one of the choices.")
            elif form_field.number and not _is_number(value):
                errors[form_field.name] = _("Please type a number, like 12.")
        return errors


def _is_number(text: str) -> bool:
    try:
        convert_word(text, int)
    except UsageError:
        return False
    return True


def quote(value: str) -> str:
    """Quote ``value`` so the parser reads it back as one argument."""
    if value and not any(c.isspace() for c in value) and value[0] not in "\"'«“‘„":
        return value
    for opening, closing in _QUOTES:
        if closing not in value:
            return f"{opening}{value}{closing}"
    return value.replace('"', "'").join('""')


def form_for(command: Command, line: CommandLine) -> Form:
    fields = []
    for index, param in enumerate(command.params):
        initial = ""
        if param.kind is Words:
            initial = line.rest_from(index)
        elif index < len(line.tokens):
            initial = line.tokens[index].text
        fields.append(
            FormField(
                name=param.name,
                label=command.label(param.name),
                required=param.required,
                multiline=param.kind is Words,
                number=param.kind is int,
                initial=initial,
                choices=tuple((v, _(label)) for v, label in command.choices.get(param.name, ())),
            )
        )
    for name, prefix in command.form_tags:
        fields.append(
            FormField(
                name=name,
                label=command.label(name),
                required=False,
                prefix=prefix,
                choices=tuple((v, _(label)) for v, label in command.choices.get(name, ())),
            )
        )
    return Form(
        command=command.name, title=_(command.help), fields=tuple(fields), files=command.files
    )
