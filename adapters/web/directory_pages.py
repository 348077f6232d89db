"""The directory in the cockpit: the search of chat, an entry's card and history, the stale
entries by theme, the suggestions to review, and the printable public list.

The search, the card, the history and the suggestions are the chat's own answers (``lookup``,
``show``, ``history``, ``suggestions``) run for the signed-in person: the same index, the same
ranking, and what a person may see there is what chat shows them in a direct message. Every
form runs a chat command (``verify #12``, ``flag #12 ...``, ``approve 3``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode

from babel.dates import format_date

from adapters.web.answers import answer_html
from adapters.web.layout import command_form, esc, href
from adapters.web.pages import Page, PageNotFound, WebRequest, page
from chatbot.directory import Entry, stale_entries, verification_interval
from chatbot.formats.audience import public_view
from chatbot.formats.directory_html import directory_html
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.reply import Heading, Reply
from chatbot.roles import Role

CARD_BUTTONS = ("suggest", "flag", "verify")
"""The card's buttons the entry page replaces with forms of its own (they need more words)."""
STALE_PREVIEW = 10
"""Rows of each theme on the stale page (the oldest), with a link to the whole theme."""
STALE_SHOWN = 300
"""Rows of the one theme asked for (``?theme=``); the rest are counted."""
MAX_QUERY = 200


def _page_number(req: WebRequest) -> int:
    text = req.query.get("page", "1")
    return int(text) if text.isdecimal() and 0 < int(text) < 10**6 else 1


def entry_path(entry_id: int) -> str:
    return f"/directory/entry/{entry_id}"


def card_entry(reply: Reply) -> int | None:
    """The entry a card is about, from its buttons (``verify #12``)."""
    for button in reply.buttons:
        if button.action_id in CARD_BUTTONS and button.value.startswith("#"):
            number = button.value[1:].split(" ", 1)[0]
            if number.isdecimal():
                return int(number)
    return None


def day(moment: datetime | None, language: str) -> str:
    return format_date(moment.date(), format="medium", locale=language) if moment else ""


def _links(req: WebRequest) -> str:
    links = [(href("/directory/print"), _("Printable list"))]
    if req.is_coordinator:
        links = [
            (href("/directory/stale"), _("Entries to check")),
            (href("/directory/suggestions"), _("Suggestions to review")),
            *links,
        ]
    items = "".join(f'<li><a href="{url}">{esc(label)}</a></li>' for url, label in links)
    label = _("Directory")
    return f'<nav aria-label="{esc(label)}"><ul class="inline">{items}</ul></nav>'


@page("/directory", title=N_("Directory"), nav=True, order=20)
def directory(req: WebRequest) -> str:
    query = " ".join(req.query.get("q", "").split())[:MAX_QUERY]
    label, hint, search = _("Search the directory"), _("caf, tel cpas, 3919..."), _("Search")
    form = (
        f'<form method="get" action="/directory" class="filters" role="search">'
        f'<label for="q">{esc(label)}</label>'
        f'<input id="q" name="q" type="search" value="{esc(query)}" '
        f'placeholder="{esc(hint)}">'
        f'<button type="submit">{esc(search)}</button></form>'
    )
    results = ""
    if query:
        answer = req.ask(f"lookup {query}")
        found = card_entry(answer)
        open_it = _("Open this entry")
        opened = (
            f'<p><a href="{href(entry_path(found))}">{esc(open_it)}</a></p>'
            if found is not None
            else ""
        )
        heading = _("Results for «{query}»").format(query=query)
        results = (
            f'<section aria-labelledby="h-results" aria-live="polite">'
            f'<h2 id="h-results">{esc(heading)}</h2>'
            f"{opened}{answer_html(req, answer, left_out=CARD_BUTTONS)}</section>"
        )
    return form + results + _links(req)


@page("/directory/entry/{number:\\d+}", title=N_("Directory entry"))
def entry_page(req: WebRequest) -> Page:
    number = int(req.params["number"])
    entry = req.services.directory.get(number) if number < 2**31 else None
    if entry is None:
        raise PageNotFound()
    ref = f"#{number}"
    card = _without_title(req.ask(f"show {ref}"), entry.name)
    history_page = _page_number(req)
    history = req.ask(
        f"history {ref} page {history_page}" if history_page > 1 else f"history {ref}"
    )
    forms = [
        command_form(
            req,
            f"flag {ref}",
            _("Report as wrong"),
            field=_("What looks wrong?"),
        ),
        command_form(
            req,
            f"suggest {ref}",
            _("Suggest"),
            field=_("Field and right value"),
            placeholder=_("tel 01 23 45 67 89"),
        ),
    ]
    if req.is_coordinator or entry.verifier == req.user_id:
        forms.insert(0, command_form(req, f"verify {ref}", _("Still correct (verified today)")))
    update, past = _("Update this entry"), _("History")
    body = (
        f"{answer_html(req, card, left_out=CARD_BUTTONS)}"
        f'<section aria-labelledby="h-act"><h2 id="h-act">{esc(update)}</h2>'
        f"{''.join(forms)}</section>"
        f'<section aria-labelledby="h-history">'
        f'<h2 id="h-history" class="visually-hidden">{esc(past)}</h2>'
        f"{answer_html(req, history, page_link=lambda n: f'{entry_path(number)}?page={n}')}"
        f"</section>{_links(req)}"
    )
    return Page(entry.name, body)


def _without_title(card: Reply, title: str) -> Reply:
    """The card without its heading when that is the entry's name: the page's title says it."""
    blocks = card.blocks
    if blocks and isinstance(blocks[0], Heading) and blocks[0].text == title:
        return replace(card, blocks=blocks[1:])
    return card


@page("/directory/stale", title=N_("Entries to check"), role=Role.COORDINATOR)
def stale(req: WebRequest) -> str:
    settings = req.services.settings
    now = req.now()
    due = stale_entries(
        req.services.directory.all(),
        now,
        settings.directory_stale_days,
        by_theme=settings.directory_stale_days_by_theme,
    )
    if not due:
        done = _("Every entry has been verified recently. Well done!")
        return f"<p>{esc(done)}</p>{_links(req)}"
    themes: dict[str, list[Entry]] = defaultdict(list)
    for entry in due:  # oldest first within each theme, as the stale command lists them
        themes[entry.theme.strip()].append(entry)
    ordered = sorted(themes, key=lambda theme: (not theme, fold(theme), theme))
    wanted = req.query.get("theme")
    if wanted is not None:  # one theme, all of it (up to STALE_SHOWN)
        if wanted not in themes:
            text = _("Nothing to check in this theme.")
            return f"<p>{esc(text)}</p>{_all_themes_link()}{_links(req)}"
        section = _stale_theme(req, 0, wanted, themes[wanted], limit=STALE_SHOWN)
        return _all_themes_link() + section + _links(req)
    summary = _("{count} entries to check, in {themes} themes.").format(
        count=len(due), themes=len(themes)
    )
    sections = [f"<p>{esc(summary)}</p>"]
    for index, theme in enumerate(ordered):
        sections.append(_stale_theme(req, index, theme, themes[theme], limit=STALE_PREVIEW))
    return "".join(sections) + _links(req)


def _theme_url(theme: str) -> str:
    return "/directory/stale?" + urlencode({"theme": theme})


def _all_themes_link() -> str:
    label = _("All themes")
    return f'<p><a href="{href("/directory/stale")}">{esc(label)}</a></p>'


def _stale_theme(
    req: WebRequest, index: int, theme: str, entries: list[Entry], *, limit: int
) -> str:
    settings = req.services.settings
    back = req.path + (
        f"?{urlencode({'theme': req.query['theme']})}" if "theme" in req.query else ""
    )
    coordinators = _("coordinators")
    labels = [_("Entry"), _("Last verified"), _("Every (days)"), _("Verifier"), _("Action")]
    cell = [f' data-label="{esc(label)}"' for label in labels]
    rows = []
    for entry in entries[:limit]:
        interval = verification_interval(
            entry, settings.directory_stale_days, by_theme=settings.directory_stale_days_by_theme
        )
        verified = day(entry.last_verified_at, req.language) or _("never verified")
        flag = f'<br><span class="urgent">⚠ {esc(entry.flag)}</span>' if entry.flag else ""
        verify = command_form(req, f"verify #{entry.id}", _("Verified"), action=back)
        verifier = req.name(entry.verifier) if entry.verifier else coordinators
        rows.append(
            f'<tr><th scope="row"><a href="{href(entry_path(entry.id or 0))}">'
            f"{esc(entry.name)}</a>{flag}</th><td{cell[1]}>{esc(verified)}</td>"
            f'<td class="number"{cell[2]}>{interval}</td>'
            f"<td{cell[3]}>{esc(verifier)}</td><td{cell[4]}>{verify}</td></tr>"
        )
    more = len(entries) - limit
    rest = ""
    if more > 0 and limit == STALE_PREVIEW:
        label = _("Show all {count} of this theme").format(count=len(entries))
        rest = f'<p><a href="{esc(_theme_url(theme))}">{esc(label)}</a></p>'
    elif more > 0:
        left = _("And {count} more.").format(count=more)
        rest = f'<p class="note">{esc(left)}</p>'
    heads = "".join(f'<th scope="col">{esc(h)}</th>' for h in labels)
    heading = f"h-theme-{index}"
    title = "{} ({})".format(theme or _("(no theme)"), len(entries))
    return (
        f'<section aria-labelledby="{heading}"><h2 id="{heading}">{esc(title)}</h2>'
        f'<table class="stale"><caption class="visually-hidden">{esc(title)}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>{rest}</section>"
    )


@page("/directory/suggestions", title=N_("Suggestions to review"), role=Role.COORDINATOR)
def suggestions(req: WebRequest) -> str:
    number = _page_number(req)
    answer = req.ask(f"suggestions page {number}" if number > 1 else "suggestions")
    page_link = lambda n: f"/directory/suggestions?page={n}"  # noqa: E731
    return answer_html(req, answer, page_link=page_link) + _links(req)


@page("/directory/print", title=N_("Printable list"))
def printable(req: WebRequest) -> Page:
    """The public list as ``chatbot directory export list.html`` makes it (public entries,
    public fields only), its body inside the cockpit's page, whose stylesheet prints it."""
    document = directory_html(
        public_view(req.services.directory.all()), internal=False, at=req.now()
    )
    body = document.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    return Page(_("Printable list"), f'<div class="printable">{body}</div>')
