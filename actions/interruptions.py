"""Questions and commands a participant may put in instead of an answer (no Rasa imports).

A message counts as an interruption only when it is short or a button payload: a long
answer is always an answer, whatever words it contains ("I need help with my workload
...").
"""

from __future__ import annotations

MAX_COMMAND_WORDS = 6
SKIPPED = "__skipped__"

RESPONSES = {
    "help": "utter_help",
    "ask_anonymity": "utter_anonymity",
    "ask_why": "utter_why",
    "repeat_question": None,  # the form asks the question again by itself
    "skip": "utter_skipped",
}


def is_payload(text: str) -> bool:
    """A button or page payload such as /greet{...}: never an answer or a code. The chat
    page greets again after a reload; the question is then simply asked again."""
    return text.lstrip().startswith("/")


def interruption(intent: str | None, text: str) -> str | None:
    """The intent, when this message interrupts rather than answers; else None."""
    if intent not in RESPONSES:
        return None
    if text.startswith("/") or len(text.split()) <= MAX_COMMAND_WORDS:
        return intent
    return None
