"""A real HTTP server standing in for the API, recording what the action server sends."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class FakeApi:
    statuses: list[int] = field(default_factory=lambda: [201])
    bodies: dict[str, dict] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    url: str = ""

    def next_status(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeApi]:
    api = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            api.requests.append({"path": self.path, "json": json.loads(body)})
            api.headers.append(dict(self.headers))
            self.send_response(api.next_status())
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(api.bodies.get(self.path, {})).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("MEDVIRK_API_URL", api.url)
    monkeypatch.setenv("ACTION_KEY", "key-for-tests")
    yield api
    server.shutdown()
    server.server_close()
