"""Onboarding for coordinators: who is where, those needing attention first (the chat's
``onboarding status``, run for the signed-in coordinator), then each checklist's per-step
completion funnel, drawn and tabled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from adapters.web import svg
from adapters.web.answers import answer_html
from adapters.web.layout import esc, href
from adapters.web.pages import WebRequest, page
from chatbot.i18n import N_, _, ngettext
from chatbot.onboarding import Newcomer, Template
from chatbot.roles import Role
from chatbot.services import Services


@dataclass(frozen=True)
class Funnel:
    """How far the newcomers of one checklist got: per step, how many did it (or had it
    waived). Completed journeys count, left ones not."""

    template: Template
    """The newest version followed: its steps name the funnel's rows."""
    newcomers: int
    done: tuple[int, ...]
    """Per step, in the template's order."""
    completed: int


def funnels(services: Services) -> list[Funnel]:
    """One funnel per checklist (name and language) someone follows or completed."""
    groups: dict[tuple[str, str], list[Newcomer]] = {}
    for newcomer in services.onboarding.newcomers():
        groups.setdefault((newcomer.template, newcomer.language), []).append(newcomer)
    result = []
    for (name, language), members in sorted(groups.items()):
        newest = max(member.version for member in members)
        template = services.onboarding.template(name, language, newest)
        if template is None:
            continue
        ticks: Counter[int] = Counter(step for member in members for step in member.done)
        steps = template.numbered()
        result.append(
            Funnel(
                template=template,
                newcomers=len(members),
                done=tuple(ticks[item.number] for item in steps),
                completed=sum(member.completed_at is not None for member in members),
            )
        )
    return result


def _page_number(req: WebRequest) -> int:
    text = req.query.get("page", "1")
    return int(text) if text.isdecimal() and 0 < int(text) < 10**6 else 1


@page("/onboarding", title=N_("Onboarding"), role=Role.COORDINATOR, nav=True, order=30)
def onboarding(req: WebRequest) -> str:
    number = _page_number(req)
    status = req.ask(f"onboarding status page {number}" if number > 1 else "onboarding status")
    people = answer_html(req, status, page_link=lambda n: f"/onboarding?page={n}")
    label = _("Newcomers")  # the answer's own heading names them, with how many
    sections = [f'<section aria-label="{esc(label)}">{people}</section>']
    for index, funnel in enumerate(funnels(req.services)):
        sections.append(_funnel_section(funnel, index))
    if number > 1:
        first = _("First page")
        sections.insert(0, f'<p><a href="{href("/onboarding")}">{esc(first)}</a></p>')
    return "".join(sections)


def _funnel_section(funnel: Funnel, index: int) -> str:
    template = funnel.template
    title = _("{title}: steps done").format(title=template.title)
    labels = [f"{item.number}. {item.step.title}" for item in template.numbered()]
    desc = ngettext(
        "{count} newcomer, {completed} completed the checklist.",
        "{count} newcomers, {completed} completed the checklist.",
        funnel.newcomers,
    ).format(count=funnel.newcomers, completed=funnel.completed)
    chart = svg.funnel(
        ident=f"funnel-{index}",
        title=title,
        desc=desc,
        steps=list(zip(labels, funnel.done, strict=True)),
        total=funnel.newcomers,
    )
    rows = [
        [label, done, f"{done / funnel.newcomers:.0%}" if funnel.newcomers else "—"]
        for label, done in zip(labels, funnel.done, strict=True)
    ]
    table = svg.data_table(title, [_("Step"), _("Done"), _("Share")], rows)
    heading = f"h-funnel-{index}"
    version = _("Version {n}.").format(n=template.version)
    figures = _("Figures")
    return (
        f'<section aria-labelledby="{heading}"><h2 id="{heading}">{esc(title)}</h2>'
        f"<p>{esc(desc)} {esc(version)}</p>{svg.framed(chart)}"
        f"<details><summary>{esc(figures)}</summary>{table}</details></section>"
    )
