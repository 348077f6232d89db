"""Reading what volunteers type: tags, links, personal data, similar reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from chatbot.anomalies import DEFAULT_CATEGORY_LABELS, Anomaly, Severity
from chatbot.i18n import _
from chatbot.links import is_web_url
from chatbot.parsing import fold
from chatbot.personal_data import personal_data_in
from chatbot.reply import Note
from chatbot.settings import Settings
from commands.anomalies.failures import FAILED, failure_worded_alike

_CATEGORY_SYNONYMS = {
    "premises": "site",
    "lieu": "site",
    "info": "info-erronee",
    "wrong-info": "info-erronee",
    "equipment": "materiel",
    "safety": "securite",
    "other": "autre",
}
URGENT_WORDS = frozenset({"urgent", "urgente", "urgence", "emergency"})
NORMAL_WORDS = frozenset({"normal", "normale", "non-urgent", "pas-urgent"})

_HASHTAG = re.compile(r"(?<!\S)#([\w-]+)")
_URGENT_TAG = re.compile(r"(?<!\S)!(\w+)")
_LINK = re.compile(r"https?://\S+")
_SPACES = re.compile(r"[ \t]{2,}")


_STOP_WORDS = frozenset(
    "le la les un une des du de au aux et ou en dans sur pour par avec est sont ce cette qui que "
    "pas plus ne il elle on nous vous ils the an of at in on is are to and or for with it this "
    "that not".split()
)
SIMILARITY_THRESHOLD = 70.0


@dataclass(frozen=True)
class Draft:
    """A report as typed, before it is saved."""

    text: str
    category: str | None
    severity: Severity
    link: str


def categories(settings: Settings) -> list[str]:
    """The configured categories; the last one is the default."""
    return settings.anomaly_categories or list(DEFAULT_CATEGORY_LABELS)


def default_category(settings: Settings) -> str:
    return categories(settings)[-1]


def match_category(word: str, settings: Settings) -> str | None:
    """The category ``word`` names (``#site``, ``Site``, ``other``...), if any."""
    key = fold(word.strip().lstrip("#"))
    known = {fold(c): c for c in categories(settings)}
    if key in known:
        return known[key]
    synonym = _CATEGORY_SYNONYMS.get(key)
    return synonym if synonym in known.values() else None


def match_severity(word: str) -> Severity | None:
    key = fold(word.strip().lstrip("!#"))
    if key in URGENT_WORDS:
        return Severity.URGENT
    if key in NORMAL_WORDS:
        return Severity.NORMAL
    return None


def parse_report(raw: str, settings: Settings) -> Draft:
    """Take the ``#category`` and ``!urgent`` tags out of ``raw`` and find its first link;
    a hashtag that names no category stays in the text."""
    category: str | None = None
    severity = Severity.NORMAL

    def take_category(match: re.Match[str]) -> str:
        nonlocal category
        found = match_category(match.group(1), settings)
        if found is None or category is not None:
            return match.group(0)
        category = found
        return ""

    def take_severity(match: re.Match[str]) -> str:
        nonlocal severity
        if fold(match.group(1)) in NORMAL_WORDS:  # a form's "normal" choice: !normal
            return ""
        if fold(match.group(1)) not in URGENT_WORDS:
            return match.group(0)
        severity = Severity.URGENT
        return ""

    text = _HASHTAG.sub(take_category, raw)
    text = _URGENT_TAG.sub(take_severity, text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.strip().splitlines())
    return Draft(
        text="\n".join(line for line in lines if line),
        category=category,
        severity=severity,
        link=first_link(text),
    )


def first_link(text: str) -> str:
    """The first well-formed web address in ``text`` (without the punctuation that ends a
    sentence), or ``""``: anything else stays text and never becomes a link."""
    for match in _LINK.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if url.endswith(")") and "(" not in url:
            url = url[:-1]
        if is_web_url(url):
            return url
    return ""


def privacy_note(text: str, *, comment: bool = False) -> Note | None:
    """What the answer to a report, or to a ``comment``, says of personal data: a warning
    naming what :func:`personal_data_in` found; else a reminder after a report, nothing after a
    comment. Reports and comments both go through it, so they are checked alike."""
    found = personal_data_in(text)
    if not found:
        return (
            None
            if comment
            else Note(_("Reminder: no personal data about the people we help in reports."))
        )
    warning = (
        _(
            "Your comment seems to contain {what}: please keep personal data about the people "
            "we help out of reports. A coordinator can redact it."
        )
        if comment
        else _(
            "Your report seems to contain {what}: please keep personal data about the people "
            "we help out of reports. A coordinator can redact it."
        )
    )
    return Note(warning.format(what=join_words(found)))


def similarity_key(text: str) -> str:
    """The words two reports of one problem share, however each says it fails."""
    kept = (w for w in failure_worded_alike(text).split() if len(w) > 1 and w not in _STOP_WORDS)
    return " ".join(dict.fromkeys(kept))


def similar_reports(
    text: str, candidates: Iterable[Anomaly], *, exclude: int | None = None, limit: int = 2
) -> list[Anomaly]:
    """Open reports that look like ``text``, closest first."""
    key = similarity_key(text)
    if not set(key.split()) - {FAILED}:
        return []  # "ça ne marche plus": nothing said of what fails
    scored: list[tuple[float, Anomaly]] = []
    for anomaly in candidates:
        if anomaly.id == exclude or anomaly.redacted or not anomaly.text:
            continue
        other = similarity_key(anomaly.text)
        score = (fuzz.token_set_ratio(key, other) + fuzz.token_sort_ratio(key, other)) / 2
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, anomaly))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id or 0))
    return [anomaly for _score, anomaly in scored[:limit]]


def join_words(words: Sequence[str]) -> str:
    return ", ".join(words)
