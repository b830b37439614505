"""A real learning record store for the tests: Ralph (PyPI `ralph-malph`, with its
`lrs` extra) served by uvicorn on a loopback socket, storing statements in files
(its `fs` backend), with HTTP basic auth from the JSON auth file Ralph expects.

Ralph's own CLI (`ralph runserver`) needs its `cli` extra, which pins click below
the version Flask runs with here; the LRS itself needs none of it, so we start the
same ASGI app (`ralph.api:app`) the way `runserver` does: uvicorn plus RALPH_*
environment variables.

One setting is made in code: Ralph 5.1's `fs` backend writes its statements file in
"create" mode, so every POST after the first fails (500, "already exists"); the
boot script below makes it append instead. Everything else (validation, basic
auth, de-duplication by statement id, queries) is Ralph's own.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import requests

USERNAME = "lms"
PASSWORD = "lrs-password-for-tests"
VERSION = {"X-Experience-API-Version": "1.0.3"}
BOOT = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", fd=int(sys.argv[1]), log_level="warning")
"""


@dataclass
class Lrs:
    url: str  # the xAPI base, i.e. LMS_XAPI_URL
    process: subprocess.Popen
    log: Path

    @property
    def auth(self) -> tuple[str, str]:
        return USERNAME, PASSWORD

    def statement(self, statement_id: str) -> dict | None:
        answer = requests.get(
            f"{self.url}/statements",
            params={"statementId": statement_id},
            headers=VERSION,
            auth=self.auth,
            timeout=10,
        )
        if answer.status_code == 404:
            return None
        answer.raise_for_status()
        body = answer.json()
        if "statements" in body:  # Ralph answers a missing id with an empty list
            return body["statements"][0] if body["statements"] else None
        return body

    def statements_of(self, account: dict) -> list[dict]:
        """Every statement whose actor is this account (all pages)."""
        agent = json.dumps({"objectType": "Agent", "account": account})
        params = {"agent": agent, "limit": 500}
        answer = requests.get(
            f"{self.url}/statements",
            params=params,
            headers=VERSION,
            auth=self.auth,
            timeout=10,
        )
        answer.raise_for_status()
        return answer.json()["statements"]


def _auth_file(folder: Path) -> Path:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    user = {
        "username": USERNAME,
        "hash": hashed,
        "scopes": ["all"],
        "agent": {"account": {"homePage": "http://127.0.0.1", "name": USERNAME}},
    }
    path = folder / "auth.json"
    path.write_text(json.dumps([user]))
    return path


def _environment(folder: Path) -> dict:
    return {
        **os.environ,
        "RALPH_APP_DIR": str(folder),
        "RALPH_AUTH_FILE": str(_auth_file(folder)),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "statements"),
        "RALPH_SENTRY_DSN": "",
    }


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the LRS exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/__heartbeat__", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the LRS did not start:\n{log.read_text()[-3000:]}")


@contextmanager
def running_lrs():
    """Start Ralph on a free loopback port (the socket is bound here and handed to
    uvicorn, so no other process can take the port); yields an `Lrs`."""
    with tempfile.TemporaryDirectory(prefix="lrs-") as tmp:
        folder = Path(tmp)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        log = folder / "lrs.log"
        command = [sys.executable, "-c", BOOT, str(sock.fileno())]
        with open(log, "wb") as out:
            process = subprocess.Popen(
                command,
                env=_environment(folder),
                cwd=folder,
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=(sock.fileno(),),
            )
        sock.close()
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log)
            yield Lrs(f"{base}/xAPI", process, log)
        finally:
            process.terminate()
            process.wait(timeout=10)
