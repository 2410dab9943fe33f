"""Helpers shared by the app's tests (no fixtures here; see each folder's conftest)."""

from __future__ import annotations

import socket

from api.db import migrate

__all__ = ["free_port", "migrate"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
