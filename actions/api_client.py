"""HTTP client for the Medvirk API, free of Rasa so it can be tested on its own."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from dataclasses import asdict, dataclass

import httpx

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "http://127.0.0.1:8000"
ACTION_KEY_HEADER = "X-Medvirk-Action-Key"


@dataclass(frozen=True)
class ApiConfig:
    base_url: str
    action_key: str
    attempts: int = 3
    backoff_seconds: float = 0.5
    timeout_seconds: float = 10.0

    @classmethod
    def from_env(cls) -> ApiConfig:
        return cls(
            base_url=os.environ.get("MEDVIRK_API_URL", DEFAULT_API_URL).rstrip("/"),
            action_key=os.environ.get("ACTION_KEY", "dev-action-key"),
        )


@dataclass(frozen=True)
class Answer:
    """One answer as the API takes it; `idempotency_key` makes a resend harmless."""

    conversation_id: str
    question_id: str
    text: str
    lang: str
    idempotency_key: str
    source: str = "chat"


def idempotency_key(conversation_id: str, question_id: str, message_timestamp: float) -> str:
    """The same user message answering the same question always gives the same key.

    Rasa's REST channel has no message ids and may run an action twice for one message;
    the timestamp Rasa gave the user's message identifies it within the conversation.
    """
    raw = f"{conversation_id}|{question_id}|{message_timestamp!r}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


async def submit_answer(
    answer: Answer, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> bool:
    """Send the answer to the API, retrying on network errors and 5xx; True when stored."""
    headers = {ACTION_KEY_HEADER: config.action_key}
    async with httpx.AsyncClient(
        base_url=config.base_url, timeout=config.timeout_seconds, transport=transport
    ) as client:
        for attempt in range(1, config.attempts + 1):
            try:
                response = await client.post("/api/answers", json=asdict(answer), headers=headers)
            except httpx.TransportError as error:
                logger.warning("answer not sent (attempt %d): %s", attempt, type(error).__name__)
            else:
                if response.status_code in (200, 201):
                    return True
                if response.status_code < 500:
                    logger.error("answer refused by the API: HTTP %d", response.status_code)
                    return False
                logger.warning("API error %d (attempt %d)", response.status_code, attempt)
            if attempt < config.attempts:
                await asyncio.sleep(config.backoff_seconds * attempt)
    return False
