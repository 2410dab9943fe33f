"""The manager interview: the role question, the interview guide with its context measure
and the review before finishing, with real trackers and a real HTTP server as the API."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAskAnswer,
    ActionOpenParticipant,
    ValidateCodeForm,
)
from actions.guide import load_guide
from actions.invite import manager_role
from tests.actions.support import form_tracker, progress_at, say

PARTICIPANT = "m" * 32
BASE = f"/api/participants/{PARTICIPANT}"
RECEIPT = {"id": 9, "coding": {"category": "individual.work_content", "polarity": "demand"}}
GUIDE = load_guide("manager")
FIRST_RATING = next(q for q in GUIDE.questions if q.kind == "rating")
FIRST_ITEM = next(q for q in GUIDE.questions if q.kind == "inventory")


def progress(**changes: Any) -> dict[str, Any]:
    return progress_at("unit_situation") | changes


def tracker(
    text: str = "",
    intent: str = "statement",
    entities: dict | None = None,
    language: str = "en",
    **slots: Any,
) -> Tracker:
    base = {
        "language": language,
        "participant_id": PARTICIPANT,
        "role": "middle_manager",
        "answer": text,
        "progress": progress(),
    }
    return form_tracker(text, intent, entities, base | slots, timestamp=3.5)


def asked(a_tracker: Tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskAnswer().run(dispatcher, a_tracker, {}))
    return dispatcher.messages


@pytest.fixture(autouse=True)
def api(fake_api):
    fake_api.bodies = {"/api/answers": RECEIPT}
    fake_api.status_for = {f"{BASE}/progress": 204, f"{BASE}/context": 201}
    return fake_api


@pytest.mark.parametrize(
    ("entity", "typed", "role"),
    [
        ("middle_manager", '/inform_role{"role": "middle_manager"}', "middle_manager"),
        (None, "jeg er avdelingsleder", "middle_manager"),
        (None, "I'm in the senior management team", "senior_manager"),
        (None, "jeg sitter i ledergruppen", "senior_manager"),
        (None, "banana", None),
    ],
)
def test_the_role_is_taken_from_the_button_or_the_words(entity, typed, role) -> None:
    assert manager_role(entity, typed) == role


def test_a_manager_code_asks_for_the_role_and_nothing_else() -> None:
    form = ValidateCodeForm()
    for audience, expected in (("manager", ["invite_code", "role"]), ("employee", ["invite_code"])):
        a_tracker = tracker(audience=audience)
        slots = asyncio.run(
            form.required_slots(["invite_code"], CollectingDispatcher(), a_tracker, {})
        )
        assert slots == expected


def test_consent_opens_the_manager_with_the_role(api) -> None:
    api.bodies = {"/api/participants": {"participant_id": PARTICIPANT, "k": 5}}
    a_tracker = tracker(invite_code="MMMM-NNNN-PPPP", role="senior_manager", participant_id=None)

    asyncio.run(ActionOpenParticipant().run(CollectingDispatcher(), a_tracker, {}))

    assert api.requests[0]["json"]["role"] == "senior_manager"


def test_the_interview_starts_with_the_unit_and_answers_are_interview_statements(api) -> None:
    [question] = asked(tracker())
    _, slots = say(tracker("We run two wards with far too few nurses on evenings"))

    assert question["text"] == GUIDE.question("unit_situation").text["en"]
    sent = api.requests[0]["json"]
    assert (sent["question_id"], sent["source"]) == ("unit_situation", "interview")
    assert slots["progress"]["pending"]["answer_id"] == 9


def test_a_short_answer_gets_the_questions_own_probe(api) -> None:
    _, slots = say(tracker("busy"))

    [probe] = asked(tracker(progress=slots["progress"]))
    assert probe["text"] == GUIDE.question("unit_situation").probes["en"][0]


def test_the_context_measure_asks_with_buttons_and_stores_the_choice(api) -> None:
    at_rating = progress(question=FIRST_RATING.id)
    messages = asked(tracker(progress=at_rating, language="nb"))
    _, slots = say(tracker("/rate", "rate", {"rating": "4"}, progress=at_rating))
    _, typed = say(tracker("vet ikke", "statement", language="nb", progress=at_rating))

    assert [m["text"] for m in messages] == [
        "Nå kommer noen korte påstander om hvordan arbeidsplassen din jobber med mental helse. "
        "Hvor enig er du i hver av dem? Velg «Vet ikke» hvis du ikke vet.",
        FIRST_RATING.text["nb"],
    ]
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        '/rate{"rating": "1"}',
        '/rate{"rating": "2"}',
        '/rate{"rating": "3"}',
        '/rate{"rating": "4"}',
        '/rate{"rating": "5"}',
        '/rate{"rating": "dont_know"}',
    ]
    context = [r["json"] for r in api.requests if r["path"] == f"{BASE}/context"]
    assert context == [
        {"item_id": FIRST_RATING.id, "value": "4"},
        {"item_id": FIRST_RATING.id, "value": "dont_know"},
    ]
    assert slots["progress"]["question"] == GUIDE.after(FIRST_RATING.id).id


def test_the_inventory_takes_yes_no_or_dont_know(api) -> None:
    at_item = progress(question=FIRST_ITEM.id)

    [intro, item] = asked(tracker(progress=at_item))
    say(tracker("yes", "affirm", progress=at_item))

    assert intro["text"].startswith("Finally: which of these does your organisation have")
    assert [b["title"] for b in item["buttons"]] == ["Yes", "No", "Don't know"]
    assert api.requests[0]["json"] == {"item_id": FIRST_ITEM.id, "value": "yes"}


def test_the_review_lists_the_answers_and_one_can_be_rewritten(api) -> None:
    api.status_for[f"{BASE}/answers/9"] = 204
    api.status_for[f"{BASE}/answers"] = 200
    api.bodies[f"{BASE}/answers"] = [
        {"id": 9, "question_id": "barriers", "text": "No time", "category": None, "polarity": None}
    ]
    at_review = progress(question="review")

    [review] = asked(tracker(progress=at_review))
    _, picked = say(
        tracker(
            "/review", "review", {"answer_id": "9", "question_id": "barriers"}, progress=at_review
        )
    )
    [ask_new] = asked(tracker(progress=picked["progress"]))
    messages, rewritten = say(
        tracker(
            "Budgets are cut every year, so nothing new gets started", progress=picked["progress"]
        )
    )
    _, finished = say(tracker("/affirm", "affirm", progress=at_review))

    assert review["text"] == (
        "Before you finish, here are your answers. Would you like to change any of them?\n"
        "1. No time"
    )
    assert [b["title"] for b in review["buttons"]] == ["Change 1", "No, finish"]
    assert ask_new["text"] == f'Write your new answer to: "{GUIDE.question("barriers").text["en"]}"'
    assert [m["text"] for m in messages] == [
        "Thank you. Your answer has been saved, without anything that could identify you. "
        "Your earlier answer has been replaced."
    ]
    posted = next(r for r in api.requests if r["path"] == "/api/answers")["json"]
    assert posted["question_id"] == "barriers"
    assert {"path": f"{BASE}/answers/9", "method": "DELETE", "json": None} in api.requests
    assert rewritten["progress"]["changing"] is None and rewritten["progress"]["pending"]
    assert finished["answer"] == "done"


def test_pausing_gives_the_manager_a_code_for_days_later(api) -> None:
    api.statuses = [200]
    api.bodies[f"{BASE}/resume-code"] = {"resume_code": "QQQQ-RRRR-SSSS"}

    messages, slots = say(tracker("I'll continue later", "pause"))

    assert "even days from now and from another device" in messages[0]["text"]
    assert messages[0]["custom"] == {"resume_code": "QQQQ-RRRR-SSSS"}
    assert slots["answer"] == "paused"
