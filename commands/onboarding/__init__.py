"""Onboarding: day-by-day checklists that walk new volunteers through their first days.

``ONBOARDING_COMMANDS`` joins the bot's command sets; :func:`stuck_newcomers_section` is the
coordinators' digest section.
"""

from commands.onboarding import listeners, newcomers, plainly, retention
from commands.onboarding.coordinators import stuck_newcomers_section
from commands.onboarding.journey import onboarding_commands

ONBOARDING_COMMANDS = (onboarding_commands,)

__all__ = [
    "ONBOARDING_COMMANDS",
    "listeners",
    "newcomers",
    "plainly",
    "retention",
    "stuck_newcomers_section",
]
