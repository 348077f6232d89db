"""What newcomers and coordinators read: checklists, progress, status lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from chatbot.i18n import _, current_language
from chatbot.ids import local_part
from chatbot.onboarding import Newcomer, NumberedStep, Template
from chatbot.reply import Actions, Block, BulletList, Button, Heading, Link, Note, Reply, Text

BUTTON_TITLE_LENGTH = 40
"""Button labels stay short (Slack cuts them at 75 characters)."""


def name_of(newcomer: Newcomer) -> str:
    return newcomer.user_name or local_part(newcomer.user_id)


def day_heading(template: Template, day: int) -> str:
    return _("Day {day} of {days}: {title}").format(
        day=day, days=len(template.days), title=template.days[day - 1].title
    )


def open_steps(template: Template, newcomer: Newcomer) -> list[NumberedStep]:
    """Steps not done yet, up to the newcomer's current day."""
    return [
        s for s in template.numbered() if s.day <= newcomer.day and s.number not in newcomer.done
    ]


def checklist(template: Template, steps: Iterable[NumberedStep]) -> list[Block]:
    """Steps grouped by day, each with its explanation and links, then one button per step.

    The buttons carry ``done N``: a click on Slack, a numbered reply or reaction on Matrix and
    typing ``done N`` all take the same path."""
    blocks: list[Block] = []
    steps = list(steps)
    day = 0
    for item in steps:
        if item.day != day:
            day = item.day
            blocks.append(Heading(day_heading(template, day)))
        blocks.append(Text(f"{item.number}. {item.step.title}"))
        if item.step.owner != "newcomer":
            # Its explanation and links are for whoever does it, who gets them (owners).
            blocks.append(Note(_done_by(item)))
            continue
        if item.step.explanation:
            blocks.append(Note(item.step.explanation))
        blocks.extend(Link(link.label, link.url) for link in item.step.links)
    buttons = done_buttons(steps)
    if buttons:
        blocks.append(buttons)
        blocks.append(
            Note(
                _(
                    "Tick a step with its button, or type done <number>. Type onboarding to see "
                    "your progress."
                )
            )
        )
    return blocks


def _done_by(item: NumberedStep) -> str:
    if item.step.owner == "buddy":
        return _("Your buddy does this one with you and ticks it.")
    return _("A coordinator does this one for you and ticks it.")


def done_buttons(steps: Iterable[NumberedStep]) -> Actions | None:
    """One button per step the newcomer ticks themself (none for their buddy's or a
    coordinator's); None when there is none."""
    buttons = tuple(done_button(s) for s in steps if s.step.owner == "newcomer")
    return Actions(buttons) if buttons else None


def done_button(item: NumberedStep, *, yes: bool = False) -> Button:
    """``✓ <title>``, numbered as its step: where buttons become numbered choices (the console,
    Matrix), ``[2] ✓ …`` is step 2 of the list above it, picked with 2 as ``done 2`` ticks it,
    whichever steps are done already. ``done N`` names the step. ``yes``: it answers "Tick
    step N?", so "oui" ticks it."""
    title = item.step.title
    if len(title) > BUTTON_TITLE_LENGTH:
        title = title[: BUTTON_TITLE_LENGTH - 1].rstrip() + "…"
    return Button(f"✓ {title}", "done", str(item.number), number=item.number, yes=yes)


def welcome(template: Template, newcomer: Newcomer, *, back: bool = False) -> Reply:
    if back:
        intro = _("Welcome back, {name}! Your checklist «{title}» is where you left it.")
    else:
        intro = _(
            "Welcome, {name}! Here is your checklist «{title}», over {days} days. "
            "I will send you each step on the morning it is due."
        )
    days = template.offset(len(template.days))
    return Reply.of(
        Text(intro.format(name=name_of(newcomer), title=template.title, days=days)),
        *checklist(template, open_steps(template, newcomer)),
        ephemeral=False,
    )


def morning(template: Template, newcomer: Newcomer, today: date) -> Reply:
    if newcomer.day_started_on == today:
        intro = _("Good morning, {name}! Here are today's steps.")
    else:
        intro = _("Good morning, {name}! A gentle reminder: these steps are still open.")
    return Reply.of(
        Text(intro.format(name=name_of(newcomer))),
        *checklist(template, open_steps(template, newcomer)),
        Note(_("Need a break? Type onboarding pause.")),
        ephemeral=False,
    )


def progress(template: Template, newcomer: Newcomer, zone: ZoneInfo) -> Reply:
    done = len(newcomer.done & {s.number for s in template.numbered()})
    blocks: list[Block] = [
        Heading(
            _("{title}: {done} of {total} steps done").format(
                title=template.title, done=done, total=template.total_steps
            )
        )
    ]
    for day in range(1, len(template.days) + 1):
        blocks.append(Text(day_heading(template, day)))
        blocks.append(
            BulletList(tuple(_progress_line(newcomer, s) for s in template.steps_of_day(day)))
        )
    if newcomer.completed_at is not None:
        blocks.append(
            Text(
                _("You completed your checklist on {date}. Well done!").format(
                    date=day_text(newcomer.completed_at, zone)
                )
            )
        )
        return Reply.of(*blocks)
    steps = open_steps(template, newcomer)
    blocks.extend(Text(line) for line in waiting_lines(steps))
    buttons = done_buttons(steps)
    if buttons:
        blocks.append(buttons)
    if newcomer.paused:
        blocks.append(Note(_("Reminders are paused. Type onboarding resume to get them again.")))
    else:
        blocks.append(
            Note(
                _(
                    "Next steps arrive each morning. Type onboarding pause to stop the reminders, "
                    "or onboarding timezone <zone> if you are not in {zone}."
                ).format(zone=zone.key)
            )
        )
    return Reply.of(*blocks)


def waiting_lines(steps: Iterable[NumberedStep]) -> list[str]:
    """The open steps someone else owns: what the newcomer waits for."""
    lines = []
    for item in steps:
        step = f"{item.number}. {item.step.title}"
        if item.step.owner == "buddy":
            lines.append(_("⏳ waiting for your buddy: {step}").format(step=step))
        elif item.step.owner == "coordinator":
            lines.append(_("⏳ waiting for a coordinator: {step}").format(step=step))
    return lines


def _progress_line(newcomer: Newcomer, item: NumberedStep) -> str:
    if item.number in newcomer.waived:
        return _("– {number}. {title} (waived)").format(number=item.number, title=item.step.title)
    mark = "✓" if item.number in newcomer.done else "☐"
    return f"{mark} {item.number}. {item.step.title}"


def ticked_reply(
    template: Template,
    newcomer: Newcomer,
    numbers: list[int],
    finished_days: list[int],
    completed: bool,
    *,
    automatic: bool = False,
    by: str = "",
) -> Reply:
    """What the newcomer reads once ``numbers`` are ticked: by them, ``automatic`` (a message
    they posted did it), or ``by`` someone (their buddy or a coordinator)."""
    titles = ", ".join(f"{n}. {template.numbered()[n - 1].step.title}" for n in numbers)
    if by:
        first = _("✓ {name} ticked for you: {steps}.").format(name=by, steps=titles)
    elif automatic:
        first = _("✓ Ticked for you: {steps}. Nice!").format(steps=titles)
    else:
        first = _("✓ Done: {steps}.").format(steps=titles)
    blocks: list[Block] = [Text(first)]
    if completed:
        blocks.append(
            Text(
                _(
                    "Congratulations, you completed your checklist «{title}»! Welcome to the team."
                ).format(title=template.title)
            )
        )
        return Reply.of(*blocks)
    for day in finished_days:
        if day < len(template.days):
            blocks.append(Text(_next_steps(template, day)))
    buttons = done_buttons(open_steps(template, newcomer))
    if buttons:
        blocks.append(buttons)
    return Reply.of(*blocks)


def _next_steps(template: Template, day: int) -> str:
    """When the day after ``day`` arrives: tomorrow, or on its due day when the template
    leaves a gap (day 7 after day 3)."""
    due = template.offset(day + 1)
    if due - template.offset(day) <= 1:
        return _("Day {day} is complete. The next steps arrive tomorrow morning.").format(day=day)
    return _("Day {day} is complete. The next steps arrive on day {due} of your journey.").format(
        day=day, due=due
    )


def day_text(at: datetime, zone: ZoneInfo) -> str:
    """A day as people read it in the bot's language: "1 déc. 2026"."""
    return format_date(at.astimezone(zone).date(), format="medium", locale=current_language())


def status_line(
    template: Template | None,
    newcomer: Newcomer,
    *,
    zone: ZoneInfo,
    stuck: bool,
    names: Mapping[str, str] | None = None,
) -> str:
    """One newcomer's line; ``names``: display names known (the buddy's), ids otherwise."""
    total = template.total_steps if template else 0
    days = len(template.days) if template else 0
    parts = [
        f"{name_of(newcomer)} ({newcomer.user_id})",
        f"«{template.title if template else newcomer.template}» v{newcomer.version}",
        _("day {day}/{days}").format(day=newcomer.day, days=days),
        _("{done}/{total} steps").format(done=len(newcomer.done), total=total),
        _("last activity {date}").format(date=day_text(newcomer.last_activity_at, zone)),
    ]
    if newcomer.mentor:
        buddy = (names or {}).get(newcomer.mentor, newcomer.mentor)
        parts.append(_("buddy {user}").format(user=buddy))
    if newcomer.completed_at:
        parts.append(_("completed"))
    elif newcomer.paused:
        parts.append(_("paused"))
    elif stuck:
        parts.append(_("⚠ stuck"))
    return " · ".join(parts)


def stuck_message(template: Template, newcomer: Newcomer, zone: ZoneInfo, days: int) -> str:
    return _(
        "{name} seems stuck on «{title}»: no progress for {days} days, since {date} ({done} of "
        "{total} steps done). A friendly word from you may help."
    ).format(
        name=name_of(newcomer),
        title=template.title,
        days=days,
        date=day_text(newcomer.last_activity_at, zone),
        done=len(newcomer.done),
        total=template.total_steps,
    )
