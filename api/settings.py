"""All settings in one place, read from the environment or a `.env` file."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.paths import PROJECT_ROOT, VAR_DIR

DEFAULT_ACTION_KEY = "dev-action-key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=PROJECT_ROOT / ".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    host: str = "0.0.0.0"
    port: int = 8000
    database_url: str = f"sqlite:///{VAR_DIR / 'medvirk.db'}"
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_model: str = str(PROJECT_ROOT / "models" / "medvirk.tar.gz")
    classifier_dir: str = str(PROJECT_ROOT / "models" / "iglo")
    action_key: SecretStr = SecretStr(DEFAULT_ACTION_KEY)
    health_timeout_seconds: float = 2.0
    # A manager clicking through the context measure sends well over 30 a minute.
    chat_messages_per_minute: int = 60
    chat_messages_per_minute_per_address: int = 300
    failed_codes_per_10_minutes: int = 10
    failed_codes_per_10_minutes_in_all: int = 200
    chat_timeout_seconds: float = 30.0

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_server_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def api_url(self) -> str:
        """How processes on this machine (the action server) reach the API."""
        return f"http://127.0.0.1:{self.port}"

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and self.action_key.get_secret_value() == DEFAULT_ACTION_KEY
        ):
            raise ValueError("ACTION_KEY must be set to a secret value when ENVIRONMENT=production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
