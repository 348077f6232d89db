"""What ``chatbot onboarding enrol FILE.csv`` (or ``.xlsx``) does: every newcomer of the file
enrolled, or nobody, as a plain function the CLI calls."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from chatbot.files import cannot_read
from chatbot.formats.csv_decoding import CsvImportError
from chatbot.formats.newcomers_csv import Checks, read_newcomers
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.services import Services
from commands.onboarding.journey import enrol, find_template


def enrol_file(
    services: Services, path: Path | str, *, actor: UserId, out: TextIO, err: TextIO
) -> int:
    """Check the whole file, then enrol each newcomer and queue their welcome (0); or report
    every problem as ``FILE: line N: ...`` on ``err`` and enrol nobody (1)."""
    path = Path(path)
    store = services.onboarding
    settings = services.settings
    checks = Checks(
        user_id=lambda value: type(settings).checked_id(value, user=True),
        onboarding=lambda user: (found := store.get(user)) is not None and found.in_progress,
        template=lambda name: find_template(services, name) is not None,
    )
    try:
        newcomers = read_newcomers(
            path.read_bytes(), workbook=path.suffix.lower() == ".xlsx", checks=checks
        )
    except OSError as exc:
        err.write(cannot_read(path, exc) + "\n")
        return 1
    except CsvImportError as exc:
        err.write(
            _("{file}: {count} problem(s), nobody was enrolled:").format(
                file=path, count=len(exc.errors)
            )
            + "\n"
        )
        for error in exc.errors:
            err.write(f"{path}: {error}\n")
        return 1
    wanted = {n.template or settings.onboarding_default_template for n in newcomers}
    templates = {name: find_template(services, name) for name in sorted(wanted)}
    for name, template in templates.items():
        if template is None:  # only the default checklist can be missing here
            err.write(
                _(
                    "There is no checklist called «{name}». Type onboarding templates to see them."
                ).format(name=name)
                + "\n"
            )
            return 1
    now = services.clock.now()
    for newcomer in newcomers:
        template = templates[newcomer.template or settings.onboarding_default_template]
        assert template is not None
        enrol(
            services,
            newcomer.user,
            user_name=newcomer.name or newcomer.user.partition(":")[2],
            template=template,
            by=actor,
            at=now,
        )
    out.write(
        _("{file}: {count} newcomers enrolled; their welcome messages are on their way.").format(
            file=path, count=len(newcomers)
        )
        + "\n"
    )
    return 0
