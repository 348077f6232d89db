"""Suggestions, history lines and the digest show values as the entry's card would there:
internal entries, internal phone lines and notes only where internal details may be seen."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.harness import COORDINATOR, Chat

CAF_INTERNAL = "01 00 00 00 05"  # CAF's internal line (the demo directory)
FT_BACKOFFICE = "backoffice.ft@example.org"  # an internal entry's e-mail
NEW_INTERNAL = "01 99 99 99 99"


def _suggest_internal_values(chat: Chat) -> None:
    chat.say(f"suggest caf téléphone 3230 | interne: {NEW_INTERNAL}")
    chat.say('suggest "Back-office France Travail" email new.ft@example.org')
    chat.say("suggest cpam notes code porte 1234")


def test_suggestions_in_a_channel_hide_internal_values_old_and_new(chat: Chat) -> None:
    _suggest_internal_values(chat)
    shared = chat.say("suggestions", user=COORDINATOR, private=False)
    for secret in (CAF_INTERNAL, NEW_INTERNAL, FT_BACKOFFICE, "new.ft@example.org", "1234"):
        assert secret not in shared
    assert "Phone: 3230 | … → 3230 | … (by victor)" in shared
    assert "E-mail: … → … (by victor)" in shared

    private = chat.say("suggestions", user=COORDINATOR)
    for secret in (CAF_INTERNAL, NEW_INTERNAL, FT_BACKOFFICE, "new.ft@example.org", "1234"):
        assert secret in private


def test_a_slack_like_channel_hides_them_unless_only_the_coordinator_reads(chat: Chat) -> None:
    _suggest_internal_values(chat)
    posted = chat.reply_to("suggestions", user=COORDINATOR, answered_privately=False)
    assert NEW_INTERNAL not in posted and FT_BACKOFFICE not in posted
    ephemeral = chat.reply_to("suggestions", user=COORDINATOR, answered_privately=True)
    assert NEW_INTERNAL in ephemeral and FT_BACKOFFICE in ephemeral


def test_history_in_a_channel_shows_the_public_lines_only(chat: Chat) -> None:
    chat.say(f"edit caf téléphone 3230 | interne: {NEW_INTERNAL}", user=COORDINATOR)
    shared = chat.say("history caf", user=COORDINATOR, private=False)
    assert "Phone changed by console:coline: 3230 | … → 3230 | …" in shared
    assert CAF_INTERNAL not in shared and NEW_INTERNAL not in shared
    assert NEW_INTERNAL in chat.say("history caf", user=COORDINATOR)


def test_a_searched_internal_number_is_not_offered_as_an_alias_in_public(chat: Chat) -> None:
    """A volunteer searched CAF's internal line in a DM, then opened CAF: the proposal names
    that line, so the digest (posted to a channel) and a channel listing hide it."""
    chat.say(f"lookup {CAF_INTERNAL} bis")
    chat.say("lookup caf")
    assert f"«{CAF_INTERNAL} bis» found nothing" in chat.say("suggestions", user=COORDINATOR)
    assert CAF_INTERNAL not in chat.say("suggestions", user=COORDINATOR, private=False)
    chat.clock.current = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    preview = chat.say("digest preview", user=COORDINATOR)
    assert "== Searches to learn from ==" in preview
    assert "«…» found nothing" in preview and CAF_INTERNAL not in preview
    assert "«…» ×1" in preview


def test_an_alias_learnt_for_an_internal_entry_stays_out_of_the_digest(chat: Chat) -> None:
    chat.say("lookup les guichets secrets")
    chat.say('lookup "Back-office France Travail"')
    assert "«les guichets secrets» found nothing" in chat.say("suggestions", user=COORDINATOR)
    chat.clock.current = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    preview = chat.say("digest preview", user=COORDINATOR)
    assert "guichets secrets" not in preview and "«…» found nothing" in preview
    assert "«…» ×1" in preview  # the same search among those that found nothing
