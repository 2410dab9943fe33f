"""Database fixtures: every test gets its own migrated database, on SQLite and, when
MEDVIRK_TEST_POSTGRES_URL names a server, on PostgreSQL too."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.db import get_session_factory
from api.main import create_app
from api.services.assessments import NewAssessment, create_assessment, create_token
from api.settings import Settings, get_settings
from tests.support import free_port, migrate

POSTGRES_ADMIN_URL = os.environ.get("MEDVIRK_TEST_POSTGRES_URL", "")


def _postgres_database() -> Iterator[str]:
    if not POSTGRES_ADMIN_URL:
        pytest.skip("PostgreSQL tests skipped: MEDVIRK_TEST_POSTGRES_URL is not set")
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"medvirk_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means no server to test on
        admin.dispose()
        pytest.skip(f"PostgreSQL tests skipped: cannot reach {POSTGRES_ADMIN_URL}: {error}")
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database for this test alone."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'medvirk.db'}"
        migrate(url)
        yield url
        return
    for url in _postgres_database():
        migrate(url)
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for a test: its own database, and Rasa and actions ports nobody listens on."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        rasa_port=free_port(),
        actions_port=free_port(),
        action_key="test-action-key",
        health_timeout_seconds=0.5,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def assessment(settings: Settings) -> NewAssessment:
    """An open assessment with k = 3 and quotes from 4 participants up."""
    with get_session_factory(settings.database_url)() as session:
        return create_assessment(session, "Sykehjem A", k=3, quote_k=4)


@pytest.fixture
def auth(settings: Settings) -> dict[str, str]:
    """A facilitator's bearer token header."""
    with get_session_factory(settings.database_url)() as session:
        return {"Authorization": f"Bearer {create_token(session, 'tester')}"}
