"""The reflection's Services on top of the API client, for one conversation turn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions import api_client
from actions.api_client import Answer, ApiConfig, StoredAnswer, idempotency_key
from actions.guide import Question


@dataclass(frozen=True)
class ApiServices:
    config: ApiConfig
    conversation_id: str
    participant_id: str
    lang: str
    message_timestamp: float
    source: str = "chat"

    async def save_answer(self, question: Question, text: str) -> StoredAnswer | None:
        answer = Answer(
            conversation_id=self.conversation_id,
            question_id=question.id,
            text=text,
            lang=self.lang,
            idempotency_key=idempotency_key(
                self.conversation_id, question.id, self.message_timestamp
            ),
            source=self.source,
            participant_id=self.participant_id,
            level_asked=question.level or "open",
        )
        return await api_client.submit_answer(answer, self.config)

    async def record_coding(self, answer_id: int, category: str, polarity: str,
                            origin: str) -> bool:  # fmt: skip
        return await api_client.record_participant_coding(
            answer_id, category, polarity, origin, self.config
        )

    async def withdraw(self) -> bool:
        return await api_client.withdraw_now(self.participant_id, self.config)

    async def resume_code(self) -> str | None:
        return await api_client.new_resume_code(self.participant_id, self.config)

    async def rate(self, item_id: str, value: str) -> bool:
        return await api_client.rate_context(self.participant_id, item_id, value, self.config)

    async def own_answers(self) -> list[dict[str, Any]] | None:
        return await api_client.own_answers(self.participant_id, self.config)

    async def remove_answer(self, answer_id: int) -> bool:
        return await api_client.remove_answer(self.participant_id, answer_id, self.config)
