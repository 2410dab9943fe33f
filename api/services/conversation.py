"""Talking to the Rasa server and the action server over HTTP."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import text
from sqlalchemy.orm import Session

from api.schemas import BotMessage, ChatTurn, ComponentHealth, Health


class ConversationUnavailable(Exception):
    """The Rasa server did not answer the turn."""


async def send_turn(client: httpx.AsyncClient, rasa_url: str, turn: ChatTurn) -> list[BotMessage]:
    """Proxy one participant turn to Rasa's REST channel and return the bot's messages."""
    try:
        response = await client.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": turn.sender, "message": turn.message},
        )
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise ConversationUnavailable(type(error).__name__) from error
    return [BotMessage.model_validate(item) for item in response.json()]


async def _answers(client: httpx.AsyncClient, url: str, timeout: float) -> bool:
    try:
        response = await client.get(url, timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def database_answers(session: Session) -> bool:
    try:
        session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return False
    return True


async def check_health(
    client: httpx.AsyncClient,
    session: Session,
    rasa_url: str,
    action_server_url: str,
    timeout: float,
) -> Health:
    """Ask every component at once; the whole system is ok only when all answer."""
    rasa_ok, actions_ok = await asyncio.gather(
        _answers(client, f"{rasa_url}/", timeout),
        _answers(client, f"{action_server_url}/health", timeout),
    )
    components = ComponentHealth(
        database=database_answers(session), rasa=rasa_ok, action_server=actions_ok
    )
    down = [name for name, ok in components.model_dump().items() if not ok]
    return Health(status="unavailable" if down else "ok", components=components, down=down)
