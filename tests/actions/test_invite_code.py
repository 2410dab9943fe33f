"""The code form's validation and opening a participant after consent, with real trackers
and a real HTTP server in place of the API."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionOpenParticipant, ValidateCodeForm
from actions.guide import load_guide
from actions.invite import extract_code, is_only_a_code
from actions.reflection import Progress


def tracker(slots: dict) -> Tracker:
    return Tracker(
        sender_id="sender0123456789",
        slots={"language": "en", "requested_slot": "invite_code"} | slots,
        latest_message={"text": "x", "intent": {"name": "statement"}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "code_form"},
        latest_action_name="code_form",
    )


def validate(typed: str) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    slots = asyncio.run(ValidateCodeForm().validate_invite_code(typed, dispatcher, tracker({}), {}))
    return dispatcher.messages, slots


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN"),
        ("my code is abcd efgh jkmn thanks", "abcd efgh jkmn"),
        ("koden er abcdefghjkmn", "abcdefghjkmn"),
        ("no code here", "no code here"),
    ],
)
def test_the_code_is_found_in_what_was_typed(typed: str, code: str) -> None:
    assert extract_code(typed) == code


def test_a_valid_code_is_kept_with_the_threshold(fake_api) -> None:
    fake_api.statuses = [200]
    fake_api.bodies = {
        "/api/invite-codes/check": {"assessment_id": 1, "audience": "employee", "k": 7}
    }

    messages, slots = validate("my code is ABCD EFGH JKMN")

    assert messages == []
    assert slots == {"invite_code": "ABCD EFGH JKMN", "anonymity_k": "7", "audience": "employee"}
    assert fake_api.requests == [
        {
            "path": "/api/invite-codes/check",
            "json": {"code": "ABCD EFGH JKMN", "conversation_id": "sender0123456789"},
        }
    ]


@pytest.mark.parametrize(
    ("status", "response"),
    [
        (404, "utter_code_unknown"),
        (409, "utter_code_refused"),
        (429, "utter_code_too_many"),
        (500, "utter_service_unavailable"),
    ],
)
def test_a_refused_code_is_cleared_and_the_reason_said(
    fake_api, status: int, response: str
) -> None:
    fake_api.statuses = [status]

    messages, slots = validate("ABCD-EFGH-JKMZ")

    assert slots == {"invite_code": None}
    assert [m["response"] for m in messages] == [response]


def test_consent_opens_the_participant(fake_api) -> None:
    fake_api.bodies = {"/api/participants": {"participant_id": "f" * 32, "k": 5}}
    dispatcher = CollectingDispatcher()
    a_tracker = tracker({"invite_code": "ABCD-EFGH-JKMN", "language": "nb"})

    events = asyncio.run(ActionOpenParticipant().run(dispatcher, a_tracker, {}))

    assert events == [
        SlotSet("participant_id", "f" * 32),
        SlotSet("progress", Progress.start(load_guide("employee")).to_dict()),
    ]
    assert dispatcher.messages == []
    assert fake_api.requests[0]["json"] == {
        "code": "ABCD-EFGH-JKMN",
        "lang": "nb",
        "conversation_id": "sender0123456789",
    }


def test_when_the_participant_cannot_be_opened_the_participant_is_told(fake_api) -> None:
    fake_api.statuses = [503]
    dispatcher = CollectingDispatcher()

    events = asyncio.run(ActionOpenParticipant().run(dispatcher, tracker({"invite_code": "X"}), {}))

    assert events[0] == SlotSet("participant_id", None)
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_unavailable"]


def test_a_payload_is_never_a_code(fake_api) -> None:
    messages, slots = validate('/greet{"language": "nb"}')

    assert (messages, slots) == ([], {"invite_code": None})
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("text", "only_a_code"),
    [
        ("x507 frtj s9b7", True),
        ("X507-FRTJ-S9B7", True),
        ("koden er jzs7 y69r cagt", True),
        ("my code is REMS-PCZF-CD84.", True),
        ("I want to die x507 frtj s9b7", False),
        ("sykepleieren", False),
        ("much more time", False),
        ("HELP HELP HELP", False),
    ],
)
def test_a_message_that_is_only_a_code_is_recognised(text: str, only_a_code: bool) -> None:
    assert is_only_a_code(text) is only_a_code
