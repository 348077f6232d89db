"""The daily retention job: a year after a journey ends, it is anonymised; statistics stay."""

from __future__ import annotations

from chatbot.ids import UserId
from tests.harness import COORDINATOR, Chat, run_job

RETENTION = "onboarding-retention"


def test_journeys_finished_a_year_ago_are_anonymised_once(chat: Chat) -> None:
    store = chat.app.services.onboarding
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("onboarding start ines", user=COORDINATOR)
    chat.say("onboarding start paul", user=COORDINATOR)
    for step in range(1, 10):
        chat.say(f"done {step}")  # Victor completes his journey...
    chat.say("onboarding stop ines", user=COORDINATOR)  # ...Inès leaves; Paul carries on

    chat.clock.advance(days=364)
    run_job(chat, RETENTION)
    assert store.get(UserId("console:victor")) is not None

    chat.clock.advance(days=2)
    run_job(chat, RETENTION)
    run_job(chat, RETENTION)  # twice, or in two processes: the same
    assert store.get(UserId("console:victor")) is None
    assert store.get(UserId("console:ines")) is None
    assert store.get(UserId("console:paul")) is not None
    [completed] = [n for n in store.newcomers() if n.completed_at is not None]
    assert completed.user_id.startswith("anonymous:") and completed.user_name == ""
    assert len(completed.done) == 9
    status = chat.say("onboarding status", user=COORDINATOR)
    assert "paul (console:paul)" in status
    assert "victor" not in status
    assert "1 newcomers completed their checklist." in status


def test_the_retention_period_is_a_setting(chat: Chat) -> None:
    chat.settings.onboarding_retention_days = 30
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("onboarding stop victor", user=COORDINATOR)
    chat.clock.advance(days=31)
    run_job(chat, RETENTION)
    assert chat.app.services.onboarding.get(UserId("console:victor")) is None
