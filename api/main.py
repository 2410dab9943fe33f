"""The FastAPI application: API routes under /api and the chat page at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.deps import RateLimits
from api.paths import STATIC_DIR
from api.routes import answers, assessments, chat, health, participants
from api.settings import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    app.state.limits = RateLimits.from_settings(settings)
    async with httpx.AsyncClient(timeout=settings.chat_timeout_seconds) as client:
        app.state.http_client = client
        yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="Medvirk",
        summary="Participatory needs assessment of workplace mental health (IGLO x JD-R).",
        lifespan=lifespan,
    )
    for module in (health, chat, answers, participants, assessments):
        app.include_router(module.router)
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="chat-page")
    return app


app = create_app()
