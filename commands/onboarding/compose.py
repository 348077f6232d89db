"""Composed checklists: the general template (``volunteer``) plus a role or site part (``chat``,
``phone``), chosen at enrolment (``onboarding start @ana chat``, the ``template`` column of a
bulk enrolment, or ``ONBOARDING_DEFAULT_TEMPLATE=volunteer+chat``).

The two are joined day by day (a part's day 3 joins the general day 3, after its steps) and the
result is stored as a template of its own, ``volunteer+chat``, versioned like any other: the
newcomer keeps the version they started with, so a later edit of either part changes the
journeys started after it only.
"""

from __future__ import annotations

from chatbot.onboarding import Day, Template

SEPARATOR = "+"


def composed_name(base: str, part: str) -> str:
    return f"{base}{SEPARATOR}{part}"


def compose(base: Template, part: Template) -> Template:
    """``base`` with the days of ``part`` joined in, by the day they are due (each composed day
    says its day). Raises ValueError when a step id is in both."""
    if part.part_of != base.name:
        raise ValueError(f"{part.name} is not a part of {base.name}")
    ids = [s.step.id for s in base.numbered() + part.numbered() if s.step.id]
    if len(ids) != len(set(ids)):
        clashes = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"step ids in both {base.name} and {part.name}: {', '.join(clashes)}")
    days: dict[int, Day] = {}
    for template in (base, part):
        for number, day in enumerate(template.days, start=1):
            offset = template.offset(number)
            earlier = days.get(offset)
            days[offset] = (
                Day(title=day.title, steps=day.steps, offset=offset)
                if earlier is None
                else Day(title=earlier.title, steps=earlier.steps + day.steps, offset=offset)
            )
    return Template(
        name=composed_name(base.name, part.name),
        language=base.language,
        title=f"{base.title} · {part.title}",
        days=tuple(days[offset] for offset in sorted(days)),
    )
