"""The printable directory: one self-contained HTML page, by theme then alphabetically.

What it shows is what it is given: the caller passes :func:`chatbot.formats.audience.public_view`
for the public list. ``internal=True`` is the volunteers' list: notes, internal phones and
referents show, marked, and every printed page says "Internal — do not share" (a fixed header
and footer, which browsers repeat on each printed page). Every value goes through
:func:`html.escape`; links only for http(s) addresses. Print CSS: each theme starts a page, an
entry is never cut across two pages, black on white.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from chatbot.directory import Entry
from chatbot.i18n import _, current_language
from chatbot.parsing import fold

_CSS = """
body { font: 11pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff;
       margin: 0 auto; max-width: 48em; padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #000; margin: 1.2em 0 .4em; }
h3 { font-size: 12pt; margin: 0; }
.date { color: #333; margin: 0 0 1em; }
.entry { margin: 0 0 .8em; break-inside: avoid; page-break-inside: avoid; }
.entry dl { display: grid; grid-template-columns: 8em 1fr; margin: .2em 0 0; }
.entry dt { font-weight: bold; }
.entry dd { margin: 0; white-space: pre-line; }
.aliases, .mark { color: #333; font-style: italic; }
.banner { display: none; }
.internal .banner.top { display: block; }
.internal .banner { font-weight: bold; text-align: center;
                    border: 2px solid #000; padding: .2em; margin: 0 0 1em; }
a { color: #000; }
@media print {
  @page { margin: 18mm 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section.theme + section.theme { break-before: page; page-break-before: always; }
  a { text-decoration: none; }
  body.internal { padding: 12mm 0; }
  .internal .banner { display: block; position: fixed; left: 0; right: 0; margin: 0;
                      background: #fff; }
  .internal .banner.top { top: 0; }
  .internal .banner.bottom { bottom: 0; }
}
"""


def directory_html(entries: Iterable[Entry], *, internal: bool, at: datetime) -> str:
    """The whole page for ``entries``, dated ``at``."""
    title = _("Directory — internal") if internal else _("Directory")
    warning = escape(_("Internal — do not share"))
    banner = (
        f'<div class="banner top">{warning}</div>\n<div class="banner bottom">{warning}</div>\n'
        if internal
        else ""
    )
    day = at.date().isoformat()
    style = _CSS + (_margin_boxes(_("Internal — do not share")) if internal else "")
    sections = "\n".join(
        _section(theme, group, internal=internal) for theme, group in by_theme(entries)
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} — {escape(day)}</title>\n<style>{style}</style>\n</head>\n"
        f'<body class="{"internal" if internal else "public"}">\n{banner}'
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="date">{escape(_("Updated on {date}").format(date=day))}</p>\n'
        f"{sections}\n</body>\n</html>\n"
    )


def by_theme(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by theme (themes in alphabetical order, entries without one last),
    each group sorted by name; accents and case do not change the order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.theme.strip(), []).append(entry)
    themes = sorted(groups, key=lambda t: (not t, fold(t), t))
    return [(t, sorted(groups[t], key=lambda e: (fold(e.name), e.name))) for t in themes]


def _section(theme: str, entries: Sequence[Entry], *, internal: bool) -> str:
    heading = escape(theme or _("Other"))
    body = "\n".join(_entry(entry, internal=internal) for entry in entries)
    return f'<section class="theme">\n<h2>{heading}</h2>\n{body}\n</section>'


def details(entry: Entry, *, internal: bool) -> list[tuple[str, str, bool]]:
    """What the list shows of ``entry`` under its name: (label, text, whether it is internal),
    for the HTML page and the PDF alike. Notes only in the ``internal`` list."""
    rows = [(_("Phone"), phone.number, phone.internal) for phone in entry.phones]
    for label, value in (
        (_("E-mail"), entry.email),
        (_("Website"), entry.url),
        (_("Address"), entry.address),
        (_("Hours"), entry.hours),
    ):
        if value:
            rows.append((label, value, False))
    for r in entry.referents:
        text = " — ".join(p for p in (r.name, r.function, r.phone, r.email) if p)
        rows.append((_("Contact"), text, not r.public))
    if internal and entry.notes:
        rows.append((_("Notes"), entry.notes, True))
    return rows


def _entry(entry: Entry, *, internal: bool) -> str:
    mark = f' <span class="mark">({escape(_("internal"))})</span>'
    cells = []
    for label, text, hidden in details(entry, internal=internal):
        value = _link(text) if label == _("Website") else escape(text)
        cells.append(f"<dt>{escape(label)}</dt><dd>{value}{mark if hidden else ''}</dd>")
    name = escape(entry.name) + (mark if entry.internal else "")
    aliases = (
        f'<div class="aliases">{escape(", ".join(entry.aliases))}</div>' if entry.aliases else ""
    )
    return f'<div class="entry">\n<h3>{name}</h3>{aliases}<dl>{"".join(cells)}</dl>\n</div>'


def _margin_boxes(text: str) -> str:
    """The warning in the page margins too, where browsers draw CSS margin boxes."""
    escaped = "".join(c if c.isalnum() or c in " —-" else f"\\{ord(c):x} " for c in text)
    boxes = f'@top-center {{ content: "{escaped}"; }} @bottom-center {{ content: "{escaped}"; }}'
    return f"@page {{ {boxes} }}\n"


def _link(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        return escape(url)
    return f'<a href="{escape(url, quote=True)}">{escape(url)}</a>'
