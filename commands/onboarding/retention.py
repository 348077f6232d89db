"""The daily retention job: journeys finished ``ONBOARDING_RETENTION_DAYS`` ago are anonymised."""

from __future__ import annotations

import logging
from datetime import timedelta

from chatbot.services import Services
from commands.onboarding.journey import onboarding_commands

log = logging.getLogger(__name__)

RETENTION_CRON = "40 3 * * *"
"""Every night; the job also runs at start-up, and twice changes nothing."""


@onboarding_commands.job("onboarding-retention", cron=lambda _settings: RETENTION_CRON)
async def anonymise_old_journeys(services: Services) -> None:
    """Names and ids of journeys completed or left more than the retention period ago are
    replaced (the repository makes each one change once, across processes)."""
    days = services.settings.onboarding_retention_days
    count = services.onboarding.anonymise(
        finished_before=services.clock.now() - timedelta(days=days)
    )
    if count:
        log.info("anonymised %d onboarding journeys finished over %d days ago", count, days)
