"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGE_CHARS = 5000
Language = Literal["nb", "en"]


class ChatTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sender: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class BotButton(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[BotButton] | None = None
    custom: dict | None = None


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(min_length=1, max_length=128)
    question_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.]+$")
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    lang: Language
    source: Literal["chat", "interview", "transcript"] = "chat"
    idempotency_key: str = Field(min_length=16, max_length=128)


class AnswerOut(BaseModel):
    id: int
    question_id: str
    text: str
    lang: Language
    source: str
    created: bool


class ComponentHealth(BaseModel):
    database: bool
    rasa: bool
    action_server: bool


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    components: ComponentHealth
    down: list[str]
