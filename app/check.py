"""`chatbot check`: the configuration, the database and every configured platform, one line per
check ("✓ ..." or "✗ ... — fix: ..."); exits 1 when any fails."""

from __future__ import annotations

from typing import TextIO

from adapters.spec import Check, CheckHost
from app import platforms
from chatbot.i18n import _
from chatbot.ids import platform_of
from chatbot.settings import Settings


def database_checks(url: str) -> list[Check]:
    from storage.engine import make_engine
    from storage.migrate import current_revision, head_revision

    engine = make_engine(url)
    try:
        current = current_revision(engine)
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [
            Check(
                False,
                _("database unreachable: {reason}").format(reason=reason),
                _("check DATABASE_URL and that the database server runs"),
            )
        ]
    finally:
        engine.dispose()
    head = head_revision()
    if current != head:
        at = ", ".join(sorted(current)) or _("empty")
        return [
            Check(
                False,
                _("database at migration {current}, the code needs {head}").format(
                    current=at, head=", ".join(sorted(head))
                ),
                _("run `chatbot db upgrade`"),
            )
        ]
    return [Check(True, _("database reachable, migrations up to date"))]


async def run_checks(settings: Settings) -> list[Check]:
    checks = [Check(True, _("configuration valid"))]
    checks += database_checks(settings.effective_database_url)
    served = platforms.configured()
    targets = list(settings.digest_targets)
    for spec in served:
        if spec.check is None:
            continue
        host = CheckHost(
            digest_targets=[
                target.partition(":")[2] for target in targets if platform_of(target) == spec.prefix
            ],
            data_dir=settings.bot_data_dir,
        )
        checks += await spec.check(host)
    prefixes = {spec.prefix for spec in served}
    for target in targets:
        if platform_of(target) not in prefixes:
            checks.append(
                Check(
                    False,
                    _("digest target {target}: its platform is not configured").format(
                        target=target
                    ),
                    _("configure that platform or remove the target from DIGEST_TARGETS"),
                )
            )
    if not served:
        checks.append(Check(True, _("no platform configured: `chatbot run` opens the console")))
    return checks


def print_checks(checks: list[Check], out: TextIO) -> int:
    for check in checks:
        if check.ok:
            print(f"✓ {check.what}", file=out)
        else:
            print(_("✗ {what} — fix: {fix}").format(what=check.what, fix=check.fix), file=out)
    return 0 if all(check.ok for check in checks) else 1
