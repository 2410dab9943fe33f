"""Small readers of tracker data (plain dicts and lists, no Rasa imports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def last_user_message_timestamp(events: Iterable[Mapping[str, Any]]) -> float:
    """Timestamp of the most recent user event, or 0.0 when there is none."""
    timestamp = 0.0
    for event in events:
        if event.get("event") == "user":
            timestamp = float(event.get("timestamp") or 0.0)
    return timestamp
