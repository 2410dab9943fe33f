"""Finding person names for the scrubber, with name lists and context, no model.

A token starts a name when it is a known first name or surname in a position where names
stand (capitalised inside a sentence, right after a role such as "sjefen min," or
"my manager,", after a title such as "Dr.", or before a verb of speech). Names that are
also ordinary words ("Liv", "Will", "Hope") need that context. A name then extends over
the surname-like tokens that follow ("Jan Erik de la Cruz"), and becomes one span.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from api.paths import PROJECT_ROOT

NAMES_FILE = PROJECT_ROOT / "nlu_data" / "scrub" / "names.json"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CONJUNCTIONS = frozenset({"and", "og", "or", "eller"})
# "Rose and I", "Bjørn og jeg": a word that is also a name, joined to "I", is a person.
_FIRST_PERSON = frozenset({"i", "jeg", "me", "meg"})
# "Per i dag", "Liv i fjor": a preposition of time, not of place.
_TIME_WORDS = frozenset({"dag", "går", "morgen", "kveld", "natt", "fjor", "år", "uke", "uka"})
_SAINTS = frozenset({"st", "sankt", "saint"})


@dataclass(frozen=True)
class NameLists:
    first_names: frozenset[str]
    surnames: frozenset[str]
    ambiguous: frozenset[str]
    particles: frozenset[str]
    titles: frozenset[str]
    calendar_words: frozenset[str]
    speech_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    role_cue_at_end: re.Pattern[str]

    def is_known(self, key: str) -> bool:
        return key in self.first_names or key in self.surnames or key in self.ambiguous

    def is_title(self, key: str) -> bool:
        """ "Dr", "Nurse", and hyphenated titles by their last part ("HR-sjef")."""
        return key in self.titles or key.rsplit("-", 1)[-1] in self.titles


@lru_cache
def load_name_lists() -> NameLists:
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))

    def lower(words: list[str]) -> frozenset[str]:
        return frozenset(word.lower() for word in words)

    cues = sorted({c.lower() for cs in data["role_cues"].values() for c in cs}, key=len)
    cue_pattern = "|".join(re.escape(cue) for cue in reversed(cues))
    return NameLists(
        first_names=lower(data["first_names"]),
        surnames=lower(data["surnames"]),
        ambiguous=lower(data["ambiguous"]),
        particles=lower(data["particles"]),
        titles=lower(data["titles"]),
        calendar_words=lower(data["calendar_words"]),
        speech_verbs=lower(data["speech_verbs"]),
        place_prepositions=lower(data["place_prepositions"]),
        role_cue_at_end=re.compile(rf"(?:^|\W)(?:{cue_pattern})$"),
    )


class Token:
    """A word of the text, with what the name rules ask of it worked out once."""

    __slots__ = ("text", "start", "end", "key", "is_title_case", "_name_key")
    _UNSET = object()

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.key = text.lower().replace("’", "'")
        self.is_title_case = text[0].isupper() and not text.isupper()
        self._name_key: object = Token._UNSET

    def name_key(self, lists: NameLists) -> str | None:
        """The list entry this token is, allowing possessives (Tones, Sarah's) and
        hyphenated names whose parts are names (Anne-Lise, Okafor-Smith)."""
        if self._name_key is Token._UNSET:
            self._name_key = self._find_name_key(lists)
        return self._name_key  # type: ignore[return-value]

    def _find_name_key(self, lists: NameLists) -> str | None:
        key = self.key
        possessives = (key.removesuffix("'s"), key.removesuffix("s")) if self.is_title_case else ()
        for candidate in (key, *possessives):
            if lists.is_known(candidate):
                return candidate
        parts = key.split("-")
        if len(parts) > 1 and all(lists.is_known(part) for part in parts):
            return key
        return None


_LOOKBACK = 48  # characters: enough for the longest role cue and its punctuation


def _before(text: str, token: Token) -> str:
    return text[max(0, token.start - _LOOKBACK) : token.start]


def _sentence_initial(text: str, token: Token) -> bool:
    if token.start == 0:
        return True
    before = _before(text, token).rstrip(" \t\"'«(“")
    return not before or before[-1] in ".!?:\n"


def _after_role_cue(text: str, token: Token, lists: NameLists) -> bool:
    before = _before(text, token).rstrip(" ,:\t").lower()
    return lists.role_cue_at_end.search(before) is not None


def _after_title(text: str, token: Token, lists: NameLists) -> bool:
    before = _before(text, token).rstrip(" .")
    words = before.split()
    return bool(words) and lists.is_title(words[-1].lower())


def _after_saint(text: str, token: Token) -> bool:
    """ "St. Olavs hospital", "Saint Mary's": a saint's name names a place."""
    words = _before(text, token).rstrip(" .").split()
    return bool(words) and words[-1].lower() in _SAINTS


def _starts_name(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    token = tokens[i]
    if lists.is_title(token.key) or token.key in lists.calendar_words:
        return False
    key = token.name_key(lists)
    if (key is None and not token.is_title_case) or _after_saint(text, token):
        return False
    cued = _after_role_cue(text, token, lists) or _after_title(text, token, lists)
    if cued and (token.is_title_case or (key is not None and key not in lists.ambiguous)):
        return True
    if key is None:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    following_key = following.name_key(lists) if following is not None else None
    followed_by_name = following_key is not None and following_key not in lists.ambiguous
    if key not in lists.ambiguous:
        return token.is_title_case or key in lists.first_names or followed_by_name
    if token.is_title_case and not _sentence_initial(text, token):
        return True
    if following is None:
        return False
    if followed_by_name and following.is_title_case == token.is_title_case:
        return True
    if not token.is_title_case:
        return False
    after_next = tokens[i + 2] if i + 2 < len(tokens) else None
    if following.key in lists.speech_verbs:
        return True
    if following.key in lists.place_prepositions:
        return after_next is None or after_next.key not in _TIME_WORDS
    if following.key not in _CONJUNCTIONS or after_next is None:
        return False
    return after_next.key in _FIRST_PERSON or (
        after_next.is_title_case and after_next.name_key(lists) is not None
    )


def _adjacent(text: str, tokens: list[Token], j: int) -> bool:
    """Only spaces between token j and the one before it (no comma, no full stop)."""
    return not text[tokens[j - 1].end : tokens[j].start].strip()


def _continues_name(text: str, tokens: list[Token], j: int, lists: NameLists) -> bool:
    token = tokens[j]
    if not _adjacent(text, tokens, j):
        return False
    if token.is_title_case:
        return True
    return token.name_key(lists) is not None and token.key not in lists.ambiguous


def _extend(text: str, tokens: list[Token], i: int, lists: NameLists) -> int:
    """Index of the last token of the name that starts at i."""
    last = i
    j = i + 1
    while j < len(tokens):
        if tokens[j].key in lists.particles:
            k = j
            while k < len(tokens) and tokens[k].key in lists.particles:
                k += 1
            joined = all(_adjacent(text, tokens, n) for n in range(j, min(k + 1, len(tokens))))
            if k < len(tokens) and tokens[k].is_title_case and joined:
                last = j = k
                j += 1
                continue
            break
        if not _continues_name(text, tokens, j, lists):
            break
        last = j
        j += 1
    return last


def _extend_left(text: str, tokens: list[Token], i: int, lists: NameLists) -> int:
    """Index of the first token of a name found at i: an unknown first name before a
    known surname ("Øystein Haugen") is capitalised mid-sentence, where words are not."""
    first = i
    while (
        first > 0
        and tokens[first - 1].is_title_case
        and _adjacent(text, tokens, first)
        and not _sentence_initial(text, tokens[first - 1])
        and not lists.is_title(tokens[first - 1].key)
        and tokens[first - 1].key not in lists.calendar_words
        and tokens[first - 1].name_key(lists) is None
        and first == i
    ):
        first -= 1
    return first


def find_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the person names in text, in order, not overlapping."""
    lists = load_name_lists()
    tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if _starts_name(text, tokens, i, lists):
            last = _extend(text, tokens, i, lists)
            first = _extend_left(text, tokens, i, lists)
            if spans and tokens[first].start < spans[-1][1]:
                first = i
            end = tokens[last].end
            if tokens[last].key.endswith("'s") and tokens[last].key.removesuffix("'s"):
                end -= 2  # "Sarah's": the English possessive stays outside the placeholder
            spans.append((tokens[first].start, end))
            i = last + 1
        else:
            i += 1
    return spans
