"""Short questions and commands during the reflection, and long answers that stay answers."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ValidateReflectionForm
from actions.interruptions import SKIPPED, interruption


def validate(text: str, intent: str) -> tuple[list[dict], dict]:
    tracker = Tracker(
        sender_id="sender0123456789",
        slots={"language": "en", "requested_slot": "key_issue", "key_issue": text},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "reflection_form"},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    slots = ValidateReflectionForm().validate_key_issue(text, dispatcher, tracker, {})
    return dispatcher.messages, slots


@pytest.mark.parametrize(
    ("text", "intent", "response"),
    [
        ("/help", "help", "utter_help"),
        ("is this anonymous?", "ask_anonymity", "utter_anonymity"),
        ("hvorfor spør du om dette?", "ask_why", "utter_why"),
    ],
)
def test_a_short_question_is_answered_and_the_question_asked_again(
    text: str, intent: str, response: str
) -> None:
    messages, slots = validate(text, intent)

    assert [m["response"] for m in messages] == [response]
    assert slots == {"key_issue": None}


def test_repeat_just_asks_again() -> None:
    assert validate("what was the question?", "repeat_question") == ([], {"key_issue": None})


def test_skip_moves_on_without_an_answer() -> None:
    messages, slots = validate("hopp over", "skip")

    assert [m["response"] for m in messages] == ["utter_skipped"]
    assert slots == {"key_issue": SKIPPED}


def test_a_long_answer_is_an_answer_whatever_its_words() -> None:
    text = "I need help with my workload and I would skip lunch every day if I could"

    assert validate(text, "help") == ([], {"key_issue": text})


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("help", "help", "help"),
        ("statement", "help", None),
        ("skip", "/skip", "skip"),
        ("skip", "skip " * 7, None),
    ],
)
def test_what_counts_as_an_interruption(intent: str, text: str, expected: str | None) -> None:
    assert interruption(intent, text) == expected


def test_a_payload_is_never_an_answer() -> None:
    assert validate('/greet{"language": "en"}', "greet") == ([], {"key_issue": None})
