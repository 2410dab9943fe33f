"""Participants: opened with an invite code, completed with a deletion code, withdrawn
with it. A participant is a random id with a role and a language, nothing more."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.models import Answer, Coding, ContextRating, InviteCode, Participant, utc_now
from api.nlp.taxonomy import POLARITIES, load_taxonomy
from api.secrets_codes import new_invite_code, normalise_code, sha256_hex

MANAGER_ROLES = ("middle_manager", "senior_manager")
PARTICIPANT_ORIGINS = ("participant_confirmed", "participant_corrected")


class NotFound(LookupError):
    """Unknown code, participant or answer; the message says which."""


class Refused(ValueError):
    """The request is understood but not allowed now; the message says why."""


class Invalid(ValueError):
    """The request names something that does not exist in the taxonomy."""


@dataclass(frozen=True)
class Opened:
    participant: Participant
    audience: str
    k: int


def check_code(session: Session, code: str) -> InviteCode:
    """The invite code of an open assessment, however it was typed."""
    invite = session.scalars(
        select(InviteCode).where(InviteCode.code == normalise_code(code))
    ).one_or_none()
    if invite is None:
        raise NotFound("unknown invite code")
    if invite.assessment.status != "open":
        raise Refused("this assessment is closed")
    return invite


def open_participant(
    session: Session, code: str, lang: str, role: str | None, conversation_id: str = ""
) -> Opened:
    """A new participant of the assessment the invite code belongs to. The conversation id
    (a random id the chat page keeps) is stored hashed, so the page can resume later."""
    invite = check_code(session, code)
    if invite.audience == "employee":
        role = "employee"
    elif role not in MANAGER_ROLES:
        raise Refused(f"a manager code needs role {' or '.join(MANAGER_ROLES)}")
    participant = Participant(
        id=secrets.token_hex(16),
        assessment_id=invite.assessment_id,
        role=role,
        lang=lang,
        conversation_hash=sha256_hex(conversation_id) if conversation_id else None,
    )
    session.add(participant)
    session.commit()
    return Opened(participant, invite.audience, invite.assessment.k)


def get_participant(session: Session, participant_id: str) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound("unknown participant")
    return participant


def complete(session: Session, participant_id: str) -> str:
    """Mark the participant complete and return a new deletion code (shown once)."""
    participant = get_participant(session, participant_id)
    code = new_invite_code()
    participant.completed_at = utc_now()
    participant.deletion_code_hash = sha256_hex(normalise_code(code))
    session.commit()
    return code


def withdraw(session: Session, deletion_code: str) -> int:
    """Remove the participant with this deletion code and all their answers."""
    participant = session.scalars(
        select(Participant).where(
            Participant.deletion_code_hash == sha256_hex(normalise_code(deletion_code))
        )
    ).one_or_none()
    if participant is None:
        raise NotFound("unknown deletion code")
    return _remove(session, participant)


def withdraw_during(session: Session, participant_id: str) -> int:
    """Remove a participant who withdraws in the middle of the conversation."""
    return _remove(session, get_participant(session, participant_id))


def _remove(session: Session, participant: Participant) -> int:
    answers = session.scalar(
        select(func.count()).select_from(Answer).where(Answer.participant_id == participant.id)
    )
    answer_ids = select(Answer.id).where(Answer.participant_id == participant.id)
    session.execute(delete(Coding).where(Coding.answer_id.in_(answer_ids)))
    session.execute(delete(Answer).where(Answer.participant_id == participant.id))
    session.execute(delete(ContextRating).where(ContextRating.participant_id == participant.id))
    session.delete(participant)
    session.commit()
    return int(answers or 0)


def human_coding(category: str, polarity: str, origin: str) -> Coding:
    """A coding made by a person (participant or facilitator): no model, no confidence."""
    return Coding(
        category=category,
        level=load_taxonomy().level_of(category),
        polarity=polarity,
        confidence=None,
        model_version=None,
        origin=origin,
    )


def add_participant_coding(
    session: Session, answer_id: int, category: str, polarity: str, origin: str
) -> Coding:
    """The participant's confirmation or correction, added to the answer's history."""
    taxonomy = load_taxonomy()
    if category not in (*taxonomy.category_ids, "P"):
        raise Invalid(f"unknown category {category!r}")
    if polarity not in POLARITIES or origin not in PARTICIPANT_ORIGINS:
        raise Invalid("polarity must be demand or resource")
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFound(f"no answer {answer_id}")
    coding = human_coding(category, polarity, origin)
    answer.codings.append(coding)
    session.commit()
    return coding


def resume(session: Session, conversation_id: str = "", resume_code: str = "") -> Participant:
    """The unfinished participant of this chat page's conversation, or of this resume code."""
    if resume_code:
        match = Participant.resume_code_hash == sha256_hex(normalise_code(resume_code))
    elif conversation_id:
        match = Participant.conversation_hash == sha256_hex(conversation_id)
    else:
        raise Invalid("give a conversation id or a resume code")
    participant = session.scalars(
        select(Participant).where(match, Participant.completed_at.is_(None))
    ).first()
    if participant is None:
        raise NotFound("nothing to resume")
    if participant.assessment.status != "open":
        raise Refused("this assessment is closed")
    return participant


def progress_of(participant: Participant) -> dict:
    return json.loads(participant.progress or "{}")


def save_progress(session: Session, participant_id: str, progress: dict, lang: str) -> None:
    """Where the participant is in the conversation, so that it can resume anywhere."""
    participant = get_participant(session, participant_id)
    if participant.completed_at is not None:
        raise Refused("this conversation is finished")
    participant.progress = json.dumps(progress, ensure_ascii=False)
    participant.lang = lang
    session.commit()


def new_resume_code(session: Session, participant_id: str) -> str:
    """A code to continue later from any device; a new code replaces the previous one."""
    participant = get_participant(session, participant_id)
    if participant.completed_at is not None:
        raise Refused("this conversation is finished")
    code = new_invite_code()
    participant.resume_code_hash = sha256_hex(normalise_code(code))
    session.commit()
    return code


def answers_of(session: Session, participant_id: str) -> list[Answer]:
    """The participant's own answers, oldest first (for reviewing before finishing)."""
    get_participant(session, participant_id)
    return list(
        session.scalars(
            select(Answer).where(Answer.participant_id == participant_id).order_by(Answer.id)
        )
    )


def remove_own_answer(session: Session, participant_id: str, answer_id: int) -> None:
    """A participant replaces an answer while reviewing: the old one goes, with its codings."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.participant_id != participant_id:
        raise NotFound(f"participant has no answer {answer_id}")
    get_participant(session, participant_id)
    session.delete(answer)
    session.commit()
