"""The page shell and the small HTML helpers every page uses.

Everything shown that comes from a person or the database goes through :func:`esc`; the
helpers below escape what they are given (labels, values, URLs), so a view only escapes the
text it writes into its own markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from adapters.web.forms import SIGNATURE_FIELD, form_signature
from adapters.web.pages import PAGES, WebRequest
from chatbot.i18n import _
from chatbot.roles import Role

CSRF_FIELD = "csrf"
COMMAND_FIELD = "command"
ARGS_FIELD = "args"


def esc(text: object) -> str:
    """``text`` as HTML text or attribute value: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape(str(text), quote=True)


def para(text: str, *, css: str = "") -> str:
    """``text`` as an escaped paragraph. Translate outside f-strings (``para(_("..."))``):
    ``make i18n`` does not see a ``_()`` inside an f-string."""
    kind = f' class="{esc(css)}"' if css else ""
    return f"<p{kind}>{esc(text)}</p>"


def heading(text: str) -> str:
    return f"<h2>{esc(text)}</h2>"


def button(label: str) -> str:
    return f'<button type="submit">{esc(label)}</button>'


def href(path: str, **query: object) -> str:
    """An escaped URL for an ``href``: ``path`` with the non-empty ``query`` values."""
    pairs = {name: str(value) for name, value in query.items() if value not in (None, "")}
    return esc(f"{path}?{urlencode(pairs)}" if pairs else path)


def csrf_field(req: WebRequest) -> str:
    """The hidden field every form carries: a POST without the session's token gets 403."""
    return f'<input type="hidden" name="{CSRF_FIELD}" value="{esc(req.csrf)}">'


def command_form(
    req: WebRequest,
    command: str,
    label: str,
    *,
    field: str | None = None,
    placeholder: str = "",
    required: bool = True,
    multiline: bool = False,
    action: str | None = None,
) -> str:
    """A form that runs ``command`` (``resolve 12``) as the signed-in person, like typing it in
    chat; with ``field`` (its label), what they type there is appended (``resolve 12 <note>``).
    It posts back to the page (``action``: another page), which shows the command's reply."""
    target = esc(action or req.path)
    signature = form_signature(req.form_key, req.csrf, command, typed=field is not None)
    parts = [
        f'<form method="post" action="{target}" class="command">',
        csrf_field(req),
        f'<input type="hidden" name="{COMMAND_FIELD}" value="{esc(command)}">',
        f'<input type="hidden" name="{SIGNATURE_FIELD}" value="{esc(signature)}">',
    ]
    if field is not None:
        ident = "f-" + "".join(c if c.isalnum() else "-" for c in command + label)
        needed = " required" if required else ""
        hint = f' placeholder="{esc(placeholder)}"' if placeholder else ""
        parts.append(f'<label for="{esc(ident)}">{esc(field)}</label>')
        if multiline:
            parts.append(
                f'<textarea id="{esc(ident)}" name="{ARGS_FIELD}" rows="3"{needed}{hint}>'
                "</textarea>"
            )
        else:
            parts.append(f'<input id="{esc(ident)}" name="{ARGS_FIELD}" type="text"{needed}{hint}>')
    parts.append(f'<button type="submit">{esc(label)}</button></form>')
    return "".join(parts)


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, caption: str = "") -> str:
    """A table; ``headers`` are escaped, cells are HTML already (escape what they hold)."""
    names = [esc(h) for h in headers]
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{names[i]}">{cell}</td>' if i < len(names) else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def select(name: str, label: str, options: Mapping[str, str], *, selected: str = "") -> str:
    """A labelled ``<select>``: ``options`` maps values to what is shown."""
    ident = f"s-{name}"
    choices = "".join(
        f'<option value="{esc(value)}"{" selected" if value == selected else ""}>{esc(shown)}'
        "</option>"
        for value, shown in options.items()
    )
    return (
        f'<label for="{esc(ident)}">{esc(label)}</label>'
        f'<select id="{esc(ident)}" name="{esc(name)}">{choices}</select>'
    )


def shell(
    *,
    title: str,
    body: str,
    language: str,
    user_id: str = "",
    role: Role | None = None,
    csrf: str = "",
    notice: str = "",
    path: str = "/",
) -> str:
    """The whole document: header with the navigation this role may use, sign-out and language
    forms, the command's reply (``notice``, HTML) and the page's ``body`` (HTML)."""
    nav = ""
    account = ""
    if role is not None:
        links = "".join(
            f'<li><a href="{esc(route.path)}">{esc(_(route.title))}</a></li>'
            for route in PAGES.nav(role)
        )
        menu = _("Main menu")
        nav = f'<nav aria-label="{esc(menu)}"><ul>{links}</ul></nav>'
        other = "en" if language == "fr" else "fr"
        account = (
            f'<div class="account"><span>{esc(user_id)} · {esc(_(role.label))}</span>'
            f'<form method="post" action="/language">'
            f'<input type="hidden" name="{CSRF_FIELD}" value="{esc(csrf)}">'
            f'<input type="hidden" name="language" value="{other}">'
            f'<input type="hidden" name="next" value="{esc(path)}">'
            f'<button type="submit" lang="{other}">{"English" if other == "en" else "Français"}'
            "</button></form>"
            f'<form method="post" action="/logout">'
            f'<input type="hidden" name="{CSRF_FIELD}" value="{esc(csrf)}">'
            + button(_("Sign out"))
            + "</form></div>"
        )
    flash = f'<section class="notice" role="status">{notice}</section>' if notice else ""
    cockpit, skip = esc(_("Cockpit")), esc(_("Skip to content"))
    return (
        "<!doctype html>"
        f'<html lang="{esc(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · {cockpit}</title>"
        '<link rel="stylesheet" href="/static/web.css"></head><body>'
        f'<a class="skip" href="#main">{skip}</a>'
        f"<header><strong>{cockpit}</strong>{nav}{account}</header>"
        f'<main id="main"><h1>{esc(title)}</h1>{flash}{body}</main></body></html>'
    )
