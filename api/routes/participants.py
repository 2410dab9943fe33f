"""Endpoints the action server uses on a participant's behalf (header X-Medvirk-Action-Key)."""

from fastapi import APIRouter, HTTPException, status

from api.deps import ActionKeyDep, RateLimitsDep, SessionDep, too_many
from api.schemas import (
    CodingOut,
    DeletionCodeOut,
    ParticipantCodingIn,
    ParticipantIn,
    ParticipantOut,
    WithdrawIn,
    WithdrawOut,
)
from api.services.participants import (
    Invalid,
    NotFound,
    Refused,
    add_participant_coding,
    complete,
    open_participant,
    withdraw,
)

router = APIRouter(prefix="/api", tags=["participants (action server)"])


def _http_error(error: Exception) -> HTTPException:
    if isinstance(error, NotFound):
        return HTTPException(status.HTTP_404_NOT_FOUND, str(error))
    if isinstance(error, Invalid):
        return HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error))
    return HTTPException(status.HTTP_409_CONFLICT, str(error))


@router.post("/participants", response_model=ParticipantOut, status_code=201)
def open_with_code(
    body: ParticipantIn, session: SessionDep, limits: RateLimitsDep, _: ActionKeyDep
) -> ParticipantOut:
    """Check an invite code (any case, spaces or dashes) and open a participant. Wrong
    codes are limited per conversation and in all: past the limit the answer is 429."""
    checks = (
        (limits.failed_codes, f"conversation:{body.conversation_id}"),
        (limits.failed_codes_in_all, "all"),
    )
    for limiter, key in checks:
        if limiter.is_blocked(key):
            raise too_many(
                "Too many wrong codes; please wait a few minutes and try again.",
                limiter.retry_after(key),
            )
    try:
        opened = open_participant(session, body.code, body.lang, body.role)
    except NotFound as error:
        for limiter, key in checks:
            limiter.allow(key)
        raise _http_error(error) from error
    except Refused as error:
        raise _http_error(error) from error
    return ParticipantOut(
        participant_id=opened.participant.id,
        assessment_id=opened.participant.assessment_id,
        audience=opened.audience,  # type: ignore[arg-type]
        role=opened.participant.role,
        k=opened.k,
    )


@router.post("/participants/{participant_id}/complete", response_model=DeletionCodeOut)
def complete_participant(participant_id: str, session: SessionDep, _: ActionKeyDep) -> dict:
    """Mark the conversation complete; answers a deletion code, shown to the participant once."""
    try:
        return {"deletion_code": complete(session, participant_id)}
    except NotFound as error:
        raise _http_error(error) from error


@router.post("/participants/withdraw", response_model=WithdrawOut)
def withdraw_participant(body: WithdrawIn, session: SessionDep, _: ActionKeyDep) -> dict:
    """Remove every answer of the participant holding this deletion code."""
    try:
        return {"deleted_answers": withdraw(session, body.deletion_code)}
    except NotFound as error:
        raise _http_error(error) from error


@router.post("/answers/{answer_id}/codings", response_model=CodingOut, status_code=201)
def code_answer(
    answer_id: int, body: ParticipantCodingIn, session: SessionDep, _: ActionKeyDep
) -> CodingOut:
    """The participant confirms or corrects how their statement was understood."""
    try:
        coding = add_participant_coding(
            session, answer_id, body.category, body.polarity, body.origin
        )
    except (NotFound, Invalid) as error:
        raise _http_error(error) from error
    return CodingOut.model_validate(coding)
