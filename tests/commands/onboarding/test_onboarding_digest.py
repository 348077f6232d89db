"""Newcomers who seem stuck show up in the coordinators' digest."""

from __future__ import annotations

from chatbot.ids import ConversationId
from chatbot.settings import Settings
from tests.harness import COORDINATOR, Chat


def test_a_stuck_newcomer_appears_in_the_digest_preview(chat: Chat) -> None:
    chat.settings = Settings(
        **{**chat.settings.model_dump(), "digest_targets": [ConversationId("slack:C0COORD")]}
    )
    chat.restart()
    chat.say("onboarding start console:nina", user=COORDINATOR)
    chat.clock.advance(days=3)
    preview = chat.say("digest preview", user=COORDINATOR)
    assert "Newcomers who seem stuck: 1" in preview
    assert "nina" in preview
