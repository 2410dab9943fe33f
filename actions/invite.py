"""What the code form does with the API's answer about an invite code (no Rasa imports)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actions.api_client import CodeCheck

RESPONSE_FOR_OUTCOME = {
    "unknown": "utter_code_unknown",
    "refused": "utter_code_refused",
    "too_many": "utter_code_too_many",
    "unavailable": "utter_service_unavailable",
}


_CODE = r"[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}"
_CODE_IN_TEXT = re.compile(rf"\b{_CODE}\b")
_ONLY_A_CODE = re.compile(
    rf"\s*(?:(?:koden? min er|koden er|kode|my code is|the code is|code is|code)\W*)?"
    rf"(?P<code>{_CODE})\W*",
    re.IGNORECASE,
)


def is_only_a_code(text: str) -> bool:
    """Whether the message is an invite or deletion code and nothing else (a few lead-in
    words allowed: "koden er ...", "my code is ..."). The code must hold a digit, so that
    words ("sykepleieren", "much more time", "HELP HELP HELP") are never taken for one;
    the one code in about 90 without a digit is left to the intent classifier."""
    match = _ONLY_A_CODE.fullmatch(text)
    return match is not None and any(c.isdigit() for c in match.group("code"))


def extract_code(text: str) -> str:
    """The invite code in what was typed ("my code is abcd efgh-jkmn"), or the text."""
    match = _CODE_IN_TEXT.search(text)
    return match.group() if match else text.strip()


@dataclass(frozen=True)
class CodeDecision:
    slots: dict[str, object] = field(default_factory=dict)
    response: str | None = None


def decide(code: str, check: CodeCheck) -> CodeDecision:
    """Accept the code and remember the participant, or clear it and say why."""
    if check.outcome == "valid":
        slots = {"invite_code": code, "anonymity_k": str(check.k), "audience": check.audience}
        return CodeDecision(slots)
    return CodeDecision({"invite_code": None}, RESPONSE_FOR_OUTCOME[check.outcome])


MANAGER_ROLES = ("middle_manager", "senior_manager")
_SENIOR_WORDS = ("senior", "topp", "direkt", "director", "ceo", "chief", "ledergrupp",
                 "management team", "rådmann", "daglig leder", "executive")  # fmt: skip
_MIDDLE_WORDS = ("middle", "mellom", "team", "avdeling", "seksjon", "enhet", "department",
                 "section", "unit", "fagleder", "line manager")  # fmt: skip


def manager_role(entity: str | None, text: str) -> str | None:
    """middle_manager or senior_manager from the button or what was typed; None if unclear."""
    if entity in MANAGER_ROLES:
        return entity
    lowered = text.lower()
    if any(word in lowered for word in _SENIOR_WORDS):
        return "senior_manager"  # "senior management team" is senior, though it says team
    if any(word in lowered for word in _MIDDLE_WORDS):
        return "middle_manager"
    return None
