"""Medvirk's own spaCy parts, registered for `spacy train --code` and for loading.

1. `scoped_textcat`, a text categoriser that looks only at its own labels and scores under
its own name. Medvirk trains two exclusive classifiers on the same documents: one over the 12 IGLO
categories and one over the two JD-R polarities. Each document therefore carries two
positive labels in `doc.cats`, one per classifier, which spaCy's stock exclusive textcat
rejects because it checks all of `doc.cats`; and both would report their dev scores as
`cats_macro_f`, the second overwriting the first. This subclass checks only the labels it
owns and reports `<component>_macro_f` etc.; training, loss and prediction are spaCy's own.

2. `medvirk.TextCatCharBOW.v1`, spaCy's bag-of-n-grams classifier (a sparse linear layer
and softmax) fed with character n-grams inside words as well as word n-grams, computed
with array operations over a whole batch.

(No `from __future__ import annotations` here: spaCy's config system reads the factory's
real type hints.)
"""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from typing import Any

import numpy
from spacy.attrs import IS_PUNCT, LOWER
from spacy.language import Language
from spacy.ml.models.textcat import NEG_VALUE, resize_and_set_ref
from spacy.pipeline.textcat import TextCategorizer
from spacy.scorer import Scorer
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from thinc.api import Logistic, Model, NumpyOps, SparseLinear_v2, chain, resizable, with_cpu
from thinc.layers.resizable import resize_linear_weighted
from thinc.layers.softmax_activation import softmax_activation
from thinc.types import Floats2d

from api.nlp.lexicon import (
    VALENCE_FILE,
    Lexicon,
    load_lexicon,
    matched_classes,
    sequence_hashes,
)

INITIALIZE_SAMPLE = 500


class ScopedTextCategorizer(TextCategorizer):
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: Iterable[str] | None = None,
        positive_label: str | None = None,
    ) -> None:
        """spaCy's initialisation on the first examples only. The stock one reads and
        tokenises the whole training corpus twice per component (81 s of a cold `make
        classifier` with three components), although the labels come from the config and
        the corpus conversion has already checked every statement's labels."""

        def sample() -> Iterable[Example]:
            return islice(get_examples(), INITIALIZE_SAMPLE)

        super().initialize(sample, nlp=nlp, labels=labels, positive_label=positive_label)

    def _validate_categories(self, examples: Iterable[Example]) -> None:
        own = set(self.labels)
        for example in examples:
            positives = [c for c, v in example.reference.cats.items() if c in own and v == 1.0]
            if len(positives) > 1:
                raise ValueError(f"{self.name}: more than one positive label: {positives}")

    def _score_under_own_name(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        kwargs = {k: v for k, v in kwargs.items() if k not in ("attr", "multi_label")}
        scores = Scorer.score_cats(examples, "cats", multi_label=False, **kwargs)
        return {key.replace("cats_", f"{self.name}_", 1): value for key, value in scores.items()}


@Language.factory(
    "scoped_textcat",
    assigns=["doc.cats"],
    default_config={"threshold": 0.0},
    default_score_weights={},
)
def make_scoped_textcat(
    nlp: Language, name: str, model: Model, threshold: float
) -> ScopedTextCategorizer:
    component = ScopedTextCategorizer(nlp.vocab, model, name, threshold=threshold, scorer=None)
    component.scorer = component._score_under_own_name
    return component


_SPACE = ord(" ")


def _char_ngrams(texts: list[str], sizes: tuple[int, ...]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(document index, hash) of every character n-gram of the lower-cased words, each
    word padded with a space at either end; no n-gram spans two words or two documents.
    One pass over the whole batch, so the cost per document is a few array operations."""
    padded = [" " + " ".join(text.lower().split()) + " " for text in texts]
    joined = "".join(padded)
    codes = numpy.frombuffer(joined.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    lengths = numpy.fromiter((len(p) for p in padded), dtype=numpy.int64, count=len(padded))
    owner = numpy.repeat(numpy.arange(len(texts)), lengths)
    spaces = numpy.concatenate([[0], numpy.cumsum(codes == _SPACE)])
    docs, keys = [], []
    for size in sizes:
        count = len(codes) - size + 1
        if count <= 0:
            continue
        start = numpy.arange(count)
        inner_spaces = spaces[start + size - 1] - spaces[start + 1] if size > 2 else 0
        keep = (owner[start] == owner[start + size - 1]) & (inner_spaces == 0)
        keys.append(sequence_hashes(codes, size)[keep])
        docs.append(owner[start][keep])
    if not keys:
        return numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.uint64)
    return numpy.concatenate(docs), numpy.concatenate(keys)


# A word in the scope of a negation is keyed by its hash XOR this constant; the scope
# ends at punctuation or at one of these words.
_NEGATED = numpy.uint64(0x9E3779B97F4A7C15)
_CONTRAST = numpy.uint64(0xC2B2AE3D27D4EB4F)
_CONTRAST_CLASS = numpy.uint64(0x165667B19E3779F9)
_SCOPE_ENDS = frozenset({"but", "men", "although", "though", "however", "likevel"})


@dataclass(frozen=True)
class _BatchWords:
    """The lower-case word ids of a batch of documents, end to end, with the document
    each word belongs to and whether it is punctuation."""

    ids: numpy.ndarray
    punct: numpy.ndarray
    owner: numpy.ndarray
    count: int
    strings: StringStore | None

    @classmethod
    def of(cls, docs: list[Doc]) -> "_BatchWords":
        arrays = [doc.to_array([LOWER, IS_PUNCT]).reshape(-1, 2) for doc in docs]
        table = numpy.concatenate(arrays) if arrays else numpy.zeros((0, 2), numpy.uint64)
        lengths = [len(a) for a in arrays]
        owner = numpy.repeat(numpy.arange(len(docs)), lengths)
        strings = docs[0].vocab.strings if docs else None
        ids = table[:, 0].astype(numpy.uint64)
        return cls(ids, table[:, 1] == 1, owner, len(docs), strings)


def _batch_words(docs: list[Doc]) -> _BatchWords:
    return _LAST_BATCH.get(docs, ("word ids",), lambda: _BatchWords.of(docs))


def _word_ngrams(
    docs: list[Doc],
    max_n: int,
    negators: frozenset[str] = frozenset(),
    lexicons: tuple[Lexicon, ...] = (),
    contrast: bool = False,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(document index, hash) of every lower-case word n-gram up to max_n words and of
    the class of every entry of each lexicon; words and classes in the scope of a negation
    get a key of their own. With `contrast`, the words after the last "but" ("men",
    "though", ...) get a second key as well (see `after_contrast`), and every lexicon class
    one more key for the side of the last "but" it stands on. One pass over the batch."""
    words = _batch_words(docs)
    scope = _negation_scopes(words, negators)
    unigrams = numpy.where(scope, words.ids ^ _NEGATED, words.ids)
    owners, keys = [words.owner], [unigrams]
    for size in range(2, min(max_n, len(unigrams)) + 1):
        grams = sequence_hashes(unigrams, size)
        inside = words.owner[: len(grams)] == words.owner[size - 1 :]
        owners.append(words.owner[: len(grams)][inside])
        keys.append(grams[inside])
    after = _after_contrasts(words) if contrast else None
    if after is not None:
        owners.append(words.owner[after])
        keys.append(unigrams[after] ^ _CONTRAST)
    for lexicon in lexicons:
        classes, starts = matched_classes(lexicon, words.ids, words.owner)
        owners.append(words.owner[starts])
        keys.append(_marked(classes, scope[starts]))
        if after is not None:
            owners.append(words.owner[starts])
            keys.append(_marked(classes, after[starts]) ^ _CONTRAST_CLASS)
    return numpy.concatenate(owners), numpy.concatenate(keys)


def _marked(classes: numpy.ndarray, in_scope: numpy.ndarray) -> numpy.ndarray:
    return classes ^ numpy.where(in_scope, _NEGATED, numpy.uint64(0))


@lru_cache(maxsize=8)
def _word_ids(words: frozenset[str]) -> numpy.ndarray:
    return numpy.array(sorted(get_string_id(word) for word in words), dtype=numpy.uint64)


def _ends_in_nt(ids: numpy.ndarray, strings: StringStore) -> numpy.ndarray:
    """Which words end in "n't" (don't, can't, won't, ...), looked up once per distinct id."""
    distinct, index = numpy.unique(ids, return_inverse=True)
    found = [_NT_MEMO.get(i) for i in distinct.tolist()]
    for position, (word_id, known) in enumerate(zip(distinct.tolist(), found, strict=True)):
        if known is None:
            if len(_NT_MEMO) > _NT_MEMO_SIZE:
                _NT_MEMO.clear()
            found[position] = _NT_MEMO[word_id] = strings[word_id].endswith("n't")
    return numpy.array(found, dtype=bool)[index].reshape(-1)


_NT_MEMO: dict[int, bool] = {}
_NT_MEMO_SIZE = 1_000_000


def _negation_scopes(words: _BatchWords, negators: frozenset[str]) -> numpy.ndarray:
    """Which words of the batch stand in the scope of a negation (see `negation_scope`):
    each word follows the last negator or scope end before it in its document."""
    if not negators or not len(words.ids):
        return numpy.zeros(len(words.ids), dtype=bool)
    ends = words.punct | numpy.isin(words.ids, _word_ids(_SCOPE_ENDS))
    starts = ~ends & numpy.isin(words.ids, _word_ids(negators))
    if words.strings is not None:
        starts |= ~ends & _ends_in_nt(words.ids, words.strings)
    first = numpy.ones(len(words.ids), dtype=bool)
    first[1:] = words.owner[1:] != words.owner[:-1]
    return _follows(starts, ends | starts, first)


def _follows(openers: numpy.ndarray, events: numpy.ndarray, first: numpy.ndarray) -> numpy.ndarray:
    """Which positions are not events themselves and whose last event before them, within
    the same document (documents begin where `first` is true), is an opener."""
    positions = numpy.arange(len(events))
    last_event = numpy.maximum.accumulate(numpy.where(events, positions, -1))
    doc_start = numpy.maximum.accumulate(numpy.where(first, positions, 0))
    seen = last_event >= doc_start
    return ~events & seen & openers[numpy.maximum(last_event, 0)]


def _after_contrasts(words: _BatchWords) -> numpy.ndarray:
    """Which words of the batch come after the last contrast marker of their document."""
    markers = numpy.flatnonzero(numpy.isin(words.ids, _word_ids(_SCOPE_ENDS)))
    last_marker = numpy.full(words.count, -1, dtype=numpy.int64)
    numpy.maximum.at(last_marker, words.owner[markers], markers)
    last = last_marker[words.owner]
    return (last >= 0) & (numpy.arange(len(words.ids)) > last)


def after_contrast(doc: Doc) -> numpy.ndarray:
    """Which words come after the last contrast marker ("but", "men", "though", ...): in
    "I love my pupils, but I'm drowning in paperwork" the part after "but" is what the
    speaker means, and often decides demand or resource."""
    return _after_contrasts(_BatchWords.of([doc]))


def negation_scope(doc: Doc, negators: frozenset[str]) -> numpy.ndarray:
    """Which words stand in the scope of a negation: after a negator ("ikke", "aldri",
    "never", "don't", ...) up to the next punctuation mark or "but"/"men". Marking them
    tells "never any feedback" from "feedback every week", which is what tells a demand
    from a resource in many answers."""
    return _negation_scopes(_BatchWords.of([doc]), negators)


class _BatchMemo(threading.local):
    """Features of the batch seen last, per thread and per feature settings. The four
    classifiers of the pipeline see the same docs one after another and share their
    features (all four the word ids and character n-grams; two and two the same settings),
    so each part is computed once per batch rather than once per classifier."""

    def __init__(self) -> None:
        self.docs: list[Doc] = []
        self.results: dict[tuple, Any] = {}

    def get(self, docs: list[Doc], settings: tuple, compute: Callable[[], Any]) -> Any:
        same = len(docs) == len(self.docs) and all(
            a is b for a, b in zip(docs, self.docs, strict=True)
        )
        if not same:
            self.docs, self.results = list(docs), {}
        if settings not in self.results:
            self.results[settings] = compute()
        return self.results[settings]


_LAST_BATCH = _BatchMemo()


def batch_features(
    docs: list[Doc],
    sizes: tuple[int, ...],
    word_ngrams: int,
    negators: frozenset[str] = frozenset(),
    lexicon: Lexicon | None = None,
    contrast: bool = False,
    valence: Lexicon | None = None,
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Keys, weights and per-document lengths for SparseLinear: each document's distinct
    word n-grams (negated words marked), lexicon classes and character n-grams, weighted
    1 + log(count) and normalised to unit length. Character n-grams make the bag robust
    to inflection, compounds and typos. Classifiers with the same feature settings share
    one computation per batch."""
    lexicons = tuple(x for x in (lexicon, valence) if x is not None)
    settings = ("features", tuple(sizes), word_ngrams, negators, tuple(map(id, lexicons)), contrast)
    return _LAST_BATCH.get(
        docs, settings, lambda: _features(docs, sizes, word_ngrams, negators, lexicons, contrast)
    )


def _features(
    docs: list[Doc],
    sizes: tuple[int, ...],
    word_ngrams: int,
    negators: frozenset[str],
    lexicons: tuple[Lexicon, ...],
    contrast: bool,
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    word_owner, word_keys = _LAST_BATCH.get(
        docs,
        ("words", word_ngrams, negators, tuple(map(id, lexicons)), contrast),
        lambda: _word_ngrams(docs, word_ngrams, negators, lexicons, contrast),
    )
    char_owner, char_keys = _LAST_BATCH.get(
        docs, ("chars", tuple(sizes)), lambda: _char_ngrams([doc.text for doc in docs], sizes)
    )
    owner = numpy.concatenate([word_owner, char_owner])
    keys = numpy.concatenate([word_keys, char_keys])
    order = numpy.lexsort((keys, owner))
    owner, keys = owner[order], keys[order]
    new_run = numpy.ones(len(keys), dtype=bool)
    new_run[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
    starts = numpy.flatnonzero(new_run)
    counts = numpy.diff(numpy.append(starts, len(keys)))
    keys, owner = keys[starts], owner[starts]
    weights = 1.0 + numpy.log(counts)
    norms = numpy.sqrt(numpy.bincount(owner, weights=weights * weights, minlength=len(docs)))
    weights = (weights / numpy.where(norms > 0, norms, 1.0)[owner]).astype("float32")
    lengths = numpy.bincount(owner, minlength=len(docs)).astype("int32")
    return keys, weights, lengths


def _extract_char_ngrams_forward(model: Model, docs: list[Doc], is_train: bool):  # type: ignore[no-untyped-def]
    attrs = model.attrs
    keys, weights, lengths = batch_features(
        docs,
        attrs["char_sizes"],
        attrs["word_ngrams"],
        attrs["negators"],
        attrs["lexicon"],
        attrs["contrast"],
        attrs["valence"],
    )
    ops = model.ops
    return (keys, ops.asarray1f(weights), ops.asarray1i(lengths)), lambda d_batch: []


@registry.architectures("medvirk.TextCatCharBOW.v1")
def build_char_bow_classifier(
    exclusive_classes: bool,
    char_sizes: list[int],
    word_ngrams: int,
    length: int = 262144,
    nO: int | None = None,
    negators: list[str] = [],  # noqa: B006 - spaCy's config system fills it, never mutated
    lexicon: bool = False,
    contrast: bool = False,
    valence: bool = False,
) -> Model[list[Doc], Floats2d]:
    """spaCy's bag-of-n-grams classifier, fed with character n-grams as well as words,
    with the words in the scope of a negation when `negators` are given, with the
    classes of the word-class lexicon (api/nlp/lexicon.py) when `lexicon` is true, and
    with those of the valence lexicon (positive and negative words) when `valence` is."""
    extract = Model(
        "extract_char_ngrams",
        _extract_char_ngrams_forward,
        attrs={
            "char_sizes": tuple(char_sizes),
            "word_ngrams": word_ngrams,
            "negators": frozenset(word.lower() for word in negators),
            "lexicon": load_lexicon() if lexicon else None,
            "contrast": contrast,
            "valence": load_lexicon(VALENCE_FILE) if valence else None,
        },
    )
    fill_defaults = {"b": NEG_VALUE, "W": 0}
    sparse_linear = SparseLinear_v2(nO=nO, length=2 ** (length - 1).bit_length())
    resizable_layer = resizable(
        sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults)
    )
    output_layer = softmax_activation() if exclusive_classes else Logistic()
    model = chain(with_cpu(chain(extract, resizable_layer), NumpyOps()), output_layer)
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
