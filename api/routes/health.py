from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import HttpClientDep, SessionDep, SettingsDep
from api.schemas import Health
from api.services.conversation import check_health

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(settings: SettingsDep, session: SessionDep, client: HttpClientDep) -> JSONResponse:
    """200 when the database, the Rasa server and the action server all answer, else 503."""
    result = await check_health(
        client,
        session,
        settings.rasa_url,
        settings.action_server_url,
        settings.health_timeout_seconds,
    )
    code = 200 if result.status == "ok" else 503
    return JSONResponse(result.model_dump(), status_code=code)
