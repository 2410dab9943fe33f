"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE_CHARS = 5000
Language = Literal["nb", "en"]


class ChatTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sender: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class BotButton(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[BotButton] | None = None
    custom: dict | None = None


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(min_length=1, max_length=128)
    question_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.]+$")
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    lang: Language
    source: Literal["chat", "interview", "transcript"] = "chat"
    idempotency_key: str = Field(min_length=16, max_length=128)
    participant_id: str | None = Field(default=None, min_length=1, max_length=32)
    level_asked: Literal["open", "individual", "group", "leader", "organisation"] | None = None


class CodingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    category: str
    level: str
    polarity: Literal["demand", "resource"]
    confidence: float | None
    origin: str


class AnswerOut(BaseModel):
    id: int
    question_id: str
    text: str
    lang: Language
    source: str
    created: bool
    coding: CodingOut | None = None
    care_needed: bool = False


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    organisation: str = Field(default="", max_length=200)
    unit: str = Field(default="", max_length=200)
    k: int = Field(default=5, ge=2, le=100)
    quote_k: int | None = Field(default=None, ge=2, le=1000)
    languages: list[Language] = Field(default=["nb", "en"], min_length=1)


class AssessmentOut(BaseModel):
    id: int
    name: str
    organisation: str
    unit: str
    k: int
    quote_k: int
    languages: list[str]
    status: Literal["open", "closed"]


class NewAssessmentOut(AssessmentOut):
    employee_code: str
    manager_code: str


class ComponentHealth(BaseModel):
    database: bool
    rasa: bool
    action_server: bool


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    components: ComponentHealth
    down: list[str]


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=4, max_length=64)
    lang: Language
    role: Literal["employee", "middle_manager", "senior_manager"] | None = None
    conversation_id: str = Field(default="", max_length=128)


class CodeCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=4, max_length=64)
    conversation_id: str = Field(default="", max_length=128)


class CodeCheckOut(BaseModel):
    assessment_id: int
    audience: Literal["employee", "manager"]
    k: int


class ParticipantOut(BaseModel):
    participant_id: str
    assessment_id: int
    audience: Literal["employee", "manager"]
    role: str
    k: int


class ResumeIn(BaseModel):
    """Either the chat page's conversation id or a resume code given earlier."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(default="", max_length=128)
    resume_code: str = Field(default="", max_length=64)


class ParticipantStateOut(BaseModel):
    participant_id: str
    role: str
    lang: str
    k: int
    progress: dict


class ProgressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Language
    progress: dict


class ContextRatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(min_length=1, max_length=64)
    value: str = Field(min_length=1, max_length=10)


class ContextRatingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    item_id: str
    kind: str
    value: str


class ResumeCodeOut(BaseModel):
    resume_code: str


class OwnAnswerOut(BaseModel):
    """One of the participant's own answers as stored (scrubbed), with its latest coding."""

    id: int
    question_id: str
    text: str
    category: str | None
    polarity: str | None


class DeletionCodeOut(BaseModel):
    deletion_code: str


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deletion_code: str = Field(min_length=4, max_length=64)


class WithdrawOut(BaseModel):
    deleted_answers: int


class ParticipantCodingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(min_length=1, max_length=64)
    polarity: Literal["demand", "resource"]
    origin: Literal["participant_confirmed", "participant_corrected"]


class StatementOut(BaseModel):
    id: int
    text: str | None
    category: str
    level: str
    polarity: str
    confidence: float | None
    source: str
    role: str
    lang: str
    confirmed: bool


class StatementsOut(BaseModel):
    suppressed: bool
    k: int
    participants: int | None
    quotes_shown: bool
    statements: list[StatementOut]


class RecodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(min_length=1, max_length=64)
    polarity: Literal["demand", "resource"]

    @field_validator("category")
    @classmethod
    def _known_category(cls, category: str) -> str:
        from api.nlp.taxonomy import load_taxonomy

        if category not in (*load_taxonomy().category_ids, "P"):
            raise ValueError(f"unknown category {category!r}")
        return category
