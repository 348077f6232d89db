"""Onboarding templates in YAML: read, check every field, report each problem with its line.

::

    name: volunteer
    language: en
    title: Welcome aboard
    days:
      - title: Welcome and charter
        steps:
          - title: Read the charter
            explanation: Ten minutes, it says why we do what we do.
            links:
              - label: Charter
                url: https://example.org/charter.pdf
          - title: Try a lookup
            trigger: lookup
          - title: Join the help channel
            trigger: join
            channel: slack:C0123ABCD
      - title: First month
        day: 30
        steps:
          - title: A check-in with your buddy
            id: month-check-in
            owner: buddy

A role or site part (``chat``, ``phone``) says ``part_of: volunteer``: it adds its days to the
general template's (those with the same ``day`` joined), see :mod:`commands.onboarding.compose`.
A day's ``day`` is the day after the start it is due (1: the start day; by default its place);
they must grow from one day to the next. Step ``id``s are optional and unique.

The file is composed (not just loaded) so every node keeps its line number.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from chatbot.i18n import _
from chatbot.onboarding import OWNERS, TRIGGERS, Day, Step, StepLink, Template

TEMPLATES_DIR = Path(__file__).parent / "templates"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_URL = re.compile(r"^(https?://\S+|mailto:\S+@\S+)$")
_CONVERSATION = re.compile(r"^[a-z][a-z0-9]*:\S+$")
_DAY = re.compile(r"^[1-9][0-9]{0,2}$")
MAX_DAY = 366
"""The latest day a step may be due (a year after the start)."""


class TemplateError(ValueError):
    """The file is not a valid template; ``errors`` are readable lines (``line 4: ...``)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def read_template(path: Path | str) -> Template:
    """Parse the template file at ``path``; raises OSError or :class:`TemplateError`."""
    return parse_template(Path(path).read_text(encoding="utf-8"))


def parse_template(text: str) -> Template:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise TemplateError(
            [_at(line, _("not valid YAML: {problem}").format(problem=error.problem or error))]
        ) from None
    except yaml.YAMLError as error:
        raise TemplateError([_("not valid YAML: {problem}").format(problem=error)]) from None
    checker = _Checker()
    template = checker.template(root)
    if checker.errors or template is None:
        ordered = sorted(checker.errors, key=lambda error: error[0])
        raise TemplateError([_at(line, text) if line else text for line, text in ordered])
    return template


def bundled_templates() -> list[Template]:
    """The templates shipped with the bot (the default "volunteer" one, in each language)."""
    return [read_template(path) for path in sorted(TEMPLATES_DIR.glob("*.yaml"))]


def _field(node: Node, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next((value for key, value in node.value if key.value == name), None)


def _steps_of(day: Node) -> list[Node]:
    steps = _field(day, "steps")
    return list(steps.value) if isinstance(steps, SequenceNode) else []


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _at(line: int, message: str) -> str:
    return _("line {line}: {message}").format(line=line, message=message)


class _Checker:
    """Walks the composed YAML, building records and collecting every problem found."""

    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []
        """(line, message); line 0 for the file as a whole."""

    def error(self, node: Node, where: str, message: str) -> None:
        text = f"{where}: {message}" if where else message
        self.errors.append((_line(node), text))

    def template(self, root: Node | None) -> Template | None:
        if root is None:
            self.errors.append((0, _("the file is empty")))
            return None
        fields = self.mapping(
            root, "", required=("name", "language", "title", "days"), optional=("part_of",)
        )
        if fields is None:
            return None
        part_of = None
        if "part_of" in fields:
            part_of = self.text(
                fields["part_of"],
                "part_of",
                pattern=_NAME,
                hint=_("lower-case letters, digits, - or _"),
            )
        name = self.text(
            fields.get("name"), "name", pattern=_NAME, hint=_("lower-case letters, digits, - or _")
        )
        language = self.text(
            fields.get("language"),
            "language",
            pattern=_LANGUAGE,
            hint=_("a language code such as fr or en"),
        )
        title = self.text(fields.get("title"), "title")
        days = self.days(fields.get("days"))
        if name is None or language is None or title is None or days is None:
            return None
        if "part_of" in fields and part_of is None:
            return None
        if part_of == name:
            self.error(fields["part_of"], "part_of", _("a part cannot complete itself"))
            return None
        return Template(name=name, language=language, title=title, days=days, part_of=part_of)

    def days(self, node: Node | None) -> tuple[Day, ...] | None:
        items = self.sequence(node, "days")
        if items is None:
            return None
        days = [self.day(item, _("day {n}").format(n=n)) for n, item in enumerate(items, 1)]
        if not all(days):
            return None
        found = tuple(d for d in days if d is not None)
        ok = True
        for n, (item, day) in enumerate(zip(items, found, strict=True), 1):
            if n > 1 and (day.offset or n) <= (found[n - 2].offset or n - 1):
                self.error(
                    item, _("day {n}").format(n=n), _("its day must come after the one before")
                )
                ok = False
        seen: dict[str, Node] = {}
        for item in items:
            for step_node in _steps_of(item):
                id_node = _field(step_node, "id")
                if id_node is None:
                    continue
                value = str(id_node.value).strip()
                if value in seen:
                    self.error(
                        id_node,
                        "id",
                        _("the id «{value}» is already used on line {line}").format(
                            value=value, line=_line(seen[value])
                        ),
                    )
                    ok = False
                else:
                    seen[value] = id_node
        return found if ok else None

    def day(self, node: Node, where: str) -> Day | None:
        fields = self.mapping(node, where, required=("title", "steps"), optional=("day",))
        if fields is None:
            return None
        title = self.text(fields.get("title"), f"{where}, title")
        offset = None
        if "day" in fields:
            text = self.text(
                fields["day"], f"{where}, day", pattern=_DAY, hint=_("a day number such as 7")
            )
            if text is None:
                return None
            offset = int(text)
            if offset > MAX_DAY:
                self.error(
                    fields["day"],
                    f"{where}, day",
                    _("{value} is too late: at most {most}").format(value=offset, most=MAX_DAY),
                )
                return None
        items = self.sequence(fields.get("steps"), f"{where}, steps")
        if items is None:
            return None
        steps = [
            self.step(item, _("{day}, step {n}").format(day=where, n=n))
            for n, item in enumerate(items, 1)
        ]
        if title is None or not all(steps):
            return None
        return Day(title=title, steps=tuple(s for s in steps if s is not None), offset=offset)

    def step(self, node: Node, where: str) -> Step | None:
        fields = self.mapping(
            node,
            where,
            required=("title",),
            optional=("explanation", "links", "trigger", "channel", "owner", "id"),
        )
        if fields is None:
            return None
        title = self.text(fields.get("title"), f"{where}, title")
        explanation = ""
        if "explanation" in fields:
            explanation = self.text(fields["explanation"], f"{where}, explanation") or ""
        trigger = None
        if "trigger" in fields:
            trigger = self.text(fields["trigger"], f"{where}, trigger")
            if trigger is not None and trigger not in TRIGGERS:
                self.error(
                    fields["trigger"],
                    f"{where}, trigger",
                    _("unknown trigger «{value}» (expected one of: {allowed})").format(
                        value=trigger, allowed=", ".join(TRIGGERS)
                    ),
                )
                trigger = None
        channel = self.channel(node, fields, where, trigger)
        owner = "newcomer"
        if "owner" in fields:
            owner = self.text(fields["owner"], f"{where}, owner") or "newcomer"
            if owner not in OWNERS:
                self.error(
                    fields["owner"],
                    f"{where}, owner",
                    _("unknown owner «{value}» (expected one of: {allowed})").format(
                        value=owner, allowed=", ".join(OWNERS)
                    ),
                )
                owner = "newcomer"
        links = self.links(fields.get("links"), f"{where}, links")
        step_id = None
        if "id" in fields:
            step_id = self.text(
                fields["id"],
                f"{where}, id",
                pattern=_NAME,
                hint=_("lower-case letters, digits, - or _"),
            )
            if step_id is None:
                return None
        if title is None or links is None:
            return None
        return Step(
            title=title,
            explanation=explanation,
            links=links,
            trigger=trigger,
            channel=channel,
            owner=owner,
            id=step_id,
        )

    def channel(
        self, node: Node, fields: dict[str, Node], where: str, trigger: str | None
    ) -> str | None:
        """The conversation a ``join`` step waits for (required), or an ``answer`` step
        (optional: any welcome channel without it); refused with other triggers."""
        if trigger is None and "trigger" in fields:
            return None  # the trigger is already reported as wrong
        if "channel" not in fields:
            if trigger == "join":
                self.error(node, where, _("«{field}» is missing").format(field="channel"))
            return None
        if trigger not in ("join", "answer"):
            self.error(
                fields["channel"],
                f"{where}, channel",
                _("a channel only goes with trigger: join or answer"),
            )
            return None
        return self.text(
            fields["channel"],
            f"{where}, channel",
            pattern=_CONVERSATION,
            hint=_("a conversation id such as slack:C0123ABCD or matrix:!room:example.org"),
        )

    def links(self, node: Node | None, where: str) -> tuple[StepLink, ...] | None:
        if node is None:
            return ()
        items = self.sequence(node, where)
        if items is None:
            return None
        links: list[StepLink] = []
        ok = True
        for n, item in enumerate(items, 1):
            place = f"{where} {n}"
            if isinstance(item, ScalarNode):
                url = self.text(item, place, pattern=_URL, hint=_("an http(s):// address"))
                label = url
            else:
                fields = self.mapping(item, place, required=("url",), optional=("label",))
                if fields is None:
                    ok = False
                    continue
                url = self.text(
                    fields.get("url"),
                    f"{place}, url",
                    pattern=_URL,
                    hint=_("an http(s):// address"),
                )
                label = self.text(fields["label"], f"{place}, label") if "label" in fields else url
            if url is None or label is None:
                ok = False
                continue
            links.append(StepLink(label, url))
        return tuple(links) if ok else None

    def mapping(
        self, node: Node, where: str, *, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(
                node,
                where,
                _("expected fields ({names})").format(names=", ".join(required + optional)),
            )
            return None
        fields: dict[str, Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in fields:
                self.error(key, where, _("«{field}» is given twice").format(field=name))
            elif name not in required + optional:
                self.error(
                    key,
                    where,
                    _("unknown field «{field}» (expected {names})").format(
                        field=name, names=", ".join(required + optional)
                    ),
                )
            else:
                fields[name] = value
        for name in required:
            if name not in fields:
                self.error(node, where, _("«{field}» is missing").format(field=name))
        return fields

    def sequence(self, node: Node | None, where: str) -> list[Node] | None:
        if node is None:
            return None  # already reported as missing
        if not isinstance(node, SequenceNode) or not node.value:
            self.error(node, where, _("expected a non-empty list (lines starting with -)"))
            return None
        return list(node.value)

    def text(
        self,
        node: Node | None,
        where: str,
        *,
        pattern: re.Pattern[str] | None = None,
        hint: str = "",
    ) -> str | None:
        if node is None:
            return None  # already reported as missing
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.error(node, where, _("expected some text"))
            return None
        value = " ".join(str(node.value).split()) if pattern else str(node.value).strip()
        if pattern is not None and not pattern.match(value):
            self.error(
                node,
                where,
                _("«{value}» is not valid: expected {hint}").format(value=value, hint=hint),
            )
            return None
        return value
