from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect

from api.db import get_engine
from api.settings import Settings


def test_production_refuses_the_default_action_key() -> None:
    with pytest.raises(ValidationError, match="ACTION_KEY"):
        Settings(_env_file=None, environment="production")

    assert Settings(_env_file=None, environment="production", action_key="s3cret-long").port == 8000


def test_default_database_is_sqlite_under_var() -> None:
    assert Settings(_env_file=None).database_url.endswith("/var/medvirk.db")


def test_migrations_create_the_answers_table(database_url: str) -> None:
    inspector = inspect(get_engine(database_url))

    assert "answers" in inspector.get_table_names()
    uniques = inspector.get_unique_constraints("answers")
    assert [constraint["column_names"] for constraint in uniques] == [["idempotency_key"]]


def test_the_models_and_the_migrations_agree(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from api.paths import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url)
    config.attributes["configure_logger"] = False

    command.check(config)  # raises when a model differs from what the migrations built
