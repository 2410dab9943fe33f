"""Database tables as SQLAlchemy 2 typed models. Alembic migrations create them.

Nothing here identifies a person: participants are random ids with a role and a language;
answers hold scrubbed text only; tokens and deletion codes are stored hashed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Assessment(Base):
    """One needs assessment of one workplace (organisation and unit)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(20), default="nb,en")
    k: Mapped[int] = mapped_column(Integer, default=5)
    quote_k: Mapped[int] = mapped_column(Integer, default=10)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    invite_codes: Mapped[list[InviteCode]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class InviteCode(Base):
    """A code handed out to employees or to managers; stored normalised (no dashes or
    spaces, upper case) so that it is accepted however it is typed."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    audience: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(32), unique=True)

    assessment: Mapped[Assessment] = relationship(back_populates="invite_codes")


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(2))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deletion_code_hash: Mapped[str | None] = mapped_column(String(64))
    # Resuming: the chat page's conversation id (employees) or a resume code (managers),
    # both only as hashes; progress is where in the conversation the participant is.
    conversation_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    progress: Mapped[str] = mapped_column(Text, default="{}")

    assessment: Mapped[Assessment] = relationship()


class Answer(Base):
    """One participant answer to one question, stored only after scrubbing."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_hash: Mapped[str] = mapped_column(String(64), index=True)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(64))
    level_asked: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    source: Mapped[str] = mapped_column(String(16))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    codings: Mapped[list[Coding]] = relationship(
        back_populates="answer",
        order_by="Coding.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Coding(Base):
    """One coding of an answer. Codings are never overwritten: a confirmation, a
    correction or a facilitator's recoding adds a row, and the newest row counts."""

    __tablename__ = "codings"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(20))
    polarity: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    answer: Mapped[Answer] = relationship(back_populates="codings")


class ContextRating(Base):
    """A manager's answer to one item of the context measure: a 1-5 rating or a yes/no
    about what exists, or "dont_know". One row per participant and item (a change replaces
    it)."""

    __tablename__ = "context_ratings"
    __table_args__ = (UniqueConstraint("participant_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class FacilitatorToken(Base):
    """A facilitator's bearer token, stored as a SHA-256 hash; shown once at creation."""

    __tablename__ = "facilitator_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
