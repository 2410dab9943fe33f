"""Helpers shared by the app's tests (no fixtures here; see each folder's conftest)."""

from __future__ import annotations

import socket

from alembic import command
from alembic.config import Config

from api.paths import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def migrate(url: str) -> None:
    """Apply the Alembic migrations to the database at url, as `make migrate` does."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
