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
    participant_id: str | None = None
    level_asked: str | None = None


def idempotency_key(conversation_id: str, question_id: str, message_timestamp: float) -> str:
    """The same user message answering the same question always gives the same key.

    Rasa's REST channel has no message ids and may run an action twice for one message;
    the timestamp Rasa gave the user's message identifies it within the conversation.
    """
    raw = f"{conversation_id}|{question_id}|{message_timestamp!r}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredAnswer:
    """The API's receipt: the answer's id and the model's coding (None when uncoded)."""

    id: int
    category: str | None
    polarity: str | None
    care_needed: bool = False


def _receipt(body: dict) -> StoredAnswer:
    coding = body.get("coding") or {}
    return StoredAnswer(
        int(body["id"]),
        coding.get("category"),
        coding.get("polarity"),
        bool(body.get("care_needed", False)),
    )


async def submit_answer(
    answer: Answer, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> StoredAnswer | None:
    """Send the answer to the API, retrying on network errors and 5xx; the receipt when
    stored, None when it could not be."""
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
                    return _receipt(response.json())
                if response.status_code < 500:
                    logger.error("answer refused by the API: HTTP %d", response.status_code)
                    return None
                logger.warning("API error %d (attempt %d)", response.status_code, attempt)
            if attempt < config.attempts:
                await asyncio.sleep(config.backoff_seconds * attempt)
    return None


@dataclass(frozen=True)
class CodeCheck:
    """What the API said of an invite code: outcome is one of valid, unknown, refused,
    too_many or unavailable; k (the anonymity threshold) is set when valid."""

    outcome: str
    k: int | None = None
    audience: str | None = None


_CODE_OUTCOMES = {404: "unknown", 422: "unknown", 409: "refused", 429: "too_many"}


async def _post(
    path: str, body: dict, config: ApiConfig, transport: httpx.AsyncBaseTransport | None
) -> httpx.Response | None:
    """POST to the API with the action key; None when the API cannot be reached."""
    return await _request("POST", path, body, config, transport)


async def _request(
    method: str,
    path: str,
    body: dict | None,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None,
) -> httpx.Response | None:
    """A request to the API with the action key; None when the API cannot be reached."""
    try:
        async with httpx.AsyncClient(
            base_url=config.base_url, timeout=config.timeout_seconds, transport=transport
        ) as client:
            return await client.request(
                method, path, json=body, headers={ACTION_KEY_HEADER: config.action_key}
            )
    except httpx.TransportError as error:
        logger.warning("API not reached for %s: %s", path, type(error).__name__)
        return None


async def check_code(
    code: str,
    conversation_id: str,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CodeCheck:
    """Ask the API whether the invite code belongs to an open assessment (opens nothing)."""
    body = {"code": code, "conversation_id": conversation_id}
    response = await _post("/api/invite-codes/check", body, config, transport)
    if response is None:
        return CodeCheck("unavailable")
    if response.status_code == 200:
        found = response.json()
        return CodeCheck("valid", int(found["k"]), str(found["audience"]))
    return CodeCheck(_CODE_OUTCOMES.get(response.status_code, "unavailable"))


async def open_participant(
    code: str,
    lang: str,
    conversation_id: str,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
    role: str | None = None,
) -> str | None:
    """Open a participant with a checked invite code (managers with their role); their
    id, or None on failure."""
    body = {"code": code, "lang": lang, "conversation_id": conversation_id}
    if role:
        body["role"] = role
    response = await _post("/api/participants", body, config, transport)
    if response is None or response.status_code != 201:
        return None
    return str(response.json()["participant_id"])


async def record_participant_coding(
    answer_id: int,
    category: str,
    polarity: str,
    origin: str,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bool:
    """The participant's confirmation or correction of a coding; True when stored."""
    body = {"category": category, "polarity": polarity, "origin": origin}
    response = await _post(f"/api/answers/{answer_id}/codings", body, config, transport)
    return response is not None and response.status_code == 201


@dataclass(frozen=True)
class Resumed:
    """An unfinished conversation the API found, and where it stopped."""

    participant_id: str
    role: str
    lang: str
    k: int
    progress: dict


async def resume(
    config: ApiConfig,
    conversation_id: str = "",
    resume_code: str = "",
    transport: httpx.AsyncBaseTransport | None = None,
) -> Resumed | None:
    """The unfinished conversation of this chat page or resume code; None when none."""
    body = {"conversation_id": conversation_id, "resume_code": resume_code}
    response = await _post("/api/participants/resume", body, config, transport)
    if response is None or response.status_code != 200:
        return None
    found = response.json()
    return Resumed(
        str(found["participant_id"]),
        str(found["role"]),
        str(found["lang"]),
        int(found["k"]),
        dict(found["progress"]),
    )


async def save_progress(
    participant_id: str,
    progress: dict,
    lang: str,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bool:
    """Store where the participant is, so the conversation can resume after a restart."""
    body = {"lang": lang, "progress": progress}
    path = f"/api/participants/{participant_id}/progress"
    response = await _request("PUT", path, body, config, transport)
    return response is not None and response.status_code == 204


async def new_resume_code(
    participant_id: str, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> str | None:
    """A code for continuing later; None when the API could not give one."""
    path = f"/api/participants/{participant_id}/resume-code"
    response = await _post(path, {}, config, transport)
    if response is None or response.status_code != 200:
        return None
    return str(response.json()["resume_code"])


async def complete_participant(
    participant_id: str, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> str | None:
    """Mark the conversation finished; the deletion code, or None on failure."""
    path = f"/api/participants/{participant_id}/complete"
    response = await _post(path, {}, config, transport)
    if response is None or response.status_code != 200:
        return None
    return str(response.json()["deletion_code"])


async def withdraw_now(
    participant_id: str, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> bool:
    """Delete everything the participant has said in this conversation."""
    response = await _request("DELETE", f"/api/participants/{participant_id}", None, config,
                              transport)  # fmt: skip
    return response is not None and response.status_code == 200


async def withdraw_with_code(
    deletion_code: str, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> int | None:
    """Delete a finished participant's answers by their deletion code: how many were
    deleted, -1 when the code is unknown, None when the API could not be reached."""
    body = {"deletion_code": deletion_code}
    response = await _post("/api/participants/withdraw", body, config, transport)
    if response is None or response.status_code >= 500:
        return None
    if response.status_code != 200:
        return -1
    return int(response.json()["deleted_answers"])


async def rate_context(
    participant_id: str,
    item_id: str,
    value: str,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bool:
    """Store a manager's answer to one item of the context measure."""
    body = {"item_id": item_id, "value": value}
    response = await _post(f"/api/participants/{participant_id}/context", body, config, transport)
    return response is not None and response.status_code == 201


async def own_answers(
    participant_id: str, config: ApiConfig, transport: httpx.AsyncBaseTransport | None = None
) -> list[dict] | None:
    """The participant's answers so far (scrubbed), oldest first; None on failure."""
    path = f"/api/participants/{participant_id}/answers"
    response = await _request("GET", path, None, config, transport)
    if response is None or response.status_code != 200:
        return None
    return list(response.json())


async def remove_answer(
    participant_id: str,
    answer_id: int,
    config: ApiConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bool:
    """Remove an answer the participant has just replaced while reviewing."""
    path = f"/api/participants/{participant_id}/answers/{answer_id}"
    response = await _request("DELETE", path, None, config, transport)
    return response is not None and response.status_code == 204
