"""FastAPI dependencies as `Annotated` aliases, so routes declare what they need by type."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy.orm import Session

from api.db import session_scope
from api.ratelimit import SlidingWindowLimiter
from api.services.assessments import token_is_valid
from api.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class RateLimits:
    chat_per_sender: SlidingWindowLimiter
    chat_per_address: SlidingWindowLimiter
    failed_codes: SlidingWindowLimiter
    failed_codes_in_all: SlidingWindowLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        return cls(
            chat_per_sender=SlidingWindowLimiter(settings.chat_messages_per_minute, 60),
            chat_per_address=SlidingWindowLimiter(
                settings.chat_messages_per_minute_per_address, 60
            ),
            failed_codes=SlidingWindowLimiter(settings.failed_codes_per_10_minutes, 600),
            failed_codes_in_all=SlidingWindowLimiter(
                settings.failed_codes_per_10_minutes_in_all, 600
            ),
        )


def too_many(message: str, retry_after: int) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS, message, headers={"Retry-After": str(retry_after)}
    )


def get_rate_limits(request: Request) -> RateLimits:
    return request.app.state.limits


def limit_chat(request: Request, limits: Annotated[RateLimits, Depends(get_rate_limits)]) -> None:
    """A flood of messages, from one conversation or one address, gets a clear 429."""
    address = request.client.host if request.client else "unknown"
    if not limits.chat_per_address.allow(address):
        raise too_many("Too many messages from here; please wait a minute and try again.",
                       limits.chat_per_address.retry_after(address))  # fmt: skip


def get_session(settings: SettingsDep) -> Iterator[Session]:
    yield from session_scope(settings.database_url)


def get_http_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.http_client


def require_facilitator(
    session: Annotated[Session, Depends(get_session)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Facilitator endpoints need `Authorization: Bearer <token>` with a known token."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a facilitator token is needed: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not token_is_valid(session, token.strip()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "unknown facilitator token",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_action_key(
    settings: SettingsDep,
    x_medvirk_action_key: Annotated[str | None, Header()] = None,
) -> None:
    """Only the action server, which holds ACTION_KEY, may submit answers."""
    expected = settings.action_key.get_secret_value()
    if x_medvirk_action_key is None or not hmac.compare_digest(x_medvirk_action_key, expected):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing or wrong action key")


SessionDep = Annotated[Session, Depends(get_session)]
HttpClientDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
ActionKeyDep = Annotated[None, Depends(require_action_key)]
RateLimitsDep = Annotated[RateLimits, Depends(get_rate_limits)]
ChatLimitDep = Annotated[None, Depends(limit_chat)]
FacilitatorDep = Annotated[None, Depends(require_facilitator)]
