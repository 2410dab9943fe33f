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
    kind: str  # open | priority | rating | inventory | review
    level: str | None
    text: dict[str, str]
    probes: dict[str, list[str]]
    # rating and inventory items: button titles by language and value, and the intro
    # shown before the first item of its kind
    scale: dict[str, dict[str, str]] | None = None
    intro: dict[str, str] | None = None


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


def _context_items(measure: dict[str, Any]) -> list[Question]:
    """The context measure as questions: ratings (1-5, don't know), then the inventory."""
    items: list[Question] = []
    for kind, key, scale, intro in (
        ("rating", "ratings", "scale", "intro"),
        ("inventory", "inventory", "inventory_scale", "inventory_intro"),
    ):
        for position, raw in enumerate(measure[key]):
            items.append(
                Question(
                    raw["id"],
                    kind,
                    None,
                    raw["text"],
                    {},
                    measure[scale],
                    measure[intro] if position == 0 else None,
                )  # fmt: skip
            )
    return items


REVIEW = Question("review", "review", None, {}, {})


@lru_cache
def load_guide(name: str) -> Guide:
    """A guide: its questions in order and its sentences (those it does not define come
    from the employee guide). The manager guide adds the context measure and a review."""
    raw = yaml.safe_load((GUIDE_DIR / f"{name}.yml").read_text(encoding="utf-8"))
    questions = [_question(q) for q in raw["questions"]]
    if "context_measure" in raw:
        questions += [*_context_items(raw["context_measure"]), REVIEW]
    sentences = raw.get("sentences") or {}
    if name != "employee":
        base = load_guide("employee").sentences
        sentences = {lang: base[lang] | sentences.get(lang, {}) for lang in base}
    return Guide(name, tuple(questions), sentences)


def level_cues(level: str, lang: str) -> list[str]:
    """The plain-language phrases of a level's categories, from the taxonomy."""
    return [c["about"][lang] for c in taxonomy()["categories"] if c["level"] == level]


def question_text(question: Question, lang: str) -> str:
    """The question, with its level's categories as cues on their own lines."""
    text = question.text[lang]
    if question.kind == "open" and question.level:
        text += "".join(f"\n• {cue}" for cue in level_cues(question.level, lang))
    return text
