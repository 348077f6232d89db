"""Slack names people as they chose to be called, asks users.info once in a while, and falls
back to the id when Slack cannot say."""

from __future__ import annotations

from adapters.slack.app import web_client
from adapters.slack.people import FAILED_TTL_SECONDS, NAME_TTL_SECONDS, SlackPeople
from chatbot.ids import UserId
from tests.adapters.slack.slack_fake import BOT_TOKEN, FakeSlack


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_name_is_asked_once_then_again_after_a_while(fake: FakeSlack) -> None:
    fake.users["U05NEWBIE"] = "Alice"
    clock = Clock()
    people = SlackPeople(web_client(BOT_TOKEN, fake.api_url), clock=clock)

    assert await people.display_name(UserId("slack:U05NEWBIE")) == "Alice"
    fake.users["U05NEWBIE"] = "Alice B."
    assert await people.display_name(UserId("slack:U05NEWBIE")) == "Alice"  # remembered
    clock.now += NAME_TTL_SECONDS + 1
    assert await people.display_name(UserId("slack:U05NEWBIE")) == "Alice B."
    assert [c.args["user"] for c in fake.called("users.info")] == ["U05NEWBIE"] * 2


async def test_when_slack_cannot_say_the_id_stands_in_for_a_short_while(fake: FakeSlack) -> None:
    clock = Clock()
    people = SlackPeople(web_client(BOT_TOKEN, fake.api_url), clock=clock)

    assert await people.display_name(UserId("slack:U0GONE")) == "U0GONE"  # user_not_found
    fake.users["U0GONE"] = "Gaston"
    assert await people.display_name(UserId("slack:U0GONE")) == "U0GONE"  # not asked again yet
    clock.now += FAILED_TTL_SECONDS + 1
    fake.rate_limit("users.info", retry_after=30)  # Slack saturated: no waiting for a name
    assert await people.display_name(UserId("slack:U0GONE")) == "U0GONE"
    clock.now += FAILED_TTL_SECONDS + 1
    assert await people.display_name(UserId("slack:U0GONE")) == "Gaston"
    assert len(fake.called("users.info")) == 2
