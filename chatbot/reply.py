"""The platform-neutral answer a command returns; each adapter renders it its own way.

Every string in a block is plain text, never markup: renderers escape it, so nothing typed by
a user or stored in the directory can turn into a mention, a link or HTML on any platform.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chatbot.parsing import fold, plain_words


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Note:
    """Secondary, muted text: hints, marks such as "to check", footers."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, as on a contact card."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Button:
    """A choice the user can click. ``action_id`` names a command and ``value`` holds its
    arguments: a click runs ``f"{action_id} {value}"`` as the clicker."""

    label: str
    action_id: str
    value: str = ""
    number: int | None = None
    """The number to show and answer it by where buttons become numbered choices (the console,
    Matrix): a checklist step's own number, so that ``2`` ticks the step listed as 2. None: its
    place among the reply's choices (see :func:`choice_numbers`)."""
    yes: bool = False
    """It says yes to the question above it ("Remove «CAF»?"): a typed "oui" picks it where
    buttons become numbered choices, when it is the only one (see :func:`said_choice`)."""

    @property
    def command_line(self) -> str:
        return f"{self.action_id} {self.value}".strip()


def choice_numbers(buttons: Iterable[Button]) -> tuple[int, ...]:
    """The number of each of ``buttons`` as a numbered choice: its own :attr:`Button.number`
    when no earlier button took it, else one past the highest number given so far (1, 2, 3...
    for buttons that have none)."""
    numbers: list[int] = []
    for button in buttons:
        own = button.number
        if own is not None and own >= 1 and own not in numbers:
            numbers.append(own)
        else:
            numbers.append(max(numbers, default=0) + 1)
    return tuple(numbers)


NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("un", "une", "premier", "premiere", "one", "first"), 1),
    **dict.fromkeys(("deux", "deuxieme", "second", "seconde", "two"), 2),
    **dict.fromkeys(("trois", "troisieme", "three", "third"), 3),
    **dict.fromkeys(("quatre", "quatrieme", "four", "fourth"), 4),
    **dict.fromkeys(("cinq", "cinquieme", "five", "fifth"), 5),
    **dict.fromkeys(("six", "sixieme", "sixth"), 6),
    **dict.fromkeys(("sept", "septieme", "seven", "seventh"), 7),
    **dict.fromkeys(("huit", "huitieme", "eight", "eighth"), 8),
    **dict.fromkeys(("neuf", "neuvieme", "nine", "ninth"), 9),
}
"""A choice's number as some people type it (folded): ``quatre``, ``le premier``, ``the
second``."""

_TYPED_CHOICE = re.compile(
    r"[!/]?\s*(?:(?:le|la|l'|the|choix|option|n°|nº|no\.?|numéro|numero|number|#)\s*)?"
    r"\[?(\d{1,2}|[^\W\d_]+)\]?\s*[.)]?\s*(?:svp|stp|please)?",
    re.IGNORECASE,
)


def typed_choice(text: str) -> int | None:
    """The choice a typed message picks where buttons are numbered (console, Matrix): ``2``,
    ``!2``, ``#2``, ``le 2``, ``n°2``, ``[2]``, ``2.``, ``2 svp``, ``quatre``, ``le
    premier``; None for anything else."""
    match = _TYPED_CHOICE.fullmatch(text.strip())
    if match is None:
        return None
    typed = match.group(1)
    number = int(typed) if typed.isdigit() else NUMBER_WORDS.get(fold(typed), 0)
    return number or None


YES_WORDS = frozenset(
    {"oui", "yes", "ouais", "ok", "okay", "d accord", "exact", "exactement", "oui merci", "yep"}
    | {"c est ca", "oui c est ca", "c est le meme", "oui c est le meme", "same", "bien sur", "y"}
)
"""Plain answers, folded, that say yes to a question the bot asked."""


def said_choice(text: str, offered: Iterable[Button]) -> Button | None:
    """The offered choice a message names in words, where buttons become numbered choices:
    "oui" for the one button saying yes, or the label of one other button typed whole
    ("matériel", "c'est faux") or its first word ("urgent" for "Urgent: tell the coordinators
    now")."""
    said = plain_words(text)
    if not said:
        return None
    buttons = list(offered)
    if said in YES_WORDS:
        yes = [button for button in buttons if button.yes]
        return yes[0] if len(yes) == 1 else None
    # Not one saying yes: "remove vdab" typed again after "Remove «VDAB»?" asks again.
    labelled = [button for button in buttons if not button.yes]
    named = [button for button in labelled if plain_words(button.label) == said]
    if not named and len(said) >= 4 and " " not in said:
        named = [button for button in labelled if plain_words(button.label).split()[:1] == [said]]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Image:
    """A small picture (a PNG chart) with the same content in ``alt``: platforms that show
    images upload it, the others (and notifications) show ``alt``. ``name`` is its file name."""

    png: bytes
    alt: str
    name: str = "chart.png"


Block = Heading | Text | Note | Fields | BulletList | Link | Divider | Actions | Image


@dataclass(frozen=True)
class Reply:
    """An ordered list of blocks. ``ephemeral`` asks platforms that can to show the reply to the
    requester only (Slack slash commands). ``shareable``: the answer of a read-only command,
    holding nothing only its requester may see, so a platform may offer to show it to everyone
    as it is (set by the bot, never kept by :meth:`to_json`)."""

    blocks: tuple[Block, ...] = field(default_factory=tuple)
    ephemeral: bool = True
    shareable: bool = False

    @classmethod
    def text(cls, text: str) -> Reply:
        return cls((Text(text),))

    @classmethod
    def of(cls, *blocks: Block | None, ephemeral: bool = True) -> Reply:
        """Build a reply, skipping ``None`` so optional blocks read naturally."""
        return cls(tuple(b for b in blocks if b is not None), ephemeral=ephemeral)

    def __add__(self, other: Reply) -> Reply:
        return Reply(
            self.blocks + other.blocks,
            ephemeral=self.ephemeral and other.ephemeral,
            shareable=self.shareable and other.shareable,
        )

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(
            b for block in self.blocks if isinstance(block, Actions) for b in block.buttons
        )

    def plain_text(self) -> str:
        """A readable text-only version, the fallback every platform shows in notifications."""
        return "\n".join(_plain_lines(self.blocks))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"blocks": [{"type": "heading", ...}], "text": ...}``."""
        return {
            "blocks": [_block_json(b) for b in self.blocks],
            "ephemeral": self.ephemeral,
            "text": self.plain_text(),
        }


def reply_from_json(data: dict[str, Any]) -> Reply:
    """The inverse of :meth:`Reply.to_json` (how the outbox keeps replies in the database)."""
    return Reply(
        tuple(_block_from_json(b) for b in data.get("blocks", ())),
        ephemeral=bool(data.get("ephemeral", True)),
    )


def _block_from_json(data: dict[str, Any]) -> Block:
    match data["type"]:
        case "heading":
            return Heading(data["text"])
        case "text":
            return Text(data["text"])
        case "note":
            return Note(data["text"])
        case "fields":
            return Fields(tuple((i["label"], i["value"]) for i in data["items"]))
        case "list":
            return BulletList(tuple(data["items"]))
        case "link":
            return Link(data["label"], data["url"])
        case "divider":
            return Divider()
        case "actions":
            return Actions(
                tuple(
                    Button(b["label"], b["action_id"], b["value"], b.get("number"))
                    for b in data["buttons"]
                )
            )
        case "image":
            return Image(base64.b64decode(data["png"]), data["alt"], data.get("name", "chart.png"))
    raise ValueError(f"unknown block type {data['type']!r}")


def _plain_lines(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        match block:
            case Heading(text) | Text(text) | Note(text):
                yield text
            case Fields(items):
                yield from (f"{label}: {value}" for label, value in items)
            case BulletList(items):
                yield from (f"- {item}" for item in items)
            case Link(label, url):
                yield f"{label}: {url}" if label and label != url else url
            case Divider():
                yield "---"
            case Actions(buttons):
                yield " | ".join(f"[{b.label}]" for b in buttons)
            case Image(alt=alt):
                yield alt


_TYPE_NAMES: dict[type, str] = {
    Heading: "heading",
    Text: "text",
    Note: "note",
    Fields: "fields",
    BulletList: "list",
    Link: "link",
    Divider: "divider",
    Actions: "actions",
    Image: "image",
}


def _block_json(block: Block) -> dict[str, Any]:
    match block:
        case Fields(items):
            body: dict[str, Any] = {"items": [{"label": k, "value": v} for k, v in items]}
        case BulletList(items):
            body = {"items": list(items)}
        case Actions(buttons):
            body = {
                "buttons": [
                    {
                        "label": b.label,
                        "action_id": b.action_id,
                        "value": b.value,
                        **({} if b.number is None else {"number": b.number}),
                    }
                    for b in buttons
                ]
            }
        case Link(label, url):
            body = {"label": label, "url": url}
        case Divider():
            body = {}
        case Heading(text) | Text(text) | Note(text):
            body = {"text": text}
        case Image(png, alt, name):
            body = {"png": base64.b64encode(png).decode("ascii"), "alt": alt, "name": name}
    return {"type": _TYPE_NAMES[type(block)], **body}
