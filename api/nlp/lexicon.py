"""The word-class lexicon (nlu_data/iglo/lexicon.json): words and short phrases in both
languages grouped into classes of meaning ("colleague", "shifts_schedule", "insufficiency_absence",
...). The classifier adds one feature per class found in a statement, so a word it has
rarely or never seen in training ("desk buddy", "vaktbok") shares the weight its class has
learned from every other member, in either language.

Entries are matched as sequences of lower-case tokens, the way spaCy's tokenizer splits
them; a phrase belongs to exactly one class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.strings import get_string_id

from api.nlp.corpus import LANGUAGES
from api.paths import PROJECT_ROOT

LEXICON_FILE = PROJECT_ROOT / "nlu_data" / "iglo" / "lexicon.json"
# Positive and negative words, in the same format: a second, independent lexicon, so a
# word can be both a topic ("rigged": fairness) and an evaluation (negative).
VALENCE_FILE = PROJECT_ROOT / "nlu_data" / "iglo" / "valence.json"

_PRIME = numpy.uint64(1099511628211)


@dataclass(frozen=True)
class Lexicon:
    """Sorted phrase keys and, at the same index, the feature key of their class."""

    phrase_keys: numpy.ndarray
    class_keys: numpy.ndarray
    longest: int

    def __len__(self) -> int:
        return len(self.phrase_keys)


def sequence_hashes(ids: numpy.ndarray, size: int) -> numpy.ndarray:
    """A 64-bit hash of every window of `size` token ids; a window of one is the id itself."""
    if size == 1:
        return ids
    count = len(ids) - size + 1
    hashed = numpy.full(count, numpy.uint64(size), dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        for offset in range(size):
            hashed = hashed * _PRIME + ids[offset : offset + count]
    return hashed


def class_key(name: str) -> int:
    return get_string_id(f"lexicon-class:{name}")


def read_classes(path: Path = LEXICON_FILE) -> dict[str, dict[str, list[str]]]:
    """The classes as written ({class: {"description", "en", "nb"}}), checked: every class
    has entries in both languages and no entry is in two classes."""
    classes = json.loads(path.read_text(encoding="utf-8"))["classes"]
    owner: dict[str, str] = {}
    for name, by_language in classes.items():
        if any(lang not in by_language for lang in LANGUAGES):
            raise ValueError(f"{path.name}: class {name!r} needs entries for {LANGUAGES}")
        for entry in (e.strip().lower() for lang in LANGUAGES for e in by_language[lang]):
            if owner.setdefault(entry, name) != name:
                raise ValueError(f"{path.name}: {entry!r} is in {owner[entry]!r} and {name!r}")
    return classes


@lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    tokenizer = spacy.blank("xx").tokenizer
    keys: dict[int, int] = {}
    longest = 1
    for name, by_language in read_classes(path).items():
        for entry in {e.strip().lower() for lang in LANGUAGES for e in by_language[lang]}:
            ids = numpy.array([get_string_id(t.lower_) for t in tokenizer(entry)], numpy.uint64)
            if len(ids):
                keys[int(sequence_hashes(ids, len(ids))[0])] = class_key(name)
                longest = max(longest, len(ids))
    order = sorted(keys)
    return Lexicon(
        phrase_keys=numpy.array(order, dtype=numpy.uint64),
        class_keys=numpy.array([keys[k] for k in order], dtype=numpy.uint64),
        longest=longest,
    )


def matched_classes(
    lexicon: Lexicon, ids: numpy.ndarray, owner: numpy.ndarray | None = None
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(class key, start position) of every entry found in a sequence of lower-case ids.
    With `owner` (the document of each id) an entry never spans two documents."""
    classes, starts = [], []
    for size in range(1, min(lexicon.longest, len(ids)) + 1):
        grams = sequence_hashes(ids, size)
        where = numpy.searchsorted(lexicon.phrase_keys, grams)
        where = numpy.minimum(where, len(lexicon.phrase_keys) - 1)
        hit = lexicon.phrase_keys[where] == grams
        if owner is not None:
            hit &= owner[: len(grams)] == owner[size - 1 :]
        classes.append(lexicon.class_keys[where[hit]])
        starts.append(numpy.flatnonzero(hit))
    if not classes:
        return numpy.zeros(0, numpy.uint64), numpy.zeros(0, numpy.int64)
    return numpy.concatenate(classes), numpy.concatenate(starts)
