"""What counts as a command rather than an answer (no Rasa imports).

A message counts as a command only when it is short or a button payload: a long answer is
always an answer, whatever words it contains ("I need help with my workload ...").
"""

from __future__ import annotations

MAX_COMMAND_WORDS = 6


def is_payload(text: str) -> bool:
    """A button or page payload such as /greet{...}: never an answer or a code. The chat
    page greets again after a reload; the question is then simply asked again."""
    return text.lstrip().startswith("/")
