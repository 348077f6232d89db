"""Long answers in pages: one page of items and a "more" button, never a list cut short.

A listing command takes a trailing ``page N`` (``history caf page 2``, ``suggestions page 3``):
:func:`split_page` reads it, :func:`page_of` (or :class:`Page` for a window the database
picked) holds the items shown, and :func:`page_footer` says where the reader is and offers the
next page as a button, which console and Matrix show as a numbered choice, with the line to
type next to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from chatbot.commands import UsageError
from chatbot.i18n import _
from chatbot.reply import Actions, Block, Button, Note

T = TypeVar("T")

PAGE_SIZE = 10
_PAGE = re.compile(r"(?:^|\s)page\s*#?(\d{1,6})\s*$", re.IGNORECASE)


def split_page(words: str) -> tuple[str, int]:
    """``("caf", 2)`` from ``"caf page 2"``; page 1 when no page is named."""
    found = _PAGE.search(words)
    if found is None:
        return words.strip(), 1
    return words[: found.start()].strip(), max(1, int(found.group(1)))


def page_only(words: str | None) -> int:
    """The page named by ``words`` (``"page 2"``), which may say nothing else."""
    rest, number = split_page(words or "")
    if rest:
        raise UsageError
    return number


def last_page(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def clamp_page(number: int, total: int, size: int = PAGE_SIZE) -> int:
    """``number``, or the last page when there are fewer (``page 9`` of 3 shows page 3)."""
    return min(max(1, number), last_page(total, size))


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    number: int
    """1 for the first page."""
    total: int
    """How many items all the pages hold."""
    size: int = PAGE_SIZE

    @property
    def count(self) -> int:
        """How many pages there are (1 when everything fits)."""
        return last_page(self.total, self.size)

    @property
    def has_more(self) -> bool:
        return self.number < self.count

    @property
    def offset(self) -> int:
        """How many items the earlier pages hold."""
        return (self.number - 1) * self.size


def page_of(items: Sequence[T], number: int, *, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` of ``items`` (see :func:`clamp_page`)."""
    number = clamp_page(number, len(items), size)
    start = (number - 1) * size
    return Page(tuple(items[start : start + size]), number, len(items), size)


def page_footer(
    page: Page[T], command: str, args: str = "", *, button_args: str | None = None
) -> list[Block]:
    """ "Page 1 of 3", and while more follow, a button running ``command args page 2`` (with
    ``button_args`` instead of ``args`` if given: an id, immune to renames). Nothing when
    everything fits on one page."""
    if page.count == 1:
        return []
    if not page.has_more:
        return [Note(_("Page {number} of {count}.").format(number=page.number, count=page.count))]
    following = f"page {page.number + 1}"
    typed = " ".join(part for part in (command, args.strip(), following) if part)
    value = " ".join(part for part in ((button_args or args).strip(), following) if part)
    return [
        Note(
            _("Page {number} of {count}: type {line} for more.").format(
                number=page.number, count=page.count, line=typed
            )
        ),
        Actions((Button(_("Show more"), command, value),)),
    ]
