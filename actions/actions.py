"""Rasa custom actions: thin wiring from the tracker to the plain modules."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api_client import (
    Answer,
    ApiConfig,
    check_code,
    idempotency_key,
    open_participant,
    submit_answer,
)
from actions.invite import decide, extract_code
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
            participant_id=tracker.get_slot("participant_id"),
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


class ValidateCodeForm(FormValidationAction):
    """Checks the invite code with the API; a good code opens a participant."""

    def name(self) -> str:
        return "validate_code_form"

    async def validate_invite_code(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        code = extract_code(str(slot_value or ""))
        check = await check_code(code, tracker.sender_id, ApiConfig.from_env())
        decision = decide(code, check)
        if decision.response:
            dispatcher.utter_message(response=decision.response)
        return decision.slots


class ActionOpenParticipant(Action):
    """After consent: opens the participant the answers will belong to."""

    def name(self) -> str:
        return "action_open_participant"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        participant_id = await open_participant(
            tracker.get_slot("invite_code") or "",
            tracker.get_slot("language") or "nb",
            tracker.sender_id,
            ApiConfig.from_env(),
        )
        if participant_id is None:
            dispatcher.utter_message(response="utter_service_unavailable")
        return [SlotSet("participant_id", participant_id)]
