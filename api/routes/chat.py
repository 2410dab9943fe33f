from fastapi import APIRouter, HTTPException, status

from api.deps import HttpClientDep, SettingsDep
from api.schemas import BotMessage, ChatTurn
from api.services.conversation import ConversationUnavailable, send_turn

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=list[BotMessage], response_model_exclude_none=True)
async def chat(turn: ChatTurn, settings: SettingsDep, client: HttpClientDep) -> list[BotMessage]:
    """One participant turn, proxied to the Rasa server; answers the bot's messages."""
    try:
        return await send_turn(client, settings.rasa_url, turn)
    except ConversationUnavailable as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The conversation service is not available right now. Please try again shortly.",
        ) from error
