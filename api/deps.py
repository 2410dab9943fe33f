"""FastAPI dependencies as `Annotated` aliases, so routes declare what they need by type."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

import httpx
from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy.orm import Session

from api.db import session_scope
from api.services.assessments import token_is_valid
from api.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


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
FacilitatorDep = Annotated[None, Depends(require_facilitator)]
