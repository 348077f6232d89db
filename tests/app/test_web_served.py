"""`chatbot run` with ``BOT_WEB_PORT`` and no chat platform: the console opens and the web
cockpit is served beside it, on the same bot; `web` typed in the console prints the link."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/login/[A-Za-z0-9_-]+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_cockpit_is_served_beside_the_console(tmp_path: Path) -> None:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_", "LOG_"))
    }
    env.update(
        BOT_DATA_DIR=str(tmp_path),
        BOT_LANGUAGE="en",
        BOT_WEB_PORT=str(port),
        LOG_LEVEL="DEBUG",  # access logs included
        PYTHONPATH=str(ROOT),
    )
    out_path = tmp_path / "stdout"
    with out_path.open("w") as out, (tmp_path / "stderr").open("w") as err:
        bot = subprocess.Popen(
            [sys.executable, "-m", "app", "run"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            text=True,
        )
    try:
        assert bot.stdin is not None
        bot.stdin.write("web\n")
        bot.stdin.flush()
        deadline = time.monotonic() + 60
        while not (found := LINK.search(out_path.read_text())):
            assert bot.poll() is None and time.monotonic() < deadline, out_path.read_text()
            time.sleep(0.1)
        web = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        web.request("POST", found.group(1), body="", headers={"Content-Length": "0"})
        signed_in = web.getresponse()
        assert signed_in.status == 303
        assert "HttpOnly" in (signed_in.getheader("Set-Cookie") or "")
        bot.stdin.close()  # end of input: the console stops, and the cockpit with it
        bot.wait(timeout=30)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
    logged = (tmp_path / "stderr").read_text()
    assert bot.returncode == 0, logged
    assert "POST /login/… 303" in logged  # the access log, without the token
    assert found.group(1) not in logged
