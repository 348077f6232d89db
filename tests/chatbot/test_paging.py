"""Long answers come a page at a time with a "more" choice, never cut short."""

from __future__ import annotations

from chatbot.paging import split_page
from tests.harness import COORDINATOR, Chat


def _items(answer: str) -> list[str]:
    return [line.removeprefix("  - ") for line in answer.splitlines() if line.startswith("  - ")]


def test_a_trailing_page_word_is_read_and_the_rest_kept() -> None:
    assert split_page("caf page 2") == ("caf", 2)
    assert split_page("France Travail PAGE #3") == ("France Travail", 3)
    assert split_page("page 4") == ("", 4)
    assert split_page("caf") == ("caf", 1)
    assert split_page("pages jaunes") == ("pages jaunes", 1)
    assert split_page("page 0") == ("", 1)


def test_history_is_newest_first_and_pages(chat: Chat) -> None:
    for hour in range(1, 25):  # with its "created" line: 25 lines
        chat.say(f"edit actiris hours {hour}h", user=COORDINATOR)
    first = chat.say("history actiris")
    lines = first.splitlines()
    assert lines[0] == "== History of Actiris =="
    assert lines[1].endswith("Opening hours changed by console:coline: 23h → 24h")
    assert len([line for line in lines if "changed by" in line]) == 10
    assert lines[-2:] == [
        "  (Page 1 of 3: type history Actiris page 2 for more.)",
        "  [1] Show more",
    ]
    second = chat.say("1")  # the "more" choice
    assert "13h → 14h" in second.splitlines()[1]
    assert "Page 2 of 3: type history Actiris page 3 for more." in second
    last = chat.say("historique actiris page 3").splitlines()
    assert last[1:] == [
        "Nov 23, 2026: Opening hours changed by console:coline: 3h → 4h",
        "Nov 23, 2026: Opening hours changed by console:coline: 2h → 3h",
        "Nov 23, 2026: Opening hours changed by console:coline: 1h → 2h",
        "Nov 23, 2026: Opening hours changed by console:coline: Lun–ven 8h30–16h → 1h",
        "Nov 23, 2026: created by the demo directory",
        "  (Page 3 of 3.)",
    ]
    assert chat.say("history actiris page 9") == chat.say("history actiris page 3")


def test_a_short_history_says_nothing_of_pages(chat: Chat) -> None:
    answer = chat.say("history actiris")
    assert "Page" not in answer and "Show more" not in answer


def test_a_theme_listing_pages(chat: Chat) -> None:
    for n in range(1, 26):
        chat.say(f'add "Lieu{n:02}" Jardins partagés', user=COORDINATOR)  # a new theme
    first = chat.say("lookup theme jardins")
    assert first.startswith("== Jardins partagés (25) ==")
    assert _items(first) == [f"Lieu{n:02} · Jardins partagés" for n in range(1, 11)]
    assert "(Page 1 of 3: type lookup theme Jardins partagés page 2 for more.)" in first
    assert _items(chat.say("1")) == [f"Lieu{n:02} · Jardins partagés" for n in range(11, 21)]
    last = chat.say("lookup theme Jardins partagés page 3")
    assert _items(last) == [f"Lieu{n:02} · Jardins partagés" for n in range(21, 26)]
    assert "Show more" not in last


def test_suggestions_page_and_keep_their_buttons(chat: Chat) -> None:
    for n in range(1, 26):
        chat.say(f"suggest actiris notes note {n}")
    first = chat.say("suggestions", user=COORDINATOR)
    assert first.startswith("== 25 suggestions to review ==")
    assert [f"#{n} Actiris" in first for n in (1, 10, 11)] == [True, True, False]
    assert "  [19] Approve #10   [20] Reject #10" in first
    assert first.endswith("type suggestions page 2 for more.)\n  [21] Show more")
    last = chat.say("propositions page 3", user=COORDINATOR)
    assert [n for n in range(1, 26) if f"#{n} Actiris" in last] == [21, 22, 23, 24, 25]
    assert "[1] Approve #21" in last and "Show more" not in last
    assert chat.say("1", user=COORDINATOR) == "Suggestion #21 approved and applied."
    assert "Usage: suggestions [page <n>]" in chat.say("suggestions bogus", user=COORDINATOR)


def test_anomalies_page_newest_first(chat: Chat) -> None:
    for n in range(1, 26):
        chat.say(f"report Panne numéro {n} au local {n * 7}")
    first = chat.say("anomalies", user=COORDINATOR)
    assert first.startswith("== 25 open reports ==")
    assert [item.split(" ")[0] for item in _items(first)] == [f"#{n}" for n in range(25, 15, -1)]
    assert "(Page 1 of 3: type anomalies page 2 for more.)" in first
    assert [i.split(" ")[0] for i in _items(chat.say("1", user=COORDINATOR))] == [
        f"#{n}" for n in range(15, 5, -1)
    ]
    last = chat.say("anomalies all page 3", user=COORDINATOR)
    assert last.startswith("== 25 reports ==")
    assert [item.split(" ")[0] for item in _items(last)] == ["#5", "#4", "#3", "#2", "#1"]
    assert "Only the" not in first + last


def test_onboarding_status_pages(chat: Chat) -> None:
    for n in range(1, 26):
        chat.say(f"onboarding start user{n:02}", user=COORDINATOR)
    first = chat.say("onboarding status", user=COORDINATOR)
    assert first.startswith("== Newcomers: 25 ==")
    assert len(_items(first)) == 10 and _items(first)[0].startswith("user01 ")
    assert "(Page 1 of 3: type onboarding status page 2 for more.)" in first
    assert _items(chat.say("1", user=COORDINATOR))[0].startswith("user11 ")
    last = _items(chat.say("accueil statut page 3", user=COORDINATOR))
    assert [item.split(" ")[0] for item in last] == [f"user{n}" for n in range(21, 26)]


def test_pages_speak_french(chat_fr: Chat) -> None:
    for n in range(1, 12):
        chat_fr.say(f"signaler Panne numéro {n} au local {n * 7}")
    answer = chat_fr.say("signalements", user=COORDINATOR)
    assert "(Page 1 sur 2 : tapez anomalies page 2 pour la suite.)" in answer
    assert "[1] Voir la suite" in answer
    assert "(Page 2 sur 2.)" in chat_fr.say("1", user=COORDINATOR)
