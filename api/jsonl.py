"""Reading JSON Lines robustly: each bad line becomes an error for that line only."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from api.schemas import MAX_MESSAGE_CHARS


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"error": self.message, "line": self.line}


@dataclass(frozen=True)
class TextRecord:
    line: int
    record: dict[str, object]

    @property
    def text(self) -> str:
        return str(self.record["text"])


def parse_text_line(number: int, raw: str) -> TextRecord | LineError:
    """One input line: a JSON object with a non-empty string `text` of sensible length."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return LineError(number, f"not valid JSON: {error.msg}")
    if not isinstance(record, dict):
        return LineError(number, "expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        return LineError(number, 'missing "text" (a string)')
    if not text.strip():
        return LineError(number, '"text" is empty')
    if len(text) > MAX_MESSAGE_CHARS:
        return LineError(number, f'"text" is longer than {MAX_MESSAGE_CHARS} characters')
    lang = record.get("lang")
    if lang is not None and lang not in ("nb", "en"):
        return LineError(number, '"lang" must be "nb" or "en" when given')
    return TextRecord(number, record)


def read_text_lines(lines: Iterable[bytes]) -> Iterator[TextRecord | LineError]:
    """Parse a byte stream line by line; blank lines are skipped, invalid UTF-8 reported."""
    for number, raw in enumerate(lines, 1):
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield LineError(number, "not valid UTF-8")
            continue
        if decoded.strip():
            yield parse_text_line(number, decoded)
