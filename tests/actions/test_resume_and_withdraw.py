"""Coming back (resume by this page or by a resume code) and deleting one's answers later
with the deletion code, with real trackers and a real HTTP server in place of the API."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFinishWithdraw, ActionResume, ValidateWithdrawForm
from tests.actions.support import progress_at

FOUND = {
    "participant_id": "f" * 32,
    "role": "employee",
    "lang": "nb",
    "k": 7,
    "progress": {"question": "group", "round": 1, "status": "paused"},
}


def tracker(text: str = "/greet", **slots: object) -> Tracker:
    return Tracker(
        sender_id="sender0123456789",
        slots={"language": "en"} | slots,
        latest_message={"text": text, "intent": {"name": "greet"}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def resume(a_tracker: Tracker) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionResume().run(dispatcher, a_tracker, {}))
    return dispatcher.messages, events


def test_an_unfinished_conversation_of_this_page_resumes(fake_api) -> None:
    fake_api.statuses = [200]
    fake_api.bodies = {"/api/participants/resume": FOUND}

    messages, events = resume(tracker())

    assert fake_api.requests == [
        {
            "path": "/api/participants/resume",
            "json": {"conversation_id": "sender0123456789", "resume_code": ""},
        }
    ]
    assert [m["text"] for m in messages] == ["Welcome back! Let's continue where you left off."]
    assert events == [
        SlotSet("resumed", True),
        SlotSet("resume_code", None),
        SlotSet("participant_id", "f" * 32),
        SlotSet("role", "employee"),
        SlotSet("anonymity_k", "7"),
        SlotSet("progress", progress_at("group", round=1)),
    ]


def test_a_resume_code_from_the_link_is_sent(fake_api) -> None:
    fake_api.statuses = [200]
    fake_api.bodies = {"/api/participants/resume": FOUND}

    resume(tracker(resume_code="RRRR-SSSS-TTTT"))

    assert fake_api.requests[0]["json"] == {
        "conversation_id": "sender0123456789",
        "resume_code": "RRRR-SSSS-TTTT",
    }


def test_nothing_to_resume_starts_afresh_and_an_unknown_code_is_said(fake_api) -> None:
    fake_api.statuses = [404]

    quiet, fresh = resume(tracker())
    told, _ = resume(tracker(resume_code="RRRR-SSSS-TTTT"))

    assert quiet == [] and fresh == [SlotSet("resumed", False), SlotSet("resume_code", None)]
    assert [m["response"] for m in told] == ["utter_resume_code_unknown"]


def validate_code(text: str, intent: str = "statement") -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    a_tracker = tracker(text)
    a_tracker.latest_message["intent"] = {"name": intent}
    slots = asyncio.run(
        ValidateWithdrawForm().validate_deletion_code(text, dispatcher, a_tracker, {})
    )
    return dispatcher.messages, slots


def test_the_deletion_code_deletes_and_says_how_many(fake_api) -> None:
    fake_api.statuses = [200]
    fake_api.bodies = {"/api/participants/withdraw": {"deleted_answers": 3}}

    messages, slots = validate_code("my code is abcd efgh jkmn")

    assert fake_api.requests[0]["json"] == {"deletion_code": "abcd efgh jkmn"}
    assert [m["text"] for m in messages] == [
        "Your answers have been deleted (3 answers). Thank you for taking part."
    ]
    assert slots == {"deletion_code": "deleted"}


def test_an_unknown_deletion_code_is_asked_again(fake_api) -> None:
    fake_api.statuses = [404]

    messages, slots = validate_code("ABCD-EFGH-JKMZ")

    assert [m["text"] for m in messages] == [
        "I can't find that code. Please check it and try again."
    ]
    assert slots == {"deletion_code": None}


def test_when_the_api_is_down_nothing_is_lost_and_it_is_said(fake_api) -> None:
    fake_api.statuses = [503]

    messages, slots = validate_code("ABCD-EFGH-JKMN")

    assert [m["response"] for m in messages] == ["utter_service_unavailable"]
    assert slots == {"deletion_code": None}


def test_after_a_withdrawal_the_code_is_forgotten() -> None:
    events = asyncio.run(ActionFinishWithdraw().run(CollectingDispatcher(), tracker(), {}))

    assert events == [SlotSet("deletion_code", None)]


def test_help_while_asked_for_the_code_is_answered_and_no_code_sent(fake_api) -> None:
    messages, slots = validate_code("how does this work?", "help")

    assert [m["response"] for m in messages] == ["utter_help"]
    assert slots == {"deletion_code": None} and fake_api.requests == []


def test_no_while_asked_for_the_code_cancels(fake_api) -> None:
    messages, slots = validate_code("no, forget it", "deny")

    assert messages == [] and slots == {"deletion_code": "cancelled"}
    assert fake_api.requests == []
