"""Noticing when someone writes about an acute crisis, suicidal thoughts or self-harm, so
the conversation can respond with care. Phrases live in nlu_data/care/crisis.json."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from api.paths import PROJECT_ROOT

CRISIS_FILE = PROJECT_ROOT / "nlu_data" / "care" / "crisis.json"


@lru_cache
def _crisis_pattern() -> re.Pattern[str]:
    data = json.loads(CRISIS_FILE.read_text(encoding="utf-8"))
    phrases = [phrase for lang in ("nb", "en") for phrase in data[lang]]
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


def mentions_crisis(text: str) -> bool:
    return _crisis_pattern().search(text) is not None
