"""The reflection form with real trackers, and a real HTTP server in place of the API:
exact messages, slots and requests for each kind of turn."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAskAnswer, ActionFinishReflection
from actions.guide import level_cues, load_guide
from tests.actions.support import form_tracker, progress_at, say

PARTICIPANT = "p" * 32
PROGRESS_PATH = f"/api/participants/{PARTICIPANT}/progress"
LEADER = "leader.leader_behaviour"
RECEIPT = {"id": 3, "coding": {"category": LEADER, "polarity": "demand"}}
START = progress_at("key_issue")
PENDING = {"answer_id": 3, "category": LEADER, "polarity": "demand", "choosing": None}


def tracker(
    text: str,
    intent: str = "statement",
    entities: dict | None = None,
    language: str = "en",
    **progress: Any,
) -> Tracker:
    slots = {
        "language": language,
        "participant_id": PARTICIPANT,
        "answer": text,
        "progress": START | progress,
    }
    return form_tracker(text, intent, entities, slots)


def asked(**progress: Any) -> list[dict]:
    dispatcher = CollectingDispatcher()
    a_tracker = tracker("", language=progress.pop("language", "en"), **progress)
    assert asyncio.run(ActionAskAnswer().run(dispatcher, a_tracker, {})) == []
    return dispatcher.messages


def shown(messages: list[dict]) -> list[Any]:
    """Each message as its text, or its response name."""
    return [m["text"] or m["response"] for m in messages]


def titles(message: dict) -> list[str]:
    return [b["title"] for b in message["buttons"]]


@pytest.fixture(autouse=True)
def api(fake_api):
    fake_api.bodies = {"/api/answers": RECEIPT}
    fake_api.status_for = {PROGRESS_PATH: 204}
    return fake_api


def test_an_answer_is_saved_and_the_coding_put_to_the_participant(api) -> None:
    text = "we are understaffed on most shifts and everyone is exhausted"

    messages, slots = say(tracker(text))

    assert shown(messages) == [
        "Thank you. Your answer has been saved, without anything that could identify you."
    ]
    assert slots == {"answer": None, "progress": START | {"pending": PENDING}}
    sent = api.requests[0]["json"]
    assert (sent["text"], sent["question_id"], sent["level_asked"], sent["participant_id"]) == (
        text,
        "key_issue",
        "open",
        PARTICIPANT,
    )
    assert api.requests[1] == {
        "path": PROGRESS_PATH,
        "method": "PUT",
        "json": {"lang": "en", "progress": slots["progress"]},
    }
    [question] = asked(pending=PENDING)
    assert question["text"] == (
        "It sounds like this is about how your leader leads, and something that should "
        "improve. Is that right?"
    )
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]


def test_yes_confirms_the_coding_and_more_is_invited(api) -> None:
    messages, slots = say(tracker("/affirm", "affirm", pending=PENDING))

    assert api.requests[0] == {
        "path": "/api/answers/3/codings",
        "json": {"category": LEADER, "polarity": "demand", "origin": "participant_confirmed"},
    }
    assert shown(messages) == ["Thank you, I have noted it that way."]
    assert slots["progress"] == START | {"round": 1}
    [more] = asked(round=1)
    assert more["text"].startswith("Is there anything more about this")
    assert more["buttons"] == [{"title": "Next", "payload": "/skip"}]


def test_no_offers_the_level_then_every_category_then_the_polarity(api) -> None:
    _, after_no = say(tracker("/deny", "deny", pending=PENDING))
    level = after_no["progress"]["pending"]
    _, after_other = say(
        tracker("/choose_category", "choose_category", {"category": "other"}, pending=level)
    )
    every = after_other["progress"]["pending"]
    _, after_category = say(
        tracker(
            "/choose_category",
            "choose_category",
            {"category": "leader.leader_relations"},
            pending=every,
        )
    )
    chosen = after_category["progress"]["pending"]
    messages, done = say(
        tracker("/choose_category", "choose_category", {"polarity": "resource"}, pending=chosen)
    )

    assert titles(asked(pending=level)[0]) == [
        "Relationship with your leader",
        "Leader behaviour",
        "Something else",
        "Not sure",
    ]
    assert len(asked(pending=every)[0]["buttons"]) == 12 + 1
    polarity_question = asked(pending=chosen)[0]
    assert polarity_question["text"] == (
        "And about your relationship with your nearest "
        "leader: is it something that works, or something that should improve?"
    )
    assert [b["payload"] for b in polarity_question["buttons"]] == [
        '/choose_category{"polarity": "resource"}',
        '/choose_category{"polarity": "demand"}',
    ]
    assert [r["json"] for r in api.requests if "codings" in r["path"]] == [
        {
            "category": "leader.leader_relations",
            "polarity": "resource",
            "origin": "participant_corrected",
        }
    ]
    assert shown(messages) == ["Thank you, I have noted it that way."]
    assert done["progress"] == START | {"round": 1}


def test_a_very_short_answer_gets_one_probe_then_both_are_saved_together(api) -> None:
    messages, probed = say(tracker("workload"))
    _, saved = say(tracker("we have twelve patients each on evenings", **probed["progress"]))

    assert messages == [] and api.paths() == [PROGRESS_PATH, "/api/answers", PROGRESS_PATH]
    assert probed["progress"] == START | {"probed": True, "held": "workload"}
    assert api.requests[0]["json"]["progress"]["held"] == ""  # raw text never leaves
    assert asked(**probed["progress"])[0]["text"] == "Can you give an example?"
    assert api.requests[1]["json"]["text"] == "workload. we have twelve patients each on evenings"
    assert saved["progress"]["pending"] == PENDING


def test_the_probe_is_used_once_per_question(api) -> None:
    _, slots = say(tracker("bad rota", probed=True, round=1))

    assert "/api/answers" in api.paths()
    assert slots["progress"]["pending"] == PENDING


def test_skipping_moves_to_the_next_level_with_its_cues(api) -> None:
    messages, slots = say(tracker("skip", "skip"))

    assert messages == []
    assert slots == {"answer": None, "progress": START | {"question": "individual"}}
    [question] = asked(question="individual", language="nb")
    lines = question["text"].split("\n")
    assert lines[0].startswith("La oss se på nivåene ett for ett")
    assert lines[1:] == [f"• {cue}" for cue in level_cues("individual", "nb")]
    assert question["buttons"] == [{"title": "Hopp over", "payload": "/skip"}]


def test_skipping_after_a_vague_probe_keeps_nothing(api) -> None:
    messages, slots = say(tracker("/skip", "skip", probed=True, held="don't know"))

    assert shown(messages) == ["That's fine, let's move on."]
    assert "/api/answers" not in api.paths()
    assert slots["progress"] == START | {"question": "individual"}


def test_the_priority_answer_ends_the_reflection(api) -> None:
    messages, slots = say(tracker("more staff in the evenings matters most", question="priority"))

    assert api.requests[0]["json"]["question_id"] == "priority"
    assert shown(messages)[0].startswith("Thank you. Your answer has been saved")
    assert slots["answer"] == "done"


def test_finishing_completes_and_gives_a_deletion_code(api) -> None:
    api.statuses = [200]
    api.bodies = {f"/api/participants/{PARTICIPANT}/complete": {"deletion_code": "AAAA-BBBB-CCCC"}}
    dispatcher = CollectingDispatcher()

    events = asyncio.run(ActionFinishReflection().run(dispatcher, tracker("", status="done"), {}))

    assert shown(dispatcher.messages) == [
        "Thank you so much for sharing this. Your answers are now part of the assessment.",
        'If you later want to delete your answers, write "I want to delete my answers" and give '
        "this code: AAAA-BBBB-CCCC. Keep it safe: it is shown only now.",
    ]
    assert events == [SlotSet("answer", None), SlotSet("participant_id", None)]


def test_stop_asks_first_and_yes_ends_keeping_the_answers(api) -> None:
    messages, asking = say(tracker("I want to stop", "stop"))
    _, stopped = say(tracker("/affirm", "affirm", **asking["progress"]))

    assert messages == []
    assert titles(asked(stopping=True)[0]) == [
        "Yes, stop",
        "Stop and delete my answers",
        "No, continue",
    ]
    assert stopped["answer"] == "done"
    assert "method" not in str(
        [
            r
            for r in api.requests
            if r["path"].startswith("/api/part") and r.get("method") == "DELETE"
        ]
    )


def test_stop_and_delete_removes_everything(api) -> None:
    api.status_for[f"/api/participants/{PARTICIPANT}"] = 200
    api.bodies[f"/api/participants/{PARTICIPANT}"] = {"deleted_answers": 2}

    _, slots = say(tracker("/withdraw", "withdraw", stopping=True))
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFinishReflection().run(dispatcher, tracker("", status="withdrawn"), {}))

    assert api.requests == [
        {"path": f"/api/participants/{PARTICIPANT}", "method": "DELETE", "json": None}
    ]
    assert slots["answer"] == "withdrawn"
    assert shown(dispatcher.messages) == [
        "Everything you wrote has been deleted. Thank you for your time."
    ]


def test_no_to_stopping_goes_back_to_the_question(api) -> None:
    messages, slots = say(tracker("/deny", "deny", stopping=True))

    assert messages == [] and slots["progress"] == START


def test_continue_later_gives_a_resume_code_for_the_page(api) -> None:
    api.statuses = [200]
    api.bodies = {f"/api/participants/{PARTICIPANT}/resume-code": {"resume_code": "RRRR-SSSS-TTTT"}}

    messages, slots = say(tracker("I'll continue later", "pause", language="nb"))

    assert messages[0]["text"].endswith("bruk denne koden: RRRR-SSSS-TTTT")
    assert messages[0]["custom"] == {"resume_code": "RRRR-SSSS-TTTT"}
    assert slots["answer"] == "paused"


@pytest.mark.parametrize(
    ("text", "intent", "response"),
    [
        ("how does this work?", "help", "utter_help"),
        ("is this anonymous?", "ask_anonymity", "utter_anonymity"),
        ("why do you ask", "ask_why", "utter_why"),
        ("what's the weather tomorrow", "off_topic", "utter_off_topic"),
        ("in English please", "set_language", "utter_language_set"),
    ],
)
def test_a_short_question_is_answered_and_the_question_kept(api, text, intent, response) -> None:
    messages, slots = say(tracker(text, intent, round=1))

    assert shown(messages) == [response]
    assert slots == {"answer": None, "progress": START | {"round": 1}}
    assert "/api/answers" not in api.paths()


def test_a_long_answer_is_an_answer_whatever_its_words(api) -> None:
    text = "I need help with my workload and I want to stop working every single weekend"

    _, slots = say(tracker(text, "help"))

    assert api.requests[0]["json"]["text"] == text
    assert slots["progress"]["pending"] == PENDING


def test_a_short_crisis_message_gets_care_and_an_offer_to_pause(api) -> None:
    messages, slots = say(tracker("I don't want to live anymore", "crisis"))

    assert shown(messages) == ["utter_crisis"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/pause", "/repeat_question"]
    assert "/api/answers" not in api.paths() and slots["progress"] == START


def test_a_crisis_in_an_answer_gets_care_first_and_no_coding_questions(api) -> None:
    api.bodies = {"/api/answers": RECEIPT | {"care_needed": True}}

    messages, slots = say(tracker("work is so hard that I think about ending my life every day"))

    assert shown(messages)[0] == "utter_crisis"
    assert slots["progress"] == START | {"round": 1}


def test_a_payload_is_never_an_answer(api) -> None:
    messages, slots = say(tracker('/greet{"language": "en"}', "greet", round=1))

    assert messages == [] and slots["progress"] == START | {"round": 1}
    assert "/api/answers" not in api.paths()


def test_when_saving_fails_the_participant_is_told_and_nothing_moves(api) -> None:
    api.statuses = [422]

    messages, slots = say(tracker("the rota is published far too late every month"))

    assert shown(messages) == ["utter_answer_not_saved"]
    assert slots["progress"] == START


def test_every_level_of_the_guide_has_cues_in_both_languages() -> None:
    guide = load_guide("employee")

    assert [q.id for q in guide.questions] == [
        "key_issue",
        "individual",
        "group",
        "leader",
        "organisation",
        "priority",
    ]
    for question in guide.questions:
        if question.level:
            assert level_cues(question.level, "nb") and level_cues(question.level, "en")
