"""Messages built from data files: the IGLO taxonomy (category and polarity phrases) and
bot/wording/confirmation.yml (the sentences around them). No Rasa imports."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_FILE = ROOT / "nlu_data" / "iglo" / "taxonomy.json"
CONFIRMATION_FILE = ROOT / "bot" / "wording" / "confirmation.yml"
UNPLACED = "P"


@lru_cache
def taxonomy() -> dict[str, Any]:
    return json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))


@lru_cache
def confirmation_wording() -> dict[str, dict[str, str]]:
    return yaml.safe_load(CONFIRMATION_FILE.read_text(encoding="utf-8"))


def _category(category_id: str) -> dict[str, Any]:
    for category in taxonomy()["categories"]:
        if category["id"] == category_id:
            return category
    raise KeyError(category_id)


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def understood_message(category: str, polarity: str, lang: str) -> dict[str, Any]:
    """ "It sounds like this is about how your leader leads, and something that should
    improve. Is that right?" with yes and no buttons."""
    words = confirmation_wording()[lang]
    text = words["understood"].format(
        about=_category(category)["about"][lang],
        polarity=taxonomy()["polarities"][polarity][lang],
    )
    return {
        "text": text,
        "buttons": [button(words["agree"], "/affirm"), button(words["disagree"], "/deny")],
    }


def level_of(category: str) -> str | None:
    """The IGLO level of a category; None for P (not placed)."""
    return None if category == UNPLACED else _category(category)["level"]


def choice_message(level: str | None, lang: str) -> dict[str, Any]:
    """The categories of one level (every category when level is None) as buttons, then
    "something else" (every category) and "not sure" (P)."""
    words = confirmation_wording()[lang]
    options = [c for c in taxonomy()["categories"] if level is None or c["level"] == level]
    buttons = [
        button(c["name"][lang], f'/choose_category{{"category": "{c["id"]}"}}') for c in options
    ]
    if level is not None:
        buttons.append(button(words["other"], '/choose_category{"category": "other"}'))
    buttons.append(button(words["not_sure"], f'/choose_category{{"category": "{UNPLACED}"}}'))
    return {"text": words["choose"], "buttons": buttons}


def polarity_message(category: str, lang: str) -> dict[str, Any]:
    """After a category is chosen: something that works, or something to improve?"""
    words = confirmation_wording()[lang]
    polarities = taxonomy()["polarities"]
    buttons = [
        button(_capitalised(polarities[p][lang]), f'/choose_category{{"polarity": "{p}"}}')
        for p in ("resource", "demand")
    ]
    about = _category(category)["about"][lang]
    return {"text": words["which_polarity"].format(about=about), "buttons": buttons}


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def thanks_message(lang: str) -> dict[str, Any]:
    return {"text": confirmation_wording()[lang]["thanks"]}
