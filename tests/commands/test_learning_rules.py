"""What the directory learns from misses: only plausible searches, and a settled one is no
longer a search that "found nothing"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.harness import COORDINATOR, Chat

NO_SUGGESTION = "No suggestion is waiting. All caught up!"


def misses(chat: Chat) -> list[str]:
    """The searches that found nothing, as the charts page and the digest read them."""
    since = chat.clock.now() - timedelta(days=30)
    return [m.query for m in chat.app.storage.missed_searches.top(since=since, limit=10)]


def test_commands_and_small_talk_are_no_searches_to_learn_from(chat: Chat) -> None:
    said_plainly = ("c'est fait", "quatre", "le deuxième", "j'ai pas", "il est")
    for said in ("cancel", "annuler", "ok", "merci", "help me", "xyzzy truc machin", *said_plainly):
        chat.say(said)
        assert "France Travail" in chat.say("lookup pole emploi"), said
    assert chat.say("suggestions", user=COORDINATOR) == NO_SUGGESTION
    assert misses(chat) == []


def test_a_question_or_a_sentence_is_listed_but_never_proposed_as_a_name(chat: Chat) -> None:
    sentence = "il faut appeler le bidule du xyzzy pour le machin du mois"
    for missed in ("qui est mon binome ?", "comment faire le bidule", sentence):
        assert chat.say(f"lookup {missed}").startswith("No entry found"), missed
        chat.say("lookup caf")
    assert chat.say("suggestions", user=COORDINATOR) == NO_SUGGESTION
    assert "comment faire le bidule" in misses(chat)


def test_a_plausible_miss_still_teaches_and_once_settled_is_no_longer_a_miss(chat: Chat) -> None:
    assert chat.say("lookup les bidules du mois").startswith("No entry found")
    assert misses(chat) == ["les bidules du mois"]
    chat.say("lookup caf")
    assert "«les bidules du mois» found nothing" in chat.say("suggestions", user=COORDINATOR)
    chat.say("approve 1", user=COORDINATOR)
    assert misses(chat) == []
    assert "found nothing" not in chat.say("suggestions", user=COORDINATOR)
    chat.clock.current = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert "les bidules" not in chat.say("digest preview", user=COORDINATOR)


def test_an_ignored_proposal_leaves_the_misses_too(chat: Chat) -> None:
    chat.say("lookup les machins de la semaine")
    chat.say("lookup caf")
    assert misses(chat) == ["les machins de la semaine"]
    chat.say("reject 1 pas un autre nom", user=COORDINATOR)
    assert misses(chat) == []


def test_a_number_is_never_proposed_as_a_name(chat: Chat) -> None:
    """A phone searched in vain is a miss for the digest, no alias; a lone digit (a choice's
    number typed when none is offered) is not even a miss."""
    assert chat.say("lookup 01 40 00 00 99").startswith("No entry found")
    chat.say("lookup caf")
    chat.say("lookup 7")
    chat.say("lookup pole emploi")
    assert chat.say("suggestions", user=COORDINATOR) == NO_SUGGESTION
    assert misses(chat) == ["01 40 00 00 99"]
