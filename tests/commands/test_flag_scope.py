"""A "possibly outdated" flag stays until what it is about is changed or checked."""

from tests.harness import COORDINATOR, Chat

FLAGGED = "Reported as possibly outdated"


def test_an_unrelated_edit_leaves_the_flag_and_the_flagged_field_clears_it(chat: Chat) -> None:
    chat.say("flag caf le 3230 sonne occupé")
    assert FLAGGED in chat.say("show caf")
    chat.say("edit caf aliases CAF | Caisse d'allocations familiales | alloc", user=COORDINATOR)
    assert "alloc" in chat.say("show caf", user=COORDINATOR)
    assert FLAGGED in chat.say("show caf")  # an alias says nothing of the phone
    chat.say("edit caf hours Lun–ven 9h–16h", user=COORDINATOR)
    assert FLAGGED in chat.say("show caf")
    chat.say("verify caf phone", user=COORDINATOR)  # the flagged field checked
    assert FLAGGED not in chat.say("show caf")


def test_a_flag_naming_no_field_stays_through_an_alias_and_goes_with_a_fix(chat: Chat) -> None:
    chat.say("flag actiris tout est faux")
    chat.say("edit actiris aliases Actiris | emploi bruxelles", user=COORDINATOR)
    assert FLAGGED in chat.say("show actiris")
    chat.say("edit actiris phone 02 800 42 42", user=COORDINATOR)
    assert FLAGGED not in chat.say("show actiris")
