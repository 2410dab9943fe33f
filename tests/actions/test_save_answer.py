"""ActionSaveAnswer with real trackers and a real HTTP server in place of the API."""

from __future__ import annotations

import asyncio
import socket

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionSaveAnswer
from actions.api_client import idempotency_key
from actions.tracker_reading import last_user_message_timestamp


def tracker(text: str = "for mye overtid", language: str = "nb") -> Tracker:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 10.0},
        {"event": "user", "text": "/greet", "timestamp": 11.0},
        {"event": "user", "text": text, "timestamp": 12.5},
    ]
    return Tracker(
        sender_id="sender0123456789",
        slots={"key_issue": text, "language": language, "participant_id": "p" * 32},
        latest_message={"text": text, "intent": {"name": "statement"}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="reflection_form",
    )


def run_action(a_tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSaveAnswer().run(dispatcher, a_tracker, {}))
    return dispatcher.messages, events


def response_message(name: str) -> dict:
    return {
        "text": None,
        "buttons": [],
        "elements": [],
        "custom": {},
        "template": name,
        "response": name,
        "image": None,
        "attachment": None,
    }


RECEIPT = {"id": 3, "coding": {"category": "leader.leader_behaviour", "polarity": "demand"}}


def text_message(text: str, buttons: list[dict]) -> dict:
    return response_message(None) | {"text": text, "buttons": buttons}


@pytest.fixture(autouse=True)
def receipt(fake_api) -> None:
    fake_api.bodies = {"/api/answers": RECEIPT}


def test_a_saved_answer_is_reflected_back_for_confirmation(fake_api) -> None:
    messages, events = run_action(tracker())

    assert messages == [
        response_message("utter_answer_saved"),
        text_message(
            "Det høres ut som dette handler om hvordan lederen din leder, "
            "og at det er noe som bør bli bedre. Stemmer det?",
            [
                {"title": "Ja, det stemmer", "payload": "/affirm"},
                {"title": "Nei, ikke helt", "payload": "/deny"},
            ],
        ),
    ]
    assert events == [
        SlotSet("key_issue", None),
        SlotSet("answer_id", "3"),
        SlotSet("coded_category", "leader.leader_behaviour"),
        SlotSet("coded_polarity", "demand"),
    ]
    assert fake_api.requests == [
        {
            "path": "/api/answers",
            "json": {
                "conversation_id": "sender0123456789",
                "question_id": "key_issue",
                "text": "for mye overtid",
                "lang": "nb",
                "idempotency_key": idempotency_key("sender0123456789", "key_issue", 12.5),
                "source": "chat",
                "participant_id": "p" * 32,
            },
        }
    ]
    assert fake_api.headers[0]["X-Medvirk-Action-Key"] == "key-for-tests"


def test_an_answer_the_model_could_not_place_goes_straight_to_the_choice(fake_api) -> None:
    fake_api.bodies = {"/api/answers": {"id": 4, "coding": {"category": "P", "polarity": "demand"}}}

    messages, _ = run_action(tracker(language="en"))

    assert messages[1]["text"] == "Thanks for correcting me. Which fits best?"
    assert len(messages[1]["buttons"]) == 12 + 1  # every category, and "not sure"


def test_server_errors_are_retried_until_the_answer_is_stored(fake_api) -> None:
    fake_api.statuses = [500, 502, 201]

    messages, _ = run_action(tracker())

    assert messages[0] == response_message("utter_answer_saved")
    assert len(fake_api.requests) == 3
    assert len({r["json"]["idempotency_key"] for r in fake_api.requests}) == 1


def test_after_three_failures_the_participant_is_told(fake_api) -> None:
    fake_api.statuses = [503]

    messages, events = run_action(tracker())

    assert messages == [response_message("utter_answer_not_saved")]
    assert events == [SlotSet("key_issue", None)]
    assert len(fake_api.requests) == 3


def test_a_refused_answer_is_not_retried(fake_api) -> None:
    fake_api.statuses = [422]

    messages, _ = run_action(tracker())

    assert messages == [response_message("utter_answer_not_saved")]
    assert len(fake_api.requests) == 1


def test_an_unreachable_api_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("MEDVIRK_API_URL", f"http://127.0.0.1:{port}")

    messages, _ = run_action(tracker())

    assert messages == [response_message("utter_answer_not_saved")]


def test_the_key_identifies_one_message_of_one_conversation() -> None:
    key = idempotency_key("a", "key_issue", 1.5)

    assert key == idempotency_key("a", "key_issue", 1.5)
    assert key != idempotency_key("a", "key_issue", 1.6)
    assert key != idempotency_key("b", "key_issue", 1.5)
    assert key != idempotency_key("a", "other", 1.5)


def test_the_latest_user_message_gives_the_timestamp() -> None:
    assert last_user_message_timestamp(tracker().events) == 12.5
    assert last_user_message_timestamp([{"event": "bot", "timestamp": 3.0}]) == 0.0


def test_a_crisis_gets_care_first_and_no_questions_about_coding(fake_api) -> None:
    fake_api.bodies = {"/api/answers": RECEIPT | {"care_needed": True}}

    messages, events = run_action(tracker(text="jeg tenker på selvmord"))

    assert messages == [response_message("utter_crisis"), response_message("utter_answer_saved")]
    assert events == [SlotSet("key_issue", None)]


def test_a_skipped_question_sends_nothing(fake_api) -> None:
    a_tracker = tracker(text="__skipped__")

    messages, events = run_action(a_tracker)

    assert messages == [] and fake_api.requests == []
    assert events == [SlotSet("key_issue", None)]
