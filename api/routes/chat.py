from fastapi import APIRouter, HTTPException, status

from api.deps import ChatLimitDep, HttpClientDep, RateLimitsDep, SettingsDep, too_many
from api.schemas import BotMessage, ChatTurn
from api.services.conversation import ConversationUnavailable, send_turn

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=list[BotMessage], response_model_exclude_none=True)
async def chat(
    turn: ChatTurn,
    settings: SettingsDep,
    client: HttpClientDep,
    limits: RateLimitsDep,
    _: ChatLimitDep,
) -> list[BotMessage]:
    """One participant turn, proxied to the Rasa server; answers the bot's messages."""
    if not limits.chat_per_sender.allow(turn.sender):
        raise too_many(
            "You are sending messages very fast; please wait a moment and try again.",
            limits.chat_per_sender.retry_after(turn.sender),
        )
    try:
        return await send_turn(client, settings.rasa_url, turn)
    except ConversationUnavailable as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The conversation service is not available right now. Please try again shortly.",
        ) from error
