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
# "Per i dag", "Liv i fjor", "Stein i skoen": after the preposition, a word that does not
# say where a person works.
_NOT_WHERE = frozenset(
    ["dag", "går", "morgen", "kveld", "natt", "fjor", "år", "uke", "uka", "skoen"]
)
_SAINTS = frozenset({"st", "sankt", "saint"})
# "Frank is ...", "Even har ...": a word that is also a name, first in its sentence and
# followed by a verb (subject_verbs in the name lists), is the sentence's subject, which an
# ordinary word like "frank" or "even" cannot be without an article, except bare_nouns.
# After these, a lone surname or word-name is a place: "i Vestby", "Mo i Rana".
_PLACE_BEFORE = frozenset({"i", "in"})
# Words that are also names and, first in a sentence, stand before a name as verbs: "Ask Jo".
_VERBS_BEFORE_NAMES = frozenset({"ask", "will", "can", "do", "may"})
# "det var Stig som ...", "it was Tom who ...": a cleft sentence names a person.
_CLEFT_BEFORE = frozenset({"var", "er", "was", "is"})
_CLEFT_AFTER = frozenset({"som", "who"})
_INITIALS = re.compile(r"(?:\b[A-ZÆØÅ]\.\s?){1,3}$")


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
    subject_verbs: frozenset[str]
    bare_nouns: frozenset[str]
    not_before_names: frozenset[str]
    grammar_words: frozenset[str]
    pronouns: frozenset[str]
    street_words: frozenset[str]
    institution_words: frozenset[str]
    places: frozenset[str]
    legal_forms: frozenset[str]
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
        subject_verbs=lower(data["subject_verbs"]),
        bare_nouns=lower(data["bare_nouns"]),
        not_before_names=lower(data["not_before_names"]),
        grammar_words=lower(data["grammar_words"]),
        pronouns=lower(data["pronouns"]),
        street_words=lower(data["street_words"]),
        institution_words=lower(data["institution_words"]),
        places=lower(data["places"]),
        legal_forms=frozenset(data["legal_forms"]),
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
        for candidate in (key, key.removesuffix("'s")):
            parts = candidate.split("-")
            if len(parts) > 1 and all(lists.is_known(part) for part in parts):
                return candidate
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


_ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "frk"})


def _after_title(text: str, token: Token, lists: NameLists) -> bool:
    """ "Dr. Hansen", "Nurse Grace", but not "... the store manager. She ...": a full stop
    after a title that is not an abbreviation ends the sentence."""
    before = _before(text, token).rstrip()
    words = before.removesuffix(".").split()
    if not words or not lists.is_title(words[-1].lower()):
        return False
    return not before.endswith(".") or words[-1].lower() in _ABBREVIATED_TITLES


def _after_saint(text: str, token: Token) -> bool:
    """ "St. Olavs hospital", "Saint Mary's": a saint's name names a place."""
    words = _before(text, token).rstrip(" .").split()
    return bool(words) and words[-1].lower() in _SAINTS


def _starts_name(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    token = tokens[i]
    if lists.is_title(token.key) or _is_pronoun(token, lists):
        return False
    if token.key in lists.calendar_words:
        return _calendar_word_is_name(text, tokens, i, lists)
    key = token.name_key(lists)
    if (key is None and not token.is_title_case) or _after_saint(text, token):
        return False
    cued = _after_role_cue(text, token, lists) or _after_title(text, token, lists)
    if cued and (token.is_title_case or (key is not None and key not in lists.ambiguous)):
        return True
    if key is None:
        return False
    if key in lists.ambiguous:
        return _word_name_in_context(text, tokens, i, lists)
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    following_key = following.name_key(lists) if following is not None else None
    followed_by_name = following_key is not None and following_key not in lists.ambiguous
    return token.is_title_case or key in lists.first_names or followed_by_name


_CONTRACTIONS = ("'m", "'ve", "'d", "'ll", "'re", "n't")


def _is_pronoun(token: Token, lists: NameLists) -> bool:
    """ "I'm", "she", "hun": never a name, even after a role ("As a manager I'm ...")."""
    return token.key in lists.pronouns or token.key.endswith(_CONTRACTIONS)


def _calendar_word_is_name(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    """ "May from payroll", "June and I", "Mai Britt Solberg": a month or weekday is a
    person only first in its sentence and with a person's context after it."""
    token = tokens[i]
    if not (token.is_title_case and _sentence_initial(text, token)) or i + 1 >= len(tokens):
        return False
    following = tokens[i + 1]
    if following.key in lists.speech_verbs or following.key in {"from", "fra", "på", "hos", "on"}:
        return True
    if following.is_title_case and _adjacent(text, tokens, i + 1):
        return following.key in lists.first_names
    return _joined_to_person(tokens, i, lists)


def _joined_to_person(tokens: list[Token], i: int, lists: NameLists) -> bool:
    """ "Rose and I", "Kari og Even": a word joined by "and" to "I" or to a name."""
    if i + 2 >= len(tokens) or tokens[i + 1].key not in _CONJUNCTIONS:
        return False
    after_next = tokens[i + 2]
    if after_next.key in _FIRST_PERSON:
        return True
    known = after_next.name_key(lists) is not None
    return known and (
        after_next.is_title_case or after_next.text.islower() and tokens[i].text.islower()
    )


def _word_name_in_context(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    """Whether a name that is also an ordinary word ("Grace", "Will", "per") is a name here."""
    token = tokens[i]
    if i > 0 and _adjacent(text, tokens, i) and _after_article_or_feast(tokens[i - 1], lists):
        return False
    if token.is_title_case and not _sentence_initial(text, token):
        return True
    if token.is_title_case and token.key.endswith("'s"):
        return True  # "Grace's shift"
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None:
        return token.is_title_case and _signs_off(text, token)
    if _before_a_name(text, tokens, i, lists) or _in_cleft(tokens, i):
        return True
    if not token.is_title_case and not _lower_case_answer_allows(text, tokens, i, lists):
        return False
    if following.key in lists.speech_verbs:
        return True
    past_tense = (
        token.is_title_case and token.key not in lists.grammar_words and _past_tense(following)
    )
    verb_follows = following.text.islower() and (following.key in lists.subject_verbs or past_tense)
    if verb_follows and token.name_key(lists) not in lists.bare_nouns:
        return True
    if following.key in lists.place_prepositions and _may_be_placed(token, lists):
        after_next = tokens[i + 2] if i + 2 < len(tokens) else None
        return after_next is None or after_next.key not in _NOT_WHERE
    return _joined_to_person(tokens, i, lists)


_ARTICLES = frozenset({"a", "an", "the", "en", "et", "ei"})


def _after_article_or_feast(previous: Token, lists: NameLists) -> bool:
    """ "a Black nurse", "Christmas Eve": a word-name after an article or a feast is a word."""
    return previous.key in _ARTICLES or previous.key in lists.calendar_words


def _may_be_placed(token: Token, lists: NameLists) -> bool:
    """ "Grace on nights", "Liv i resepsjonen", but not "Even on holiday" and not in a
    lower-case answer, where "tone på" and "day i" are mostly ordinary words."""
    return token.is_title_case and token.key not in lists.grammar_words


def _before_a_name(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    """ "Iris Haugen", "per olsen": a word-name right before a name, in the same case."""
    token, following = tokens[i], tokens[i + 1]
    if not _adjacent(text, tokens, i + 1) or token.key in _VERBS_BEFORE_NAMES:
        return False
    following_key = following.name_key(lists)
    if token.is_title_case and following.is_title_case:
        return following_key is not None
    both_lower = token.text.islower() and following.text.islower()
    ordinary = token.key in lists.not_before_names or _is_pronoun(token, lists)
    known = following_key is not None and following_key not in lists.ambiguous
    return both_lower and known and not ordinary


def _past_tense(token: Token) -> bool:
    """ "handled", "pointed", "startet": a past tense after a sentence's first word."""
    return len(token.key) > 4 and token.key.endswith(("ed", "et", "te"))


def _in_cleft(tokens: list[Token], i: int) -> bool:
    return (
        0 < i < len(tokens) - 1
        and tokens[i - 1].key in _CLEFT_BEFORE
        and tokens[i + 1].key in _CLEFT_AFTER
    )


def _lower_case_answer_allows(text: str, tokens: list[Token], i: int, lists: NameLists) -> bool:
    """In an answer typed in lower case ("honestly per is the only reason"), a word that
    is also a name may be one, unless an article or the like stands before it."""
    if not text.lstrip()[:1].islower() or tokens[i].key in lists.grammar_words:
        return False
    return i == 0 or not (
        tokens[i - 1].key in lists.not_before_names or _is_pronoun(tokens[i - 1], lists)
    )


def _signs_off(text: str, token: Token) -> bool:
    """ "... text is best. Ewa": a lone name closing the answer is its writer's."""
    return _sentence_initial(text, token) and not text[token.end :].strip(" .!\n")


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


def _names_a_place_or_company(
    text: str, tokens: list[Token], first: int, last: int, lists: NameLists
) -> bool:
    """ "Hansen Bygg AS", "Karl Johans gate", "Hartvig Nissens skole", "Haukeland",
    "i Vestby": names in a company's, a street's, an institution's or a place's name."""
    if last + 1 < len(tokens) and _adjacent(text, tokens, last + 1):
        following = tokens[last + 1]
        if following.text in lists.legal_forms or following.key in lists.street_words:
            return True
        if first != last and following.key in lists.institution_words:
            return True
    if first != last:
        return False
    key = tokens[first].name_key(lists)
    if tokens[first].key in lists.places:
        return True
    if first == 0 or not _adjacent(text, tokens, first):
        return False
    lone_surname = key in lists.ambiguous or key not in lists.first_names
    return lone_surname and tokens[first - 1].key in _PLACE_BEFORE


_INITIALS_WINDOW = 12  # "J. R. K. " at most


def _start_with_initials(text: str, start: int) -> int:
    """ "J.R. Smith", "K. Larsen": initials before a name belong to it."""
    window = max(0, start - _INITIALS_WINDOW)  # bounded: the text may be 100,000 characters
    initials = _INITIALS.search(text, window, start)
    return initials.start() if initials else start


def find_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the person names in text, in order, not overlapping."""
    lists = load_name_lists()
    tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _starts_name(text, tokens, i, lists):
            i += 1
            continue
        last = _extend(text, tokens, i, lists)
        first = _extend_left(text, tokens, i, lists)
        if spans and tokens[first].start < spans[-1][1]:
            first = i
        i = last + 1
        if _names_a_place_or_company(text, tokens, first, last, lists):
            continue
        start = _start_with_initials(text, tokens[first].start)
        if spans and start < spans[-1][1]:
            start = tokens[first].start
        end = tokens[last].end
        if tokens[last].key.endswith("'s") and tokens[last].key.removesuffix("'s"):
            end -= 2  # "Sarah's": the English possessive stays outside the placeholder
        spans.append((start, end))
    return spans
