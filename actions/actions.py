"""Rasa custom actions: thin wiring from the tracker to the plain modules."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api_client import Answer, ApiConfig, idempotency_key, submit_answer
from actions.tracker_reading import last_user_message_timestamp

KEY_ISSUE_QUESTION = "key_issue"


class ActionSaveAnswer(Action):
    """Sends the participant's answer to the API and tells them whether it was saved."""

    def name(self) -> str:
        return "action_save_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        answer = Answer(
            conversation_id=tracker.sender_id,
            question_id=KEY_ISSUE_QUESTION,
            text=tracker.get_slot(KEY_ISSUE_QUESTION) or "",
            lang=tracker.get_slot("language") or "nb",
            idempotency_key=idempotency_key(
                tracker.sender_id,
                KEY_ISSUE_QUESTION,
                last_user_message_timestamp(tracker.events),
            ),
        )
        saved = await submit_answer(answer, ApiConfig.from_env())
        dispatcher.utter_message(
            response="utter_answer_saved" if saved else "utter_answer_not_saved"
        )
        return [SlotSet(KEY_ISSUE_QUESTION, None)]
