"""The `chatbot` command fed bytes that are not UTF-8 (issue 11): an answer, no traceback, and
``--json`` output that is UTF-8 even under a locale that is not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NOT_UTF8 = "I could not read that message: part of it is not text (not UTF-8)."


def chatbot(
    data_dir: Path, *args: str, stdin: bytes, encoding: str
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "BOT_DATA_DIR": str(data_dir),
        "BOT_LANGUAGE": "en",
        "DATABASE_URL": "",
        "LOG_LEVEL": "WARNING",
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": encoding,
    }
    env = {k: v for k, v in env.items() if not k.startswith(("SLACK_", "MATRIX_"))}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_console_answers_bad_bytes_and_goes_on(tmp_path: Path) -> None:
    lines = b"lookup caf\xff\xfe\nreport a\x00b #site\nlookup caf\n"
    result = chatbot(tmp_path, "console", "--json", stdin=lines, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [reply["text"].split(".")[0] for reply in replies[:2]] == [
        NOT_UTF8.split(".")[0],
        "That message holds a NUL character (\\0), which cannot be saved",
    ]
    assert "3230" in json.dumps(replies[2])
    assert b"Traceback" not in result.stderr


def test_json_is_utf8_under_a_latin_1_locale(tmp_path: Path) -> None:
    for args in (("console", "--json"), ("directory", "search", "--json")):
        result = chatbot(
            tmp_path,
            *args,
            stdin="préfecture\nimpôts – sip\n".encode("latin-1", "replace"),
            encoding="latin-1",
        )
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode("utf-8")  # strict: raises if not UTF-8
        assert "Préfecture" in text, args
        for line in text.splitlines():
            json.loads(line)
        assert b"Traceback" not in result.stderr


def test_search_echoes_a_bad_query_without_failing(tmp_path: Path) -> None:
    result = chatbot(tmp_path, "directory", "search", stdin=b"caf\xff\n", encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").startswith("caf? -> ")
