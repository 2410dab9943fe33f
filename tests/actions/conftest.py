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
    status_for: dict[str, int] = field(default_factory=dict)  # by path, before `statuses`
    bodies: dict[str, dict] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    url: str = ""

    def next_status(self, path: str) -> int:
        if path in self.status_for:
            return self.status_for[path]
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def paths(self) -> list[str]:
        return [request["path"] for request in self.requests]


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeApi]:
    api = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = {"path": self.path, "json": json.loads(body) if body else None}
            if self.command != "POST":
                request["method"] = self.command
            api.requests.append(request)
            api.headers.append(dict(self.headers))
            self.send_response(api.next_status(self.path))
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(api.bodies.get(self.path, {})).encode())

        do_POST = do_PUT = do_GET = do_DELETE = _answer  # noqa: N815 - http.server naming

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
