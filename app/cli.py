"""The ``chatbot`` command: run the bot, chat in the console, manage the database and directory."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from app.logs import configure_logging, secret_values
from chatbot.i18n import DEFAULT_LANGUAGE, _, ngettext, set_language
from chatbot.ids import UserId
from chatbot.settings import Settings
from chatbot.unreadable import safe_output, tolerant_input

SYSTEM_ACTOR = UserId("system:cli")
T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatbot", description="Team-chat bot for volunteers.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="start every configured adapter (the console when none is)")
    sub.add_parser("check", help="check the settings, the database and every configured platform")

    console = sub.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--user", help="who you are (default: the local user, an admin)")
    console.add_argument("--json", action="store_true", help="print each reply as JSON")
    console.add_argument("--public", action="store_true", help="act as in a public channel")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply pending migrations")
    db_backup = db_sub.add_parser(
        "backup", help="copy the SQLite database to FILE (PostgreSQL: the pg_dump line)"
    )
    db_backup.add_argument("file")
    db_restore = db_sub.add_parser(
        "restore", help="restore a backup FILE into an empty database (PostgreSQL: pg_restore)"
    )
    db_restore.add_argument("file")

    directory = sub.add_parser("directory", help="import, export and search the directory")
    dir_sub = directory.add_subparsers(dest="directory_command", required=True)
    imp = dir_sub.add_parser(
        "import", help="import or update entries from a .csv, .xlsx or .ods file"
    )
    imp.add_argument("file")
    exp = dir_sub.add_parser(
        "export", help="write the directory to a .csv, .xlsx or .ods file, or a printable .html"
    )
    exp.add_argument("file")
    exp.add_argument("--excel", action="store_true", help="CSV: semicolons and a BOM, for Excel")
    audience = exp.add_mutually_exclusive_group()
    audience.add_argument(
        "--public", action="store_true", help="public entries and fields only (.html: default)"
    )
    audience.add_argument(
        "--internal", action="store_true", help="everything (.html: marked internal)"
    )
    search = dir_sub.add_parser("search", help="search the directory (queries on stdin if none)")
    search.add_argument("--json", action="store_true", help="one JSON array per query")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("query", nargs="*")
    synonyms = dir_sub.add_parser("synonyms", help="the programme's own search synonyms")
    synonyms_sub = synonyms.add_subparsers(dest="synonyms_command", required=True)
    syn_imp = synonyms_sub.add_parser("import", help="check a YAML file and make it current")
    syn_imp.add_argument("file")
    syn_exp = synonyms_sub.add_parser("export", help="write the current synonyms as YAML")
    syn_exp.add_argument("file")
    anomalies = sub.add_parser("anomalies", help="anomaly reports")
    anomalies_sub = anomalies.add_subparsers(dest="anomalies_command", required=True)
    export = anomalies_sub.add_parser(
        "export", help="write the reports to a CSV or .xlsx file (by its extension)"
    )
    export.add_argument("file")
    export.add_argument("--since", help="reports created on or after this day (YYYY-MM-DD)")
    export.add_argument("--until", help="reports created on or before this day (YYYY-MM-DD)")
    export.add_argument(
        "--status",
        action="append",
        help="only these statuses, comma-separated or repeated: new, acknowledged, resolved, "
        "rejected, merged, open, closed",
    )

    onboarding = sub.add_parser("onboarding", help="onboarding checklists")
    onboarding_sub = onboarding.add_subparsers(dest="onboarding_command", required=True)
    load = onboarding_sub.add_parser("load", help="check a YAML checklist and store it")
    load.add_argument("file")
    enrol = onboarding_sub.add_parser(
        "enrol", help="enrol the newcomers of a CSV or .xlsx file (user, name, template)"
    )
    enrol.add_argument("file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 2 on a bad setting, 0 when a signal stops the bot (130 another command), and no
    traceback then: SIGTERM, like Ctrl-C, interrupts until the runner's own handler takes over
    (see :class:`app.runner.StopOnSignal`)."""
    words = list(sys.argv[1:] if argv is None else argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _main(words)
    except KeyboardInterrupt as stop:
        name = stop.args[0] if stop.args else "SIGINT"
        logging.getLogger(__name__).warning("%s received: stopping", name)
        return 0 if words[:1] in (["run"], ["console"]) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    tolerant_input(sys.stdin)  # queries and chat lines that are not UTF-8 get an answer
    safe_output(sys.stdout, utf8=getattr(args, "json", False))  # --json: UTF-8, always
    _early_language()
    from app.platforms import PLATFORMS, PlatformSettings  # ids have their platform's syntax

    errors: list[ValidationError] = []
    settings: Settings | None = _checked(PlatformSettings, errors)
    platforms: list[BaseSettings | None] = []
    if args.command in ("run", "check"):  # both read the platforms' settings: checked too
        platforms = [_checked(kind, errors) for spec in PLATFORMS for kind in spec.settings]
    if errors or settings is None:
        print(invalid_settings(errors), file=sys.stderr)
        return 2
    # Only a bot serving a platform logs its INFO lines: the console and the file commands
    # (import, export...) print what they did, in the user's language.
    quiet = "LOG_LEVEL" not in os.environ and not (args.command == "run" and _serves_a_platform())
    secrets = secret_values(*(model for model in platforms if model is not None))
    level = "WARNING" if quiet else settings.log_level
    configure_logging(level, secrets=secrets, fmt=settings.log_format)
    set_language(settings.bot_language)
    return _command(settings, args)


def _checked(kind: Callable[[], T], errors: list[ValidationError]) -> T | None:
    try:
        return kind()
    except ValidationError as error:
        errors.append(error)
        return None


def invalid_settings(errors: Sequence[ValidationError]) -> str:
    """One line naming each wrong setting as it is written in the environment."""
    problems = []
    for problem in (found for error in errors for found in error.errors()):
        name = "_".join(str(part) for part in problem["loc"][:1]).upper()
        context = problem.get("ctx") or {}
        reason = str(context["error"]) if "error" in context else problem["msg"]
        problems.append(f"{name}: {reason}")
    return ngettext(
        "chatbot: invalid setting {problems}", "chatbot: invalid settings {problems}", len(problems)
    ).format(problems="; ".join(problems))


def _early_language() -> None:
    """Speak ``BOT_LANGUAGE`` already while checking the settings, when it is a known one."""
    from dotenv import dotenv_values

    language = os.environ.get("BOT_LANGUAGE") or dotenv_values(".env").get("BOT_LANGUAGE")
    with contextlib.suppress(ValueError):
        set_language(language or DEFAULT_LANGUAGE)


def _command(settings: Settings, args: argparse.Namespace) -> int:
    match args.command:
        case "check":
            from app.check import print_checks, run_checks

            return print_checks(asyncio.run(run_checks(settings)), sys.stdout)
        case "run":
            from app.runner import run

            return asyncio.run(run(settings))
        case "console":
            from app.runner import run_console

            return asyncio.run(
                run_console(
                    settings,
                    user=args.user or getpass.getuser(),
                    as_json=args.json,
                    private=not args.public,
                )
            )
        case "db" if args.db_command in ("backup", "restore"):
            from pathlib import Path

            from app import db_cli

            act = db_cli.backup if args.db_command == "backup" else db_cli.restore
            return act(
                settings.effective_database_url,
                Path(args.file),
                data_dir=settings.bot_data_dir,
                out=sys.stdout,
                err=sys.stderr,
            )
        case "db":
            from storage import upgrade

            upgrade(settings.effective_database_url)
            print("Database up to date.")
            return 0
        case "directory":
            return _directory(settings, args)
        case "onboarding":
            return _onboarding(settings, args)
        case "anomalies":
            return _anomalies(settings, args)
    return 2


def _serves_a_platform() -> bool:
    from app.runner import any_platform_configured

    return any_platform_configured()


def _directory(settings: Settings, args: argparse.Namespace) -> int:
    from app import directory_cli
    from app.wiring import build_app
    from commands.directory.index import programme_thesaurus
    from commands.directory.search import SearchIndex

    app = build_app(settings, seed_demo=False)
    repo = app.storage.directory
    now = app.services.clock.now()
    match args.directory_command:
        case "import":
            return directory_cli.import_directory(
                repo, args.file, actor=SYSTEM_ACTOR, now=now, out=sys.stdout, err=sys.stderr
            )
        case "export":
            return directory_cli.export_directory(
                repo,
                args.file,
                excel=args.excel,
                out=sys.stdout,
                public=args.public,
                internal=args.internal,
                now=now,
            )
        case "search":
            queries = (
                [" ".join(args.query)] if args.query else (line.rstrip("\n") for line in sys.stdin)
            )
            index = SearchIndex(repo.all(), thesaurus=programme_thesaurus(app.services))
            return directory_cli.search_directory(
                index, queries, as_json=args.json, limit=args.limit, out=sys.stdout
            )
        case "synonyms" if args.synonyms_command == "import":
            return directory_cli.import_synonyms(
                app.storage.thesaurus, args.file, actor=SYSTEM_ACTOR, now=now, out=sys.stdout
            )
        case "synonyms":
            return directory_cli.export_synonyms(app.storage.thesaurus, args.file, out=sys.stdout)
    return 2


def _onboarding(settings: Settings, args: argparse.Namespace) -> int:
    from app.onboarding_cli import load_template
    from app.wiring import build_app

    app = build_app(settings, seed_demo=False)
    try:
        if args.onboarding_command == "enrol":
            from app.onboarding_enrol_cli import enrol_file

            return enrol_file(
                app.services, args.file, actor=SYSTEM_ACTOR, out=sys.stdout, err=sys.stderr
            )
        return load_template(
            app.storage.onboarding,
            args.file,
            actor=SYSTEM_ACTOR,
            now=app.services.clock.now(),
            out=sys.stdout,
            err=sys.stderr,
        )
    finally:
        app.storage.close()


def _anomalies(settings: Settings, args: argparse.Namespace) -> int:
    from app.anomalies_cli import export_anomalies, export_date, export_filter, export_statuses
    from app.wiring import build_app

    try:  # checked here, in the bot's language (set after parsing)
        since = export_date(args.since) if args.since else None
        until = export_date(args.until) if args.until else None
        statuses = [export_statuses(value) for value in args.status or ()]
    except argparse.ArgumentTypeError as error:
        print(f"chatbot anomalies export: {error}", file=sys.stderr)
        return 2
    if since and until and until < since:
        print(_("--until comes before --since."), file=sys.stderr)
        return 2
    only = export_filter(since, until, statuses or None, timezone=settings.bot_timezone)
    app = build_app(settings, seed_demo=False)
    try:
        return export_anomalies(app.storage.anomalies, args.file, out=sys.stdout, only=only)
    finally:
        app.storage.close()
