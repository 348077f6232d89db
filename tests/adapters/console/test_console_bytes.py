"""Whatever bytes arrive on stdin, the console answers each line and stays up; its ``--json``
output is valid UTF-8 (issue 11). Lines that are not UTF-8, or hold a NUL, get a clear answer."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console.adapter import ConsoleAdapter
from app.wiring import App, build_app
from chatbot.settings import Settings
from tests.harness import no_env

GENERIC = "Sorry, something went wrong"
NOT_UTF8 = "I could not read that message: part of it is not text (not UTF-8)."
NUL = "That message holds a NUL character"
PREFIXES = [b"", b"lookup ", b"report ", b"suggest caf notes ", b"edit caf hours ", b"1", b"/"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    data = tmp_path_factory.mktemp("console-bytes")
    built = build_app(
        no_env(
            Settings,
            database_url=f"sqlite:///{data / 'bot.sqlite3'}",
            bot_data_dir=data,
            bot_language="en",
            bot_coordinators=["console:coline"],
        )
    )
    yield built
    built.storage.close()


def chat_in_console(app: App, data: bytes, *, as_json: bool) -> bytes:
    """Run the console on ``data`` as stdin (a strict UTF-8 stream, as Python opens it under
    a UTF-8 locale) and return the bytes it wrote."""
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", line_buffering=True)
    console = ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        core=app.core,
        user="coline",
        as_json=as_json,
        stdin=stdin,
        stdout=stdout,
    )
    asyncio.run(console.start())
    stdout.flush()
    return raw.getvalue()


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=24)), min_size=1, max_size=4
    ),
    as_json=st.booleans(),
)
def test_any_bytes_get_an_answer_per_line_and_valid_output(
    app: App, lines: list[tuple[bytes, bytes]], as_json: bool
) -> None:
    sent = [(prefix + body).replace(b"\n", b" ").replace(b"\r", b" ") for prefix, body in lines]
    output = chat_in_console(app, b"\n".join([*sent, b"lookup caf"]) + b"\n", as_json=as_json)

    assert _valid_utf8(output)
    text = output.decode("utf-8")
    assert GENERIC not in text
    assert "3230" in text  # the last line, a plain lookup, was still answered
    if as_json:
        replies = [json.loads(line) for line in text.splitlines()]
        assert all(isinstance(reply, dict) for reply in replies)
    for line in sent:
        if not _valid_utf8(line):
            assert NOT_UTF8 in text
        elif b"\x00" in line:
            assert NUL in text


def test_latin_1_bytes_are_answered_and_the_next_line_still_works(app: App) -> None:
    output = chat_in_console(app, b"report un probl\xe8me #site\nlookup caf\n", as_json=False)
    text = output.decode("utf-8")
    assert text.count(NOT_UTF8) == 1 and "3230" in text
    assert "Report #" not in text


def test_json_output_is_utf8_whatever_the_locale(app: App) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"lookup caf\n"), encoding="utf-8")
    raw = io.BytesIO()
    latin = io.TextIOWrapper(raw, encoding="latin-1")  # LANG=fr_FR.ISO-8859-1, say
    console = ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        core=app.core,
        user="coline",
        as_json=True,
        stdin=stdin,
        stdout=latin,
    )
    asyncio.run(console.start())
    latin.flush()
    reply = json.loads(raw.getvalue().decode("utf-8"))
    assert "Caisse d'allocations familiales (CAF)" in json.dumps(reply)
    assert "·" in raw.getvalue().decode("utf-8")  # Latin-1 would have written it as b"\xb7"
