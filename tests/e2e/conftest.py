"""The real system: `medvirk run` with the API, the Rasa server and the action server, on
free ports and a fresh SQLite database, started once for the module that uses it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.db import get_session_factory
from api.paths import PROJECT_ROOT
from api.services.assessments import create_assessment
from tests.support import free_port, migrate

MODEL = PROJECT_ROOT / "models" / "medvirk.tar.gz"
STARTUP_SECONDS = 240


def start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "api.cli", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    base_url: str
    database_url: str
    log: Path
    employee_code: str
    env: dict[str, str]
    manager_code: str = ""

    def restart(self) -> None:
        """Stop every process (Rasa's in-memory conversations go with it) and start anew
        on the same ports and database."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.process = start(self.env, self.log)

    def children(self) -> dict[str, int]:
        """The supervisor's processes by name: api, rasa, actions."""
        found: dict[str, int] = {}
        for child in (
            Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        ):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "uvicorn" in cmdline:
                found["api"] = int(child)
            elif "rasa_sdk" in cmdline:
                found["actions"] = int(child)
            elif "rasa" in cmdline:
                found["rasa"] = int(child)
        return found

    def wait_healthy(self, timeout: float) -> httpx.Response:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"medvirk run exited early; log:\n{self.log.read_text()[-3000:]}")
            try:
                response = httpx.get(f"{self.base_url}/api/health", timeout=5)
                if response.status_code == 200 or time.monotonic() > deadline:
                    return response
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(1)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"no Rasa model at {MODEL}: run `make model` (make test does)")
    folder = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{folder / 'medvirk.db'}"
    migrate(database_url)
    with get_session_factory(database_url)() as session:
        created = create_assessment(session, "e2e", k=5)
    port = free_port()
    env = os.environ | {
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "RASA_PORT": str(free_port()),
        "ACTIONS_PORT": str(free_port()),
        "DATABASE_URL": database_url,
        "ACTION_KEY": "e2e-action-key",
        # the tests click through buttons faster than any person does
        "CHAT_MESSAGES_PER_MINUTE": "600",
        "CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "6000",
    }
    log = folder / "medvirk.log"
    running = Stack(start(env, log), f"http://127.0.0.1:{port}", database_url, log,
                    created.employee_code, env, created.manager_code)  # fmt: skip
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGINT)
            running.process.wait(timeout=30)
