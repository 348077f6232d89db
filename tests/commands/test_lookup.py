"""A volunteer looks things up; what they see depends on where they ask."""

from chatbot.parsing import fold
from tests.harness import COORDINATOR, Chat, fresh_chat


def test_volunteer_finds_the_caf_number(chat: Chat) -> None:
    answer = chat.say("lookup caf")
    assert "== Caisse d'allocations familiales (CAF) ==" in answer
    assert "3230" in answer
    assert "https://www.caf.fr" in answer


def test_typos_missing_accents_and_filler_words_still_find_the_entry(chat: Chat) -> None:
    assert "3646" in chat.say("lookup numero de la cpma")
    assert "3949" in chat.say("/lookup pole emploi")
    assert "== Centre public d'action sociale (CPAS) ==" in chat.say("!annuaire tel c.p.a.s.")
    assert "Allô enfance en danger (119)" in chat.say("lookup 119")


def test_other_results_are_offered_as_choices(chat: Chat) -> None:
    answer = chat.say("lookup caf")
    assert "Other results:" in answer
    assert "[3] Show " in answer
    chosen = chat.say("3")
    assert chosen.startswith("== ")
    assert chosen.splitlines()[0] != answer.splitlines()[0]


def test_nonsense_finds_nothing_and_is_remembered_for_the_digest(chat: Chat) -> None:
    answer = chat.say("lookup pizza margherita")
    assert answer == "No entry found for «pizza margherita». Try other words, or type themes."
    missed = chat.app.storage.missed_searches.top(
        since=chat.clock.now().replace(year=2020), limit=5
    )
    assert [m.query for m in missed] == ["pizza margherita"]


def test_internal_entry_stays_out_of_public_channels(chat: Chat) -> None:
    public = chat.say("lookup ligne partenaires caf", private=False)
    assert "internal contact: ask me in a direct message" in public
    assert "01 00 00 00 01" not in public
    private = chat.say("lookup ligne partenaires caf")
    assert "01 00 00 00 01" in private


def test_internal_line_of_a_public_entry_is_hidden_in_public(chat: Chat) -> None:
    public = chat.say("lookup caf", private=False)
    assert "3230" in public
    assert "01 00 00 00 05" not in public
    assert "Some internal details are hidden here" in public
    assert "Phone (internal): 01 00 00 00 05" in chat.say("lookup caf")


def test_coordinators_see_internal_details_only_where_nobody_else_reads(chat: Chat) -> None:
    in_the_room = chat.say("lookup ligne partenaires caf", user=COORDINATOR, private=False)
    assert "01 00 00 00 01" not in in_the_room
    only_for_them = chat.reply_to(
        "lookup ligne partenaires caf", user=COORDINATOR, answered_privately=True
    )
    assert "01 00 00 00 01" in only_for_them
    volunteer = chat.reply_to("lookup ligne partenaires caf", answered_privately=True)
    assert "01 00 00 00 01" not in volunteer


def test_themes_are_counted_and_listed_alphabetically(chat: Chat) -> None:
    assert "Famille (3)" in chat.say("themes", private=False)
    assert "Famille (4)" in chat.say("themes")  # with the internal partner line
    listing = chat.say("lookup theme belgique – social")
    names = [line.removeprefix("  - ").split(" · ")[0] for line in listing.splitlines()[1:]]
    assert names == sorted(names, key=fold)  # é sorts with e, as in a French index
    assert "CPAS de Liège" in names


def test_a_lookup_without_words_shows_usage(chat: Chat) -> None:
    assert chat.say("lookup").startswith("Usage: lookup <words> | theme <theme>")


def test_cards_mark_entries_to_check(chat: Chat) -> None:
    assert "⚠ To check: last verified on" in chat.say("lookup vdab")
    assert "Verified on" in chat.say("lookup solidarite numerique")


def test_two_bots_in_one_process_each_search_their_own_directory() -> None:
    """Each bot builds its own index: two databases at the same revision still answer from
    their own entries."""
    with fresh_chat() as first, fresh_chat() as second:
        first.say('add "Atelier Zorglub" Emploi', user=COORDINATOR)
        assert "== Atelier Zorglub ==" in first.say("lookup zorglub")
        second.say('add "Atelier Quixote" Emploi', user=COORDINATOR)
        assert "== Atelier Quixote ==" in second.say("lookup quixote")
        assert "Atelier Zorglub" not in second.say("lookup atelier zorglub")
        assert "Atelier Quixote" not in first.say("lookup atelier quixote")
