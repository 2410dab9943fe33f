"""Personal-data scrubber: replaces contact details and identifiers with placeholders.

Patterns run from the most specific (e-mail, URL) to the most general (phone numbers), so
that a digit run inside an address is never mistaken for a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net|uk|se|dk|io|eu)/[^\s<>\"]*[^\s<>\".,;:!?)\]]",
    re.IGNORECASE,
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_NO_ACCOUNT = re.compile(r"\b\d{4}[. ]\d{2}[. ]\d{5}\b")
_NATIONAL_ID = re.compile(r"\b[0-7]\d[01]\d{3} ?\d{5}\b")
_PHONE = re.compile(
    r"(?<![\w.])(?:\+|00)\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}(?![\w])"
    r"|(?<![\w.+])\(?\d{3}\)?[ -]\d{3}[ -]\d{4}(?![\w])"
    r"|(?<![\w.+])[2-9]\d(?: ?\d{2}){3}(?![\w.,]\d)"
    r"|(?<![\w.+])[2-9]\d{2} ?\d{2} ?\d{3}(?![\w.,]\d)"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", _EMAIL),
    ("URL", _URL),
    ("ACCOUNT", _IBAN),
    ("ACCOUNT", _NO_ACCOUNT),
    ("ID", _NATIONAL_ID),
    ("PHONE", _PHONE),
)


@dataclass(frozen=True)
class ScrubResult:
    text: str
    found: list[str] = field(default_factory=list)


def scrub(text: str) -> ScrubResult:
    """Return the text with personal data replaced, and the kinds that were replaced."""
    found: list[str] = []
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(f"[{kind}]", text)
        if count and kind not in found:
            found.append(kind)
    return ScrubResult(text=text, found=found)
