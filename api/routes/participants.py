"""Endpoints the action server uses on a participant's behalf (header X-Medvirk-Action-Key)."""

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, HTTPException, status
from sqlalchemy.orm import Session

from api.deps import ActionKeyDep, RateLimits, RateLimitsDep, SessionDep, too_many
from api.models import Answer, Participant
from api.schemas import (
    CodeCheckIn,
    CodeCheckOut,
    CodingOut,
    ContextRatingIn,
    ContextRatingOut,
    DeletionCodeOut,
    OwnAnswerOut,
    ParticipantCodingIn,
    ParticipantIn,
    ParticipantOut,
    ParticipantStateOut,
    ProgressIn,
    ResumeCodeOut,
    ResumeIn,
    WithdrawIn,
    WithdrawOut,
)
from api.services.context import rate
from api.services.participants import (
    Invalid,
    NotFound,
    Refused,
    add_participant_coding,
    answers_of,
    check_code,
    complete,
    new_resume_code,
    open_participant,
    progress_of,
    remove_own_answer,
    resume,
    save_progress,
    withdraw,
    withdraw_during,
)

router = APIRouter(prefix="/api", tags=["participants (action server)"])
T = TypeVar("T")


def _http_error(error: Exception) -> HTTPException:
    if isinstance(error, NotFound):
        return HTTPException(status.HTTP_404_NOT_FOUND, str(error))
    if isinstance(error, Invalid):
        return HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(error))
    return HTTPException(status.HTTP_409_CONFLICT, str(error))


def _guarded(limits: RateLimits, conversation_id: str, attempt: Callable[[], T]) -> T:
    """Run a code lookup unless this conversation, or everyone together, has given too many
    wrong codes lately; a wrong code counts against both."""
    checks = (
        (limits.failed_codes, f"conversation:{conversation_id}"),
        (limits.failed_codes_in_all, "all"),
    )
    for limiter, key in checks:
        if limiter.is_blocked(key):
            raise too_many(
                "Too many wrong codes; please wait a few minutes and try again.",
                limiter.retry_after(key),
            )
    try:
        return attempt()
    except NotFound as error:
        for limiter, key in checks:
            limiter.allow(key)
        raise _http_error(error) from error
    except Refused as error:
        raise _http_error(error) from error


@router.post("/invite-codes/check", response_model=CodeCheckOut)
def check_invite_code(
    body: CodeCheckIn, session: SessionDep, limits: RateLimitsDep, _: ActionKeyDep
) -> CodeCheckOut:
    """Is this an invite code of an open assessment? Opens nothing, stores nothing."""
    invite = _guarded(limits, body.conversation_id, lambda: check_code(session, body.code))
    return CodeCheckOut(
        assessment_id=invite.assessment_id,
        audience=invite.audience,  # type: ignore[arg-type]
        k=invite.assessment.k,
    )


@router.post("/participants", response_model=ParticipantOut, status_code=201)
def open_with_code(
    body: ParticipantIn, session: SessionDep, limits: RateLimitsDep, _: ActionKeyDep
) -> ParticipantOut:
    """Open a participant with an invite code (any case, spaces or dashes). Wrong codes are
    limited per conversation and in all: past the limit the answer is 429."""
    opened = _guarded(
        limits,
        body.conversation_id,
        lambda: open_participant(session, body.code, body.lang, body.role, body.conversation_id),
    )
    return ParticipantOut(
        participant_id=opened.participant.id,
        assessment_id=opened.participant.assessment_id,
        audience=opened.audience,  # type: ignore[arg-type]
        role=opened.participant.role,
        k=opened.k,
    )


@router.post("/participants/resume", response_model=ParticipantStateOut)
def resume_participant(
    body: ResumeIn, session: SessionDep, limits: RateLimitsDep, _: ActionKeyDep
) -> ParticipantStateOut:
    """The unfinished conversation of this chat page, or of this resume code, and where it
    stopped. Wrong resume codes count as wrong codes."""
    participant = _guarded(
        limits,
        body.conversation_id,
        lambda: _resumable(session, body),
    )
    return ParticipantStateOut(
        participant_id=participant.id,
        role=participant.role,
        lang=participant.lang,
        k=participant.assessment.k,
        progress=progress_of(participant),
    )


def _resumable(session: Session, body: ResumeIn) -> Participant:
    try:
        return resume(session, body.conversation_id, body.resume_code)
    except Invalid as error:
        raise _http_error(error) from error


@router.put("/participants/{participant_id}/progress", status_code=204)
def put_progress(
    participant_id: str, body: ProgressIn, session: SessionDep, _: ActionKeyDep
) -> None:
    """Where the participant is in the conversation (question, follow-ups asked, ...)."""
    try:
        save_progress(session, participant_id, body.progress, body.lang)
    except (NotFound, Refused) as error:
        raise _http_error(error) from error


@router.post("/participants/{participant_id}/resume-code", response_model=ResumeCodeOut)
def create_resume_code(participant_id: str, session: SessionDep, _: ActionKeyDep) -> dict:
    """A code for continuing later, shown to the participant once."""
    try:
        return {"resume_code": new_resume_code(session, participant_id)}
    except (NotFound, Refused) as error:
        raise _http_error(error) from error


@router.get("/participants/{participant_id}/answers", response_model=list[OwnAnswerOut])
def own_answers(participant_id: str, session: SessionDep, _: ActionKeyDep) -> list[dict]:
    """The participant's own answers, to review before finishing."""
    try:
        answers = answers_of(session, participant_id)
    except NotFound as error:
        raise _http_error(error) from error
    return [_own(answer) for answer in answers]


def _own(answer: Answer) -> dict:
    latest = answer.codings[-1] if answer.codings else None
    return {
        "id": answer.id,
        "question_id": answer.question_id,
        "text": answer.text,
        "category": latest.category if latest else None,
        "polarity": latest.polarity if latest else None,
    }


@router.delete("/participants/{participant_id}/answers/{answer_id}", status_code=204)
def remove_answer(
    participant_id: str, answer_id: int, session: SessionDep, _: ActionKeyDep
) -> None:
    """While reviewing, the participant replaces an answer: the old one is removed."""
    try:
        remove_own_answer(session, participant_id, answer_id)
    except NotFound as error:
        raise _http_error(error) from error


@router.post(
    "/participants/{participant_id}/context", response_model=ContextRatingOut, status_code=201
)
def rate_context(
    participant_id: str, body: ContextRatingIn, session: SessionDep, _: ActionKeyDep
) -> ContextRatingOut:
    """A manager's answer to one item of the context measure (a change replaces it)."""
    try:
        rating = rate(session, participant_id, body.item_id, body.value)
    except (NotFound, Invalid, Refused) as error:
        raise _http_error(error) from error
    return ContextRatingOut.model_validate(rating)


@router.delete("/participants/{participant_id}", response_model=WithdrawOut)
def withdraw_now(participant_id: str, session: SessionDep, _: ActionKeyDep) -> dict:
    """The participant withdraws during the conversation: everything they said is removed."""
    try:
        return {"deleted_answers": withdraw_during(session, participant_id)}
    except NotFound as error:
        raise _http_error(error) from error


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
