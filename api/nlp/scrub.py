"""Personal-data scrubber: replaces contact details, identifiers and person names with
placeholders ([EMAIL], [URL], [ACCOUNT], [ID], [PHONE], [NAME]).

Patterns run from the most specific (e-mail, URL) to the most general (phone numbers), and a
later pattern never touches text an earlier one claimed, so a digit run inside an address
is not mistaken for a phone number. Names come last (api/nlp/names.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from api.nlp.names import find_names

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net|uk|se|dk|io|eu)/[^\s<>\"]*[^\s<>\".,;:!?)\]]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net|uk|se|dk|io|eu)\b(?![.@-]?\w)",
    re.IGNORECASE,
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_NO_ACCOUNT = re.compile(r"\b\d{4}[. ]\d{2}[. ]\d{5}\b")
# Eleven digits run together are an account number only where the text says so; the
# number is the pattern's group (see find_personal_data).
_ACCOUNT_IN_CONTEXT = re.compile(
    r"\b(?:konto\w*|account(?: number| no\.?)?)\b[^\d\n]{0,60}(\d{11})\b", re.IGNORECASE
)
_NATIONAL_ID = re.compile(r"\b[0-7]\d[01]\d{3} ?\d{5}\b")
_PHONE = re.compile(
    r"(?<![\w.])(?:\+|00)\d{1,3}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}(?![\w])"
    r"|(?<![\w.+])\(?\d{3}\)?[ -]\d{3}[ -]\d{4}(?![\w])"
    r"|(?<![\w.+])[2-9]\d(?: ?\d{2}){3}(?![\w.,]\d)"
    r"|(?<![\w.+])[2-9]\d{2} ?\d{2} ?\d{3}(?![\w.,]\d)"
    r"|(?<![\w.+])0\d{4} ?\d{6}(?!\w)|(?<![\w.+])0\d{3} ?\d{3} ?\d{4}(?!\w)"
)

_HAS_DIGIT = re.compile(r"\d")
_HAS_URL_MARK = re.compile(r"/|www\.|\.(?:no|com|org|net|uk|se|dk|io|eu)\b", re.IGNORECASE)


def _has_at(text: str) -> bool:
    return "@" in text


def _has_digit(text: str) -> bool:
    return _HAS_DIGIT.search(text) is not None


def _has_url_mark(text: str) -> bool:
    return _HAS_URL_MARK.search(text) is not None


_ID_WEIGHTS = ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))


def is_national_id(digits: str) -> bool:
    """Whether eleven digits carry a Norwegian national identity number's two check digits."""
    for position, weights in ((9, _ID_WEIGHTS[0]), (10, _ID_WEIGHTS[1])):
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
        check = (11 - remainder) % 11
        if check == 10 or check != int(digits[position]):
            return False
    return True


_ID_WORDS = re.compile(r"fødselsnummer|personnummer|\bfnr\b|national id|id number", re.IGNORECASE)


def _not_national_id(text: str, start: int, end: int) -> bool:
    """Eleven digits near "kontonummer" are still an [ID] when they carry an identity
    number's check digits or the text speaks of an identity number."""
    return not is_national_id(text[start:end]) and _ID_WORDS.search(text) is None


def _always(text: str, start: int, end: int) -> bool:
    return True


# (kind, pattern, a cheap test that must hold for the pattern to have a chance, a test
# of what the pattern found)
_PATTERNS: tuple[
    tuple[str, re.Pattern[str], Callable[[str], bool], Callable[[str, int, int], bool]], ...
] = (
    ("EMAIL", _EMAIL, _has_at, _always),
    ("URL", _URL, _has_url_mark, _always),
    ("ACCOUNT", _IBAN, _has_digit, _always),
    ("ACCOUNT", _NO_ACCOUNT, _has_digit, _always),
    # "kontonummer ... 24057934561": a national identity number near the word stays an [ID]
    ("ACCOUNT", _ACCOUNT_IN_CONTEXT, _has_digit, _not_national_id),
    ("ID", _NATIONAL_ID, _has_digit, _always),
    ("PHONE", _PHONE, _has_digit, _always),
)
KINDS = ("EMAIL", "URL", "ACCOUNT", "ID", "PHONE", "NAME")


@dataclass(frozen=True)
class Replacement:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubResult:
    text: str
    found: list[str] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)


def _overlaps(start: int, end: int, taken: list[Replacement]) -> bool:
    """Whether start..end overlaps a replacement in `taken` (sorted, not overlapping):
    only its neighbours by position can, so a long text costs log n per lookup."""
    index = bisect.bisect_left(taken, start, key=lambda r: r.start)
    before = index > 0 and taken[index - 1].end > start
    after = index < len(taken) and taken[index].start < end
    return before or after


def find_personal_data(text: str) -> list[Replacement]:
    """Where the personal data is in text, by kind, sorted and not overlapping."""
    taken: list[Replacement] = []
    for kind, pattern, may_match, accept in _PATTERNS:
        if not may_match(text):
            continue
        for match in pattern.finditer(text):
            start, end = match.span(match.lastindex or 0)
            if accept(text, start, end) and not _overlaps(start, end, taken):
                bisect.insort(taken, Replacement(kind, start, end), key=lambda r: r.start)
    for start, end in find_names(text):
        if not _overlaps(start, end, taken):
            bisect.insort(taken, Replacement("NAME", start, end), key=lambda r: r.start)
    return taken


def scrub(text: str) -> ScrubResult:
    """The text with personal data replaced, the kinds replaced (in order of first
    appearance) and where they were."""
    replacements = find_personal_data(text)
    pieces: list[str] = []
    position = 0
    for replacement in replacements:
        pieces.append(text[position : replacement.start])
        pieces.append(f"[{replacement.kind}]")
        position = replacement.end
    pieces.append(text[position:])
    found = list(dict.fromkeys(r.kind for r in replacements))
    return ScrubResult("".join(pieces), found, replacements)
