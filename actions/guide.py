"""The conversation guides (bot/guide/*.yml) as plain objects: questions in order, their
wording in both languages, and the IGLO cues read from the taxonomy. No Rasa imports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.wording import taxonomy

GUIDE_DIR = Path(__file__).resolve().parent.parent / "bot" / "guide"


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # open | priority | rating | inventory
    level: str | None
    text: dict[str, str]
    probes: dict[str, list[str]]


@dataclass(frozen=True)
class Guide:
    name: str
    questions: tuple[Question, ...]
    sentences: dict[str, dict[str, Any]]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def after(self, question_id: str) -> Question | None:
        """The question that follows, or None after the last."""
        ids = [q.id for q in self.questions]
        position = ids.index(question_id) + 1
        return self.questions[position] if position < len(ids) else None

    def words(self, lang: str) -> dict[str, Any]:
        return self.sentences[lang]


def _question(raw: dict[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        kind=raw.get("kind", "open"),
        level=raw.get("level"),
        text=raw["text"],
        probes=raw.get("probes") or {},
    )


@lru_cache
def load_guide(name: str) -> Guide:
    raw = yaml.safe_load((GUIDE_DIR / f"{name}.yml").read_text(encoding="utf-8"))
    return Guide(name, tuple(_question(q) for q in raw["questions"]), raw["sentences"])


def level_cues(level: str, lang: str) -> list[str]:
    """The plain-language phrases of a level's categories, from the taxonomy."""
    return [c["about"][lang] for c in taxonomy()["categories"] if c["level"] == level]


def question_text(question: Question, lang: str) -> str:
    """The question, with its level's categories as cues on their own lines."""
    text = question.text[lang]
    if question.kind == "open" and question.level:
        text += "".join(f"\n• {cue}" for cue in level_cues(question.level, lang))
    return text
