"""A throwaway Synapse on 127.0.0.1: free port, SQLite, no outbound traffic, no rate limits.

Used by the Matrix tests (one server per test session) and by ``bench/matrix_roundtrip.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

SHARED_SECRET = "test-shared-secret"
PASSWORD = "correct horse battery staple"
RATE_LIMITS = [
    "rc_message",
    "rc_registration",
    "rc_login.address",
    "rc_login.account",
    "rc_login.failed_attempts",
    "rc_admin_redaction",
    "rc_joins.local",
    "rc_joins.remote",
    "rc_joins_per_room",
    "rc_key_requests",
    "rc_3pid_validation",
    "rc_invites.per_room",
    "rc_invites.per_user",
    "rc_invites.per_issuer",
    "rc_third_party_invite",
    "rc_media_create",
    "rc_presence.per_user",
    "rc_delayed_event_mgmt",
    "rc_room_creation",
    "rc_reports",
    "rc_user_directory",
    "rc_profile",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def synapse_config(directory: Path, port: int) -> dict[str, Any]:
    config: dict[str, Any] = {
        "server_name": "localhost",
        "public_baseurl": f"http://127.0.0.1:{port}/",
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "log_config": str(directory / "log.yaml"),
        "report_stats": False,
        "registration_shared_secret": SHARED_SECRET,
        "macaroon_secret_key": "test-macaroon",
        "form_secret": "test-form",
        "bcrypt_rounds": 4,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "ip_range_blacklist": ["0.0.0.0/0", "::/0"],
        "presence": {"enabled": False},
        "enable_metrics": False,
    }
    fast = {"per_second": 10_000, "burst_count": 10_000}
    for key in RATE_LIMITS:
        section, _dot, sub = key.partition(".")
        if sub:
            config.setdefault(section, {})[sub] = fast
        else:
            config[section] = fast
    return config


LOG_CONFIG = """\
version: 1
formatters:
  precise: {format: '%(asctime)s %(name)s %(levelname)s %(message)s'}
handlers:
  file: {class: logging.FileHandler, formatter: precise, filename: LOGFILE}
root: {level: WARNING, handlers: [file]}
disable_existing_loggers: false
"""


class Synapse:
    """One homeserver process; :meth:`stop` and :meth:`start` again keep its data and port."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        from signedjson.key import generate_signing_key, write_signing_keys

        directory.mkdir(parents=True, exist_ok=True)
        (directory / "media").mkdir(exist_ok=True)
        with open(directory / "signing.key", "w") as file:
            write_signing_keys(file, [generate_signing_key("a")])
        log_file = directory / "homeserver.log"
        (directory / "log.yaml").write_text(LOG_CONFIG.replace("LOGFILE", str(log_file)))
        self.config_path = directory / "homeserver.yaml"
        self.config_path.write_text(json.dumps(synapse_config(directory, self.port)))

    def start(self, timeout: float = 60.0) -> None:
        output = open(self.directory / "stdout.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
            cwd=self.directory,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        output.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited; see {self.directory}/stdout.log")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"Synapse not ready after {timeout} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def register(self, localpart: str, password: str = PASSWORD) -> str:
        """Create ``@localpart:localhost`` through the shared-secret admin API."""
        url = f"{self.url}/_synapse/admin/v1/register"
        with urllib.request.urlopen(url, timeout=10) as response:
            nonce = json.load(response)["nonce"]
        mac = hmac.new(SHARED_SECRET.encode(), digestmod=hashlib.sha1)
        mac.update(f"{nonce}\0{localpart}\0{password}\0notadmin".encode())
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": False,
            "mac": mac.hexdigest(),
        }
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["user_id"])
