"""Coordinators keep the directory right; every change leaves a trace."""

from tests.harness import COORDINATOR, Chat


def test_volunteers_cannot_change_the_directory(chat: Chat) -> None:
    for command in ('add "CAF de Lyon"', "edit caf phone 0000", "remove caf", "verify caf"):
        assert "is for coordinators only" in chat.say(command)
    assert "3230" in chat.say("lookup caf")


def test_add_edit_and_history(chat: Chat) -> None:
    assert "«CAF du Rhône» added" in chat.say('add "CAF du Rhône" Famille', user=COORDINATOR)
    chat.clock.advance(days=1)
    edited = chat.say("edit «CAF du Rhône» téléphone 04 00 00 00 00", user=COORDINATOR)
    assert "updated: Phone" in edited
    assert "04 00 00 00 00" in chat.say("lookup caf du rhone")
    history = chat.say('history "CAF du Rhône"')
    assert "created by console:coline" in history
    assert "Phone changed by console:coline: ∅ → 04 00 00 00 00" in history


def test_remove_asks_first_keeps_history_and_lookup_moves_on(chat: Chat) -> None:
    asked = chat.say("remove vdab", user=COORDINATOR)
    assert asked.startswith("Remove «VDAB» from the directory?")
    assert "VDAB" in chat.say("lookup vdab").splitlines()[0]  # nothing removed yet
    chat.say("remove vdab", user=COORDINATOR)
    assert chat.say("1", user=COORDINATOR) == "«VDAB» removed from the directory."
    assert chat.say("1", user=COORDINATOR).startswith("No choice is waiting")
    assert "VDAB" not in chat.say("lookup vdab").splitlines()[0]


def test_verify_stamps_the_entry_and_clears_the_stale_list(chat: Chat) -> None:
    assert "VDAB" in chat.say("stale", user=COORDINATOR)
    assert "marked as verified today" in chat.say("verify VDAB", user=COORDINATOR)
    assert "Verified on" in chat.say("lookup vdab")
    assert "VDAB" not in chat.say("stale", user=COORDINATOR)


def test_changes_refuse_to_guess_the_entry(chat: Chat) -> None:
    answer = chat.say("remove caff", user=COORDINATOR)
    assert answer.startswith("No entry is named «caff». Did you mean:")


def test_an_unknown_field_lists_the_known_ones(chat: Chat) -> None:
    answer = chat.say("edit caf couleur bleu", user=COORDINATOR)
    assert "I don't know the field «couleur»" in answer
    assert "phone" in answer


def test_a_field_the_entry_lacks_cannot_be_checked(chat: Chat) -> None:
    """Nothing to check at the source: say how to add it instead of thanking for nothing."""
    answer = chat.say('verify "mission locale" phone', user=COORDINATOR)
    assert answer == (
        '«Mission locale» has no phone to check; add it with edit "mission locale" phone <value>.'
    )
    assert "marked as checked" in chat.say("verify caf phone", user=COORDINATOR)
    # Several words name the entry, quoted or not: the field checked alone comes last.
    assert chat.say("verify mission locale phone", user=COORDINATOR).startswith(
        "«Mission locale» has no phone to check"
    )
    assert chat.say("verify mission locale", user=COORDINATOR) == (
        "«Mission locale» marked as verified today. Thank you!"
    )


def test_a_name_no_entry_has_points_to_the_search(chat: Chat) -> None:
    assert chat.say("show zzzz") == (
        "No entry is named «zzzz». To search the directory: lookup zzzz"
    )


def test_an_edited_phone_keeps_the_internal_line_and_says_so(chat: Chat) -> None:
    chat.say('add "CAF du Rhône" Famille', user=COORDINATOR)
    chat.say('edit "CAF du Rhône" phone 3230 | interne: 04 00 00 00 01', user=COORDINATOR)

    edited = chat.say('edit "CAF du Rhône" phone 3231', user=COORDINATOR)

    assert "Internal line kept: 04 00 00 00 01" in edited
    assert "3231" in edited and "04 00 00 00 01" in edited
    rewritten = chat.say(
        'edit "CAF du Rhône" phone 3231 | interne: 04 00 00 00 02', user=COORDINATOR
    )
    assert "04 00 00 00 02" in rewritten and "04 00 00 00 01" not in rewritten


def test_a_phone_without_digits_is_refused_and_the_hint_after_add_works(chat: Chat) -> None:
    added = chat.say("add «Croix-Rouge Ixelles» Santé", user=COORDINATOR)
    assert 'edit "Croix-Rouge Ixelles" <field> <value>' in added

    answer = chat.say('edit "Croix-Rouge Ixelles" phone 02 abc | abc', user=COORDINATOR)

    assert answer == "«abc» is no phone number: it has no digits."
    assert "updated" in chat.say('edit "Croix-Rouge Ixelles" phone 02 123 45 67', user=COORDINATOR)


def test_the_history_of_a_removed_entry_stays_readable_by_coordinators(chat: Chat) -> None:
    chat.say("edit vdab hours 9-17", user=COORDINATOR)
    chat.say("remove vdab yes", user=COORDINATOR)
    history = chat.say("history vdab", user=COORDINATOR)
    assert "removed by console:coline" in history
    assert "Opening hours changed by console:coline" in history
    in_a_room = chat.say("history vdab", user=COORDINATOR, private=False)
    assert in_a_room == "This is an internal contact: ask me in a direct message."
