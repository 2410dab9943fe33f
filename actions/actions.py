"""Rasa custom actions: thin wiring from the tracker to the plain modules."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import api_client
from actions.api_client import ApiConfig, check_code
from actions.guide import Guide, load_guide
from actions.interruptions import is_payload
from actions.invite import MANAGER_ROLES, decide, extract_code, manager_role
from actions.reflection import Message, Progress, Turn, handle, prompt
from actions.services import ApiServices
from actions.tracker_reading import last_user_message_timestamp

EMPLOYEE = "employee"
MANAGER = "manager"
WITHDRAW_INTERRUPTIONS = {
    "help": "utter_help",
    "ask_anonymity": "utter_anonymity",
    "set_language": "utter_language_set",
}


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "nb"


def guide_for(role: str | None) -> Guide:
    """Managers are interviewed with the manager guide, everyone else reflects."""
    return load_guide(MANAGER if role in MANAGER_ROLES else EMPLOYEE)


def guide_of(tracker: Tracker) -> Guide:
    return guide_for(tracker.get_slot("role"))


def progress_of(tracker: Tracker, guide: Guide) -> Progress:
    return Progress.from_dict(tracker.get_slot("progress"), guide)


def turn_of(tracker: Tracker) -> Turn:
    message = tracker.latest_message
    entities = {e["entity"]: str(e.get("value")) for e in message.get("entities") or []}
    return Turn(message.get("text") or "", (message.get("intent") or {}).get("name"), entities)


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        custom = message.get("custom")
        plain = {k: v for k, v in message.items() if k != "custom"}
        dispatcher.utter_message(**plain, json_message=custom)


def services_for(tracker: Tracker) -> ApiServices:
    return ApiServices(
        config=ApiConfig.from_env(),
        conversation_id=tracker.sender_id,
        participant_id=tracker.get_slot("participant_id") or "",
        lang=language_of(tracker),
        message_timestamp=last_user_message_timestamp(tracker.events),
        source="interview" if tracker.get_slot("role") in MANAGER_ROLES else "chat",
    )


class ActionResume(Action):
    """On arrival: continue an unfinished conversation of this page, or of the resume code
    in the link, where it stopped."""

    def name(self) -> str:
        return "action_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        code = tracker.get_slot("resume_code") or ""
        found = await api_client.resume(ApiConfig.from_env(), tracker.sender_id, code)
        if found is None:
            if code:
                dispatcher.utter_message(response="utter_resume_code_unknown")
            return [SlotSet("resumed", False), SlotSet("resume_code", None)]
        guide = guide_for(found.role)
        progress = Progress.from_dict(found.progress, guide)
        # In the language of the page they come back on, which may be another device.
        dispatcher.utter_message(text=guide.words(language_of(tracker))["welcome_back"])
        return [
            SlotSet("resumed", True),
            SlotSet("resume_code", None),
            SlotSet("participant_id", found.participant_id),
            SlotSet("role", found.role),
            SlotSet("anonymity_k", str(found.k)),
            SlotSet("progress", {**progress.to_dict(), "status": "active"}),
        ]


class ValidateCodeForm(FormValidationAction):
    """Checks the invite code with the API (opens nothing: that waits for consent); with a
    manager code, asks whether they are a middle or a senior manager, and nothing else."""

    def name(self) -> str:
        return "validate_code_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        manager = tracker.get_slot("audience") == MANAGER
        return ["invite_code", "role"] if manager else ["invite_code"]

    def validate_role(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        role = manager_role(turn_of(tracker).entities.get("role"), str(slot_value or ""))
        return {"role": role}

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
        participant_id = await api_client.open_participant(
            tracker.get_slot("invite_code") or "",
            language_of(tracker),
            tracker.sender_id,
            ApiConfig.from_env(),
            role=tracker.get_slot("role"),
        )
        if participant_id is None:
            dispatcher.utter_message(response="utter_service_unavailable")
        start = Progress.start(guide_of(tracker)).to_dict()
        return [SlotSet("participant_id", participant_id), SlotSet("progress", start)]


class ValidateReflectionForm(FormValidationAction):
    """Every message during the reflection: an answer, a yes or no to its coding, or a
    short command. The progress goes to the API, so a restart loses nothing."""

    def name(self) -> str:
        return "validate_reflection_form"

    async def validate_answer(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        guide, lang, services = guide_of(tracker), language_of(tracker), services_for(tracker)
        outcome = await handle(turn_of(tracker), progress_of(tracker, guide), guide, lang,
                               services)  # fmt: skip
        send(dispatcher, outcome.messages)
        progress = outcome.progress.to_dict()
        if services.participant_id and outcome.progress.status != "withdrawn":
            stored = outcome.progress.to_stored()
            await api_client.save_progress(services.participant_id, stored, lang, services.config)

        return {"answer": outcome.progress.status if outcome.finished else None,
                "progress": progress}  # fmt: skip


class ActionAskAnswer(Action):
    """Asks what the reflection needs now: a question, a probe, a yes or no, a choice."""

    def name(self) -> str:
        return "action_ask_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        guide = guide_of(tracker)
        progress = progress_of(tracker, guide)
        answers = None
        if guide.question(progress.question).kind == "review":
            answers = await services_for(tracker).own_answers()
        send(dispatcher, prompt(progress, guide, language_of(tracker), answers))
        return []


class ActionFinishReflection(Action):
    """The reflection ended: thanks and a deletion code, or confirmation of deletion."""

    def name(self) -> str:
        return "action_finish_reflection"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        words = guide_of(tracker).words(language_of(tracker))
        status = progress_of(tracker, guide_of(tracker)).status
        participant_id = tracker.get_slot("participant_id") or ""
        events: list[EventType] = [SlotSet("answer", None)]
        if status == "withdrawn":
            dispatcher.utter_message(text=words["withdrawn"])
            return [*events, SlotSet("participant_id", None)]
        if status != "done":
            return events  # paused: the resume code has been given already
        code = await api_client.complete_participant(participant_id, ApiConfig.from_env())
        if code is None:
            dispatcher.utter_message(response="utter_service_unavailable")
            return events
        dispatcher.utter_message(text=words["finished"])
        dispatcher.utter_message(text=words["deletion_code"].format(code=code))
        return [*events, SlotSet("participant_id", None)]


class ValidateWithdrawForm(FormValidationAction):
    """'I want to delete my answers' later: the deletion code removes them."""

    def name(self) -> str:
        return "validate_withdraw_form"

    async def validate_deletion_code(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        words = load_guide(EMPLOYEE).words(language_of(tracker))
        turn = turn_of(tracker)
        text = str(slot_value or "")
        if turn.is_command and turn.intent in WITHDRAW_INTERRUPTIONS:
            dispatcher.utter_message(response=WITHDRAW_INTERRUPTIONS[turn.intent])
            return {"deletion_code": None}
        if turn.is_command and turn.intent in ("deny", "stop"):
            return {"deletion_code": "cancelled"}
        if is_payload(text):
            return {"deletion_code": None}
        deleted = await api_client.withdraw_with_code(extract_code(text), ApiConfig.from_env())
        if deleted is None:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"deletion_code": None}
        if deleted < 0:
            dispatcher.utter_message(text=words["deletion_code_unknown"])
            return {"deletion_code": None}
        dispatcher.utter_message(text=words["withdrawn_later"].format(count=deleted))
        return {"deletion_code": "deleted"}


class ActionFinishWithdraw(Action):
    """After a withdrawal by code: forget the code, so another can be given later."""

    def name(self) -> str:
        return "action_finish_withdraw"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return [SlotSet("deletion_code", None)]
