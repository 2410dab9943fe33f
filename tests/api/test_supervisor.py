"""The supervisor behind `medvirk run`, with small real processes in place of the servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from api.settings import Settings
from api.supervisor import ProcessSpec, process_specs, supervise

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_when_one_process_exits_all_are_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    recorder = [
        sys.executable,
        "-c",
        f"import os,time; open({str(pid_file)!r},'a').write(f'{{os.getpid()}}\\n'); time.sleep(60)",
    ]  # noqa: E501
    specs = [
        ProcessSpec("sleeper-a", recorder),
        ProcessSpec("sleeper-b", recorder),
        ProcessSpec(
            "quitter", [sys.executable, "-c", "import time; time.sleep(1); raise SystemExit(3)"]
        ),  # noqa: E501
    ]
    started = time.monotonic()
    code = supervise(specs, cwd=tmp_path)

    assert code == 3
    assert time.monotonic() - started < 15
    pids = [int(line) for line in pid_file.read_text().split()]
    assert len(pids) == 2
    assert not any(alive(pid) for pid in pids)


def test_ctrl_c_stops_every_process(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from api.supervisor import ProcessSpec, supervise
        specs = [ProcessSpec(n, {SLEEPER!r}) for n in ("a", "b", "c")]
        sys.exit(supervise(specs, cwd={str(tmp_path)!r}))
    """)
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    time.sleep(2)
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(children) == 3

    os.kill(process.pid, signal.SIGINT)

    assert process.wait(timeout=20) == 0
    assert not any(alive(int(pid)) for pid in children)


def test_only_the_api_listens_beyond_loopback() -> None:
    specs = {spec.name: spec for spec in process_specs(Settings(_env_file=None))}

    assert set(specs) == {"api", "rasa", "actions", "classifier"}
    assert [name for name, spec in specs.items() if spec.one_shot] == ["classifier"]
    assert specs["rasa"].argv[specs["rasa"].argv.index("--interface") + 1] == "127.0.0.1"
    assert "--enable-api" not in specs["rasa"].argv
    assert specs["actions"].env["SANIC_HOST"] == "127.0.0.1"


def test_the_classifier_job_is_left_out_for_a_classifier_make_does_not_build(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, classifier_dir=str(tmp_path / "elsewhere"))

    assert {spec.name for spec in process_specs(settings)} == {"api", "rasa", "actions"}


def test_a_one_shot_job_ending_leaves_the_servers_running(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    server = tmp_path / "server.py"
    server.write_text(
        f"import os, time\nopen({str(pid_file)!r}, 'a').write(f'{{os.getpid()}}\\n')\n"
        "time.sleep(60)\n"
    )
    script = textwrap.dedent(f"""
        import sys
        from api.supervisor import ProcessSpec, supervise
        python = {sys.executable!r}
        specs = [
            ProcessSpec("server", [python, {str(server)!r}]),
            ProcessSpec("done", [python, "-c", "pass"], one_shot=True),
            ProcessSpec("failed", [python, "-c", "raise SystemExit(4)"], one_shot=True),
        ]
        sys.exit(supervise(specs, cwd={str(tmp_path)!r}))
    """)
    process = subprocess.Popen(
        [sys.executable, "-c", script], start_new_session=True, stderr=subprocess.PIPE
    )
    time.sleep(4)
    server_pid = int(pid_file.read_text().split()[0])
    running_after_the_jobs = process.poll() is None and alive(server_pid)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)

    assert running_after_the_jobs
    assert process.returncode == 0
    assert not alive(server_pid)
    assert "done job done" in stderr.decode()
    assert "failed job failed with 4" in stderr.decode()
