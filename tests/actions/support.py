"""Building the trackers the action tests run on, and running the reflection form."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ValidateReflectionForm


def progress_at(question: str, **changes: Any) -> dict[str, Any]:
    """The progress slot at a question, as the reflection stores it."""
    return {
        "question": question,
        "round": 0,
        "probed": False,
        "held": "",
        "pending": None,
        "stopping": False,
        "status": "active",
        "changing": None,
    } | changes


def form_tracker(
    text: str, intent: str, entities: dict | None, slots: dict[str, Any], timestamp: float = 12.5
) -> Tracker:
    """The reflection form's tracker right after the participant sent `text`."""
    return Tracker(
        sender_id="sender0123456789",
        slots=slots,
        latest_message={
            "text": text,
            "intent": {"name": intent},
            "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        },
        events=[{"event": "user", "text": text, "timestamp": timestamp}],
        paused=False,
        followup_action=None,
        active_loop={"name": "reflection_form"},
        latest_action_name="action_listen",
    )


def say(a_tracker: Tracker) -> tuple[list[dict], dict]:
    """Run the form's validation on the latest message: the messages and the slots."""
    dispatcher = CollectingDispatcher()
    slots = asyncio.run(
        ValidateReflectionForm().validate_answer(
            a_tracker.get_slot("answer"), dispatcher, a_tracker, {}
        )
    )
    return dispatcher.messages, slots
