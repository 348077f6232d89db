"""Reply -> terminal text. Buttons become numbered choices the user answers with their number."""

from __future__ import annotations

import re

from chatbot.reply import (
    Actions,
    BulletList,
    Divider,
    Fields,
    Heading,
    Image,
    Link,
    Note,
    Reply,
    Text,
    choice_numbers,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Neutralise control characters (ANSI escapes...) so stored text can't drive the terminal."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def render(reply: Reply) -> str:
    lines: list[str] = []
    numbers = iter(choice_numbers(reply.buttons))
    for block in reply.blocks:
        match block:
            case Heading(text):
                lines.append(f"== {clean(text)} ==")
            case Text(text):
                lines.append(clean(text))
            case Note(text):
                lines.append(f"  ({clean(text)})")
            case Fields(items):
                lines.extend(f"  {clean(label)}: {clean(value)}" for label, value in items)
            case BulletList(items):
                lines.extend(f"  - {clean(item)}" for item in items)
            case Link(label, url):
                shown = clean(url) if label in ("", url) else f"{clean(label)}: {clean(url)}"
                lines.append(f"  {shown}")
            case Divider():
                lines.append("")
            case Actions(buttons):
                choices = []
                for button in buttons:
                    choices.append(f"[{next(numbers)}] {clean(button.label)}")
                lines.append("  " + "   ".join(choices))
            case Image(alt=alt):  # a terminal shows no picture: its figures, in text
                lines.append(f"  [{clean(alt)}]")
    return "\n".join(lines)
