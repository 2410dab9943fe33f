"""Runs the API, the Rasa server and the action server as one unit.

Each process gets its own process group; Ctrl-C (SIGINT) or SIGTERM to the supervisor, or
any one server exiting, stops all of them, so nothing is left running half-way. A one-shot
job (training the classifier) may end while the servers go on: the chat does not need the
classifier, answers stored before it is ready are coded when it is.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from api.paths import PROJECT_ROOT
from api.settings import Settings

BOT_BIN = PROJECT_ROOT / ".venv-bot" / "bin"
STOP_GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    one_shot: bool = False


def _bot_env(settings: Settings) -> dict[str, str]:
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "ACTIONS_PORT": str(settings.actions_port),
    }


def process_specs(settings: Settings) -> list[ProcessSpec]:
    """The three processes of a running Medvirk; only the API listens beyond 127.0.0.1."""
    rasa = ProcessSpec(
        "rasa",
        [str(BOT_BIN / "rasa"), "run", "--model", settings.rasa_model,
         "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
         "--interface", "127.0.0.1", "--port", str(settings.rasa_port)],
        _bot_env(settings),
    )  # fmt: skip
    actions = ProcessSpec(
        "actions",
        [str(BOT_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
         "--port", str(settings.actions_port)],
        _bot_env(settings) | {
            "SANIC_HOST": "127.0.0.1",
            "MEDVIRK_API_URL": settings.api_url,
            "ACTION_KEY": settings.action_key.get_secret_value(),
        },
    )  # fmt: skip
    api = ProcessSpec(
        "api",
        [sys.executable, "-m", "uvicorn", "api.main:app", "--host", settings.host,
         "--port", str(settings.port), "--no-access-log"],
    )  # fmt: skip
    specs = [api, rasa, actions]
    if settings.classifier_dir == Settings.model_fields["classifier_dir"].default:
        specs.append(classifier_job())
    return specs


def classifier_job() -> ProcessSpec:
    """`make classifier` (nothing to do when the model is up to date), then coding the
    answers stored without a coding. Only for the classifier directory make builds."""
    code = f"{shlex.quote(sys.executable)} -m api.cli code-uncoded"
    return ProcessSpec(
        "classifier",
        ["bash", "-c", f"make --no-print-directory classifier && exec {code}"],
        one_shot=True,
    )


def _start(spec: ProcessSpec, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(spec.argv, cwd=cwd, env=os.environ | spec.env, start_new_session=True)


def _stop_all(running: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in running.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _report_one_shot(name: str, returncode: int) -> None:
    if returncode == 0:
        print(f"medvirk: {name} job done", file=sys.stderr)
    else:
        print(
            f"medvirk: {name} job failed with {returncode}; the servers go on, and answers "
            "are stored without a coding until it succeeds",
            file=sys.stderr,
        )


class _StopRequested(Exception):
    pass


def _raise_stop(signum: int, _frame: object) -> None:
    raise _StopRequested(signal.Signals(signum).name)


def supervise(specs: list[ProcessSpec], cwd: Path = PROJECT_ROOT) -> int:
    """Start every process, wait until one exits or a stop is asked for, stop them all."""
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    running: dict[str, subprocess.Popen[bytes]] = {}
    exit_code = 0
    try:
        for spec in specs:
            running[spec.name] = _start(spec, cwd)
        one_shot = {spec.name for spec in specs if spec.one_shot}
        while True:
            for name, process in list(running.items()):
                if process.poll() is None:
                    continue
                if name in one_shot:
                    _report_one_shot(name, process.returncode)
                    del running[name]
                    continue
                print(f"medvirk: {name} exited with {process.returncode}", file=sys.stderr)
                exit_code = process.returncode or 1
                raise _StopRequested(name)
            time.sleep(0.5)
    except _StopRequested:
        print("medvirk: stopping all processes", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop_all(running)
    return exit_code
