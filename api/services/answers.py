"""Storing participants' answers: scrubbed, idempotent, never partial."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import Answer, Coding
from api.nlp.care import mentions_crisis
from api.nlp.classifier import ModelMissing, load_classifier
from api.nlp.scrub import scrub
from api.schemas import AnswerIn, AnswerOut, CodingOut
from api.services.participants import get_participant

logger = logging.getLogger(__name__)


def conversation_hash(conversation_id: str) -> str:
    """The chat's random sender id is not stored as such, only a one-way hash of it."""
    return hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()


def _find_by_key(session: Session, key: str) -> Answer | None:
    return session.scalars(select(Answer).where(Answer.idempotency_key == key)).one_or_none()


def model_coding(text: str, classifier_dir: Path) -> Coding | None:
    """The classifier's coding of an already scrubbed text, through the same code path
    as `medvirk classify`; None (the answer is still stored) when no model is trained."""
    try:
        classifier = load_classifier(classifier_dir)
    except ModelMissing as error:
        logger.warning("answer stored without coding: %s", error)
        return None
    coding = next(classifier.code_docs([text]))
    return Coding(
        category=coding.category,
        level=coding.level,
        polarity=coding.polarity,
        confidence=coding.confidence,
        model_version=classifier.version,
        origin="model",
    )


def _current_coding(answer: Answer) -> CodingOut | None:
    if not answer.codings:
        return None
    return CodingOut.model_validate(answer.codings[-1])


def _to_out(answer: Answer, created: bool, care_needed: bool = False) -> AnswerOut:
    return AnswerOut(
        id=answer.id,
        question_id=answer.question_id,
        text=answer.text,
        lang=answer.lang,  # type: ignore[arg-type]
        source=answer.source,
        created=created,
        coding=_current_coding(answer),
        care_needed=care_needed,
    )


def store_answer(session: Session, incoming: AnswerIn, classifier_dir: Path) -> AnswerOut:
    """Scrub, code and store the answer once, with its coding, in one transaction; a
    resend with the same idempotency key returns the first."""
    care_needed = mentions_crisis(incoming.text)
    existing = _find_by_key(session, incoming.idempotency_key)
    if existing is not None:
        return _to_out(existing, created=False, care_needed=care_needed)
    if incoming.participant_id is not None:
        get_participant(session, incoming.participant_id)  # NotFound for an unknown id
    text = scrub(incoming.text).text
    answer = Answer(
        conversation_hash=conversation_hash(incoming.conversation_id),
        participant_id=incoming.participant_id,
        level_asked=incoming.level_asked,
        question_id=incoming.question_id,
        text=text,
        lang=incoming.lang,
        source=incoming.source,
        idempotency_key=incoming.idempotency_key,
    )
    coding = model_coding(text, classifier_dir)
    if coding is not None:
        answer.codings.append(coding)
    session.add(answer)
    try:
        session.commit()
    except IntegrityError:
        # Another request with the same key won the race: answer with its row.
        session.rollback()
        winner = _find_by_key(session, incoming.idempotency_key)
        if winner is None:
            raise
        return _to_out(winner, created=False, care_needed=care_needed)
    return _to_out(answer, created=True, care_needed=care_needed)


def code_uncoded_answers(session: Session, classifier_dir: Path) -> int:
    """Give every answer stored without a coding (the classifier was still training, or
    missing) the model's coding now; returns how many were coded, 0 without a model."""
    uncoded = session.scalars(select(Answer).where(~Answer.codings.any()).order_by(Answer.id))
    count = 0
    for answer in uncoded:
        coding = model_coding(answer.text, classifier_dir)
        if coding is None:
            break
        answer.codings.append(coding)
        count += 1
    session.commit()
    return count
