"""What ``chatbot onboarding load FILE.yaml`` does, as a plain function the CLI calls."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TextIO

from chatbot.files import cannot_read
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.ports import OnboardingRepository
from commands.onboarding.template_file import TemplateError, read_template


def load_template(
    repo: OnboardingRepository,
    path: Path | str,
    *,
    actor: UserId,
    now: datetime,
    out: TextIO,
    err: TextIO,
) -> int:
    """Check the template at ``path`` and store it as a new version (0), or report every
    problem as ``FILE: line N: where: what`` on ``err`` and store nothing (1).

    Loading an unchanged file stores nothing new; newcomers already enrolled keep the version
    they started with.
    """
    path = Path(path)
    try:
        template = read_template(path)
    except OSError as exc:
        err.write(cannot_read(path, exc) + "\n")
        return 1
    except UnicodeDecodeError:
        err.write(_("{file}: not UTF-8 text").format(file=path) + "\n")
        return 1
    except TemplateError as exc:
        err.write(
            _("{file}: {count} problem(s), nothing was loaded:").format(
                file=path, count=len(exc.errors)
            )
            + "\n"
        )
        for error in exc.errors:
            err.write(f"{path}: {error}\n")
        return 1
    stored, created = repo.save_template(template, actor=actor, at=now)
    if created:
        message = _(
            "{file}: checklist «{name}» ({language}) stored as version {version}: "
            "{days} days, {steps} steps."
        )
    else:
        message = _("{file}: checklist «{name}» ({language}) unchanged, still version {version}.")
    out.write(
        message.format(
            file=path,
            name=stored.name,
            language=stored.language,
            version=stored.version,
            days=len(stored.days),
            steps=stored.total_steps,
        )
        + "\n"
    )
    return 0
