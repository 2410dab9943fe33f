from pathlib import Path

from fastapi import APIRouter, HTTPException, Response, status

from api.deps import ActionKeyDep, SessionDep, SettingsDep
from api.schemas import AnswerIn, AnswerOut
from api.services.answers import store_answer
from api.services.participants import NotFound

router = APIRouter(prefix="/api", tags=["answers"])


@router.post("/answers", response_model=AnswerOut, status_code=status.HTTP_201_CREATED)
def submit_answer(
    incoming: AnswerIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    _: ActionKeyDep,
) -> AnswerOut:
    """Store a participant's answer, scrubbed and coded (called by the action server).
    Idempotent by key: the first call answers 201, a resend 200 with the same answer."""
    try:
        stored = store_answer(session, incoming, Path(settings.classifier_dir))
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    if not stored.created:
        response.status_code = status.HTTP_200_OK
    return stored
