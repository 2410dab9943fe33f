"""Storing participants' answers: scrubbed, idempotent, never partial."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import Answer
from api.nlp.scrub import scrub
from api.schemas import AnswerIn, AnswerOut


def conversation_hash(conversation_id: str) -> str:
    """The chat's random sender id is not stored as such, only a one-way hash of it."""
    return hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()


def _find_by_key(session: Session, key: str) -> Answer | None:
    return session.scalars(select(Answer).where(Answer.idempotency_key == key)).one_or_none()


def _to_out(answer: Answer, created: bool) -> AnswerOut:
    return AnswerOut(
        id=answer.id,
        question_id=answer.question_id,
        text=answer.text,
        lang=answer.lang,  # type: ignore[arg-type]
        source=answer.source,
        created=created,
    )


def store_answer(session: Session, incoming: AnswerIn) -> AnswerOut:
    """Store the answer once; a resend with the same idempotency key returns the first."""
    existing = _find_by_key(session, incoming.idempotency_key)
    if existing is not None:
        return _to_out(existing, created=False)
    answer = Answer(
        conversation_hash=conversation_hash(incoming.conversation_id),
        question_id=incoming.question_id,
        text=scrub(incoming.text).text,
        lang=incoming.lang,
        source=incoming.source,
        idempotency_key=incoming.idempotency_key,
    )
    session.add(answer)
    try:
        session.commit()
    except IntegrityError:
        # Another request with the same key won the race: answer with its row.
        session.rollback()
        winner = _find_by_key(session, incoming.idempotency_key)
        if winner is None:
            raise
        return _to_out(winner, created=False)
    return _to_out(answer, created=True)
