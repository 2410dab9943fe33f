"""Confirming or correcting the coding, and the wording built from the data files."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionConfirmCoding, ActionCorrectCoding, ActionOfferCategories
from actions.wording import choice_message, taxonomy, understood_message


def tracker(**slots: object) -> Tracker:
    base = {"language": "en", "answer_id": "7", "coded_category": "leader.leader_relations",
            "coded_polarity": "resource"}  # fmt: skip
    return Tracker(
        sender_id="sender0123456789",
        slots=base | slots,
        latest_message={"text": "/affirm", "intent": {"name": "affirm"}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, a_tracker: Tracker) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, a_tracker, {}))
    return dispatcher.messages, events


def test_the_confirmation_is_stored_and_thanked(fake_api) -> None:
    messages, events = run(ActionConfirmCoding(), tracker())

    assert fake_api.requests == [
        {
            "path": "/api/answers/7/codings",
            "json": {"category": "leader.leader_relations", "polarity": "resource",
                     "origin": "participant_confirmed"},
        }
    ]  # fmt: skip
    assert [m["text"] for m in messages] == ["Thank you, I have noted it that way."]
    assert events == []


def test_on_deny_the_levels_categories_are_offered_with_other_and_not_sure(fake_api) -> None:
    messages, _ = run(ActionOfferCategories(), tracker(language="nb"))

    [message] = messages
    assert message["text"] == "Takk for at du retter meg. Hva passer best?"
    assert [b["title"] for b in message["buttons"]] == [
        "Relasjoner til lederen",
        "Lederatferd",
        "Noe annet",
        "Vet ikke",
    ]
    assert (
        message["buttons"][1]["payload"]
        == '/choose_category{"category": "leader.leader_behaviour"}'
    )
    assert fake_api.requests == []


def test_the_chosen_category_is_stored_as_a_correction(fake_api) -> None:
    messages, events = run(ActionCorrectCoding(), tracker(category="leader.leader_behaviour"))

    assert fake_api.requests[0]["json"] == {
        "category": "leader.leader_behaviour",
        "polarity": "resource",
        "origin": "participant_corrected",
    }
    assert [m["text"] for m in messages] == ["Thank you, I have noted it that way."]
    assert events == [SlotSet("category", None)]


def test_something_else_shows_every_category_and_stores_nothing(fake_api) -> None:
    messages, events = run(ActionCorrectCoding(), tracker(category="other"))

    assert len(messages[0]["buttons"]) == 13
    assert fake_api.requests == []
    assert events == [SlotSet("category", None)]


def test_a_failed_save_is_said(fake_api) -> None:
    fake_api.statuses = [500]

    messages, _ = run(ActionConfirmCoding(), tracker())

    assert [m["response"] for m in messages] == ["utter_answer_not_saved"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_category_and_polarity_has_wording_in_both_languages(lang: str) -> None:
    for category in taxonomy()["categories"]:
        for polarity in ("demand", "resource"):
            text = understood_message(category["id"], polarity, lang)["text"]
            assert category["about"][lang] in text and "{" not in text
        assert choice_message(category["id"], lang)["buttons"]
