"""Split a chat line into a command name and arguments.

Forgiving by design: quotes group words (``suggest "CAF de Paris" phone 3230``), an unclosed quote
runs to the end of the line, apostrophes inside words stay (``caisse d'allocations``). It never
raises, whatever it is given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

COMMAND_PREFIXES = ("/", "!")
_QUOTE_PAIRS = {'"': '"', "'": "'", "«": "»", "“": "”", "‘": "’", "„": "“"}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    """Offset in the line of the token's first character (its opening quote, if quoted)."""
    quoted: bool = False


@dataclass(frozen=True)
class CommandLine:
    name: str
    """The command word as typed, lower-cased, prefix removed ("" for an empty line)."""
    tokens: tuple[Token, ...]
    """The arguments after the command word."""
    line: str
    """The whole line, prefix removed, to take a raw "rest of the line" from."""

    def rest_from(self, index: int) -> str:
        """The raw text from argument ``index`` on, without surrounding quotes when it is a
        single quoted argument."""
        if index >= len(self.tokens):
            return ""
        if index == len(self.tokens) - 1:
            return self.tokens[index].text
        return self.line[self.tokens[index].start :].strip()

    def grouped(self, count: int) -> CommandLine:
        """The line with its first ``count`` arguments read as one, as if quoted."""
        if count < 2 or count > len(self.tokens):
            return self
        first = self.tokens[:count]
        joined = Token(" ".join(t.text for t in first), first[0].start, quoted=True)
        return CommandLine(self.name, (joined, *self.tokens[count:]), self.line)


def tokenize(line: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        start = i
        closing = _QUOTE_PAIRS.get(line[i])
        if closing is not None:
            end = _closing_quote(line, i + 1, closing)
            if end is not None:
                tokens.append(Token(line[i + 1 : end], start, quoted=True))
                i = end + 1
                continue
            if line[i] != "'":
                # An unclosed quote takes the rest of the line.
                tokens.append(Token(line[i + 1 :].strip(), start, quoted=True))
                break
        while i < n and not line[i].isspace():
            i += 1
        tokens.append(Token(line[start:i], start))
    return tokens


def _closing_quote(line: str, begin: int, closing: str) -> int | None:
    """Index of the quote that closes at a word boundary, or None."""
    at = line.find(closing, begin)
    while at != -1:
        if at + 1 == len(line) or line[at + 1].isspace():
            return at
        at = line.find(closing, at + 1)
    return None


def parse_command_line(text: str) -> CommandLine:
    line = text.strip()
    while line.startswith(COMMAND_PREFIXES):
        line = line[1:].lstrip()
    tokens = tokenize(line)
    if not tokens:
        return CommandLine("", (), line)
    head, *args = tokens
    return CommandLine(head.text.lower(), tuple(args), line)


def fold(text: str) -> str:
    """Lower-case and strip accents: ``fold("Numéro") == "numero"``; fast on plain ASCII,
    which is what most lookups are."""
    text = text.casefold()
    if text.isascii():
        return text
    for letter, spelled in _LETTERS:  # str.replace is much faster than str.translate
        text = text.replace(letter, spelled)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def plain_words(text: str) -> str:
    """``text`` as plain phrases are compared: folded words without punctuation, one space
    apart ("C'est fait !" is "c est fait")."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


_NOT_WORD = re.compile(r"[^\w\s]")
# Letters NFKD does not decompose; without this "cœur" would become "c ur".
_LETTERS = (("œ", "oe"), ("æ", "ae"), ("ø", "o"), ("ß", "ss"), ("’", "'"), ("`", "'"))
_COMBINING = re.compile(r"[\u0300-\u036f]")
