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
    record_participant_coding,
    submit_answer,
)
from actions.interruptions import RESPONSES, SKIPPED, interruption, is_payload
from actions.invite import decide, extract_code
from actions.tracker_reading import last_user_message_timestamp
from actions.wording import UNPLACED, choice_message, thanks_message, understood_message

KEY_ISSUE_QUESTION = "key_issue"


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "nb"


class ActionSaveAnswer(Action):
    """Sends the participant's answer to the API and tells them whether it was saved."""

    def name(self) -> str:
        return "action_save_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.get_slot(KEY_ISSUE_QUESTION) == SKIPPED:
            return [SlotSet(KEY_ISSUE_QUESTION, None)]
        answer = Answer(
            conversation_id=tracker.sender_id,
            question_id=KEY_ISSUE_QUESTION,
            text=tracker.get_slot(KEY_ISSUE_QUESTION) or "",
            participant_id=tracker.get_slot("participant_id"),
            lang=language_of(tracker),
            idempotency_key=idempotency_key(
                tracker.sender_id,
                KEY_ISSUE_QUESTION,
                last_user_message_timestamp(tracker.events),
            ),
        )
        receipt = await submit_answer(answer, ApiConfig.from_env())
        if receipt is None:
            dispatcher.utter_message(response="utter_answer_not_saved")
            return [SlotSet(KEY_ISSUE_QUESTION, None)]
        if receipt.care_needed:
            # Care before anything else; no questions about coding at such a moment.
            dispatcher.utter_message(response="utter_crisis")
            dispatcher.utter_message(response="utter_answer_saved")
            return [SlotSet(KEY_ISSUE_QUESTION, None)]
        dispatcher.utter_message(response="utter_answer_saved")
        placed = receipt.category not in (None, UNPLACED)
        message = (
            understood_message(receipt.category, receipt.polarity, answer.lang)
            if placed
            else choice_message(None, answer.lang)
        )
        dispatcher.utter_message(**message)
        return [
            SlotSet(KEY_ISSUE_QUESTION, None),
            SlotSet("answer_id", str(receipt.id)),
            SlotSet("coded_category", receipt.category),
            SlotSet("coded_polarity", receipt.polarity or "demand"),
        ]


class ValidateReflectionForm(FormValidationAction):
    """Tells a short question or command (help, is this anonymous?, why?, repeat, skip)
    from an answer; the form then asks its question again, or moves on after skip."""

    def name(self) -> str:
        return "validate_reflection_form"

    def validate_key_issue(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        found = interruption(intent, text)
        if found is None:
            return {"key_issue": None if is_payload(text) else slot_value}
        if RESPONSES[found]:
            dispatcher.utter_message(response=RESPONSES[found])
        return {"key_issue": SKIPPED if found == "skip" else None}


class ValidateCodeForm(FormValidationAction):
    """Checks the invite code with the API (opens nothing: that waits for consent)."""

    def name(self) -> str:
        return "validate_code_form"

    async def validate_invite_code(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        if is_payload(str(slot_value or "")):
            return {"invite_code": None}  # e.g. the page greeting again after a reload
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
            language_of(tracker),
            tracker.sender_id,
            ApiConfig.from_env(),
        )
        if participant_id is None:
            dispatcher.utter_message(response="utter_service_unavailable")
        return [SlotSet("participant_id", participant_id)]


async def _record(tracker: Tracker, category: str, origin: str) -> bool:
    return await record_participant_coding(
        int(tracker.get_slot("answer_id")),
        category,
        tracker.get_slot("coded_polarity") or "demand",
        origin,
        ApiConfig.from_env(),
    )


def _thank_or_apologise(dispatcher: CollectingDispatcher, saved: bool, lang: str) -> None:
    if saved:
        dispatcher.utter_message(**thanks_message(lang))
    else:
        dispatcher.utter_message(response="utter_answer_not_saved")


class ActionConfirmCoding(Action):
    """The participant agrees with how their statement was understood."""

    def name(self) -> str:
        return "action_confirm_coding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        saved = await _record(tracker, tracker.get_slot("coded_category"), "participant_confirmed")
        _thank_or_apologise(dispatcher, saved, language_of(tracker))
        return []


class ActionOfferCategories(Action):
    """The participant disagrees: offer the categories of that level, or all, and P."""

    def name(self) -> str:
        return "action_offer_categories"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = language_of(tracker)
        dispatcher.utter_message(**choice_message(tracker.get_slot("coded_category"), lang))
        return []


class ActionCorrectCoding(Action):
    """Stores the category the participant chose ("other" shows every category)."""

    def name(self) -> str:
        return "action_correct_coding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = language_of(tracker)
        chosen = tracker.get_slot("category")
        if chosen == "other" or not chosen:
            dispatcher.utter_message(**choice_message(None, lang))
            return [SlotSet("category", None)]
        saved = await _record(tracker, chosen, "participant_corrected")
        _thank_or_apologise(dispatcher, saved, lang)
        return [SlotSet("category", None)]
