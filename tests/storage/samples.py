"""Sample records shared by the storage contract tests."""

from __future__ import annotations

from datetime import UTC, datetime

from chatbot.directory import Entry, Phone
from chatbot.ids import UserId

AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
ANA = UserId("slack:U0ANA")
BOB = UserId("matrix:@bob:example.org")


def caf(**changes: object) -> Entry:
    entry = Entry(
        name="CAF de Paris",
        aliases=("caf", "allocations familiales"),
        theme="Famille",
        phones=(Phone("3230"), Phone("01 40 00 00 00", internal=True)),
        email="contact@caf.fr",
        url="https://www.caf.fr",
        address="50 rue du Docteur Finlay, 75015 Paris",
        hours="lun-ven 9h-16h",
        notes="Demander le service RSA",
    )
    return entry.with_changes(changes) if changes else entry
