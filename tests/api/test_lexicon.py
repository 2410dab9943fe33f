"""The word-class lexicon: its data file, phrase matching, and its classifier features."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import LOWER

from api.nlp.components import _NEGATED, batch_features
from api.nlp.lexicon import class_key, load_lexicon, matched_classes, read_classes

SIZES = (2, 3)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("xx")


def write_lexicon(folder: Path, classes: dict) -> Path:
    path = folder / "lexicon.json"
    path.write_text(json.dumps({"about": "test", "classes": classes}), encoding="utf-8")
    return path


@pytest.fixture
def small_lexicon(tmp_path: Path) -> Path:
    return write_lexicon(
        tmp_path,
        {
            "colleague": {"description": "", "en": ["colleague", "desk buddy"], "nb": ["kollega"]},
            "shifts": {"description": "", "en": ["night shift"], "nb": ["turnus", "nattevakt"]},
        },
    )


def classes_in(nlp, path: Path, text: str) -> list[tuple[str, str]]:
    names = {class_key(name): name for name in ("colleague", "shifts")}
    doc = nlp(text)
    found, starts = matched_classes(load_lexicon(path), doc.to_array([LOWER]).astype(numpy.uint64))
    pairs = zip(found, starts, strict=True)
    return sorted((doc[int(start)].text, names[int(key)]) for key, start in pairs)


def test_words_and_phrases_are_found_in_any_case_and_language(nlp, small_lexicon) -> None:
    text = "My Desk Buddy hates the night shift, og kollega Per tar nattevakt"

    assert classes_in(nlp, small_lexicon, text) == [
        ("Desk", "colleague"),
        ("kollega", "colleague"),
        ("nattevakt", "shifts"),
        ("night", "shifts"),
    ]


def test_a_phrase_matches_only_whole(nlp, small_lexicon) -> None:
    assert classes_in(nlp, small_lexicon, "the night was long, my desk is a mess") == []


def test_an_entry_in_two_classes_is_refused(tmp_path: Path) -> None:
    path = write_lexicon(
        tmp_path,
        {
            "a": {"description": "", "en": ["stress"], "nb": ["stress"]},
            "b": {"description": "", "en": ["Stress"], "nb": []},
        },
    )
    with pytest.raises(ValueError, match="'stress' is in 'a' and 'b'"):
        read_classes(path)


def test_a_class_without_one_language_is_refused(tmp_path: Path) -> None:
    path = write_lexicon(tmp_path, {"a": {"description": "", "en": ["stress"]}})
    with pytest.raises(ValueError, match="needs entries"):
        read_classes(path)


def test_the_project_lexicon_is_valid_and_covers_both_languages() -> None:
    classes = read_classes()
    assert len(classes) >= 40
    for name, by_language in classes.items():
        assert by_language["en"] and by_language["nb"], name
    assert len(load_lexicon()) >= 5000


def test_lexicon_classes_become_features_and_negated_ones_differ(nlp, small_lexicon) -> None:
    lexicon = load_lexicon(small_lexicon)
    negators = frozenset({"no", "ingen"})
    shifts = numpy.uint64(class_key("shifts"))  # a Python int above 2**63 compares as a float

    plain, _, _ = batch_features([nlp("turnus")], SIZES, 1, negators, lexicon)
    negated, _, _ = batch_features([nlp("ingen turnus")], SIZES, 1, negators, lexicon)
    without, _, _ = batch_features([nlp("turnus")], SIZES, 1, negators)

    assert shifts in plain and shifts not in without
    assert shifts not in negated and shifts ^ _NEGATED in negated


def test_a_phrase_never_spans_two_statements_of_a_batch(nlp, small_lexicon) -> None:
    lexicon = load_lexicon(small_lexicon)
    shifts = numpy.uint64(class_key("shifts"))

    apart, _, _ = batch_features([nlp("the night"), nlp("shift")], SIZES, 1, lexicon=lexicon)
    together, _, _ = batch_features([nlp("the night shift")], SIZES, 1, lexicon=lexicon)

    assert shifts not in apart
    assert shifts in together


def test_a_word_can_be_a_topic_and_an_evaluation(nlp, small_lexicon, tmp_path: Path) -> None:
    topics = load_lexicon(small_lexicon)
    valence_file = tmp_path / "valence" / "valence.json"
    valence_file.parent.mkdir()
    negative = {"description": "", "en": ["night shift", "awful"], "nb": ["elendig"]}
    valence = load_lexicon(write_lexicon(valence_file.parent, {"negative_valence": negative}))
    shifts = numpy.uint64(class_key("shifts"))
    bad = numpy.uint64(class_key("negative_valence"))
    negators = frozenset({"not"})

    both, _, _ = batch_features(
        [nlp("the night shift")], SIZES, 1, negators, topics, False, valence
    )
    negated, _, _ = batch_features([nlp("not awful")], SIZES, 1, negators, topics, False, valence)
    topics_only, _, _ = batch_features([nlp("the night shift")], SIZES, 1, negators, topics)

    assert shifts in both and bad in both
    assert bad not in topics_only
    assert bad not in negated and bad ^ _NEGATED in negated


def test_the_valence_lexicon_is_large_and_leaves_negation_to_the_negators() -> None:
    from spacy.util import load_config

    from api.nlp.lexicon import VALENCE_FILE
    from api.paths import PROJECT_ROOT

    classes = read_classes(VALENCE_FILE)
    config = load_config(PROJECT_ROOT / "api" / "nlp" / "config.cfg")
    negators = set(config["components"]["textcat_polarity"]["model"]["negators"])

    assert set(classes) == {"positive_valence", "negative_valence"}
    for name, by_language in classes.items():
        assert min(len(by_language["en"]), len(by_language["nb"])) >= 500, name
        assert not negators & set(by_language["en"] + by_language["nb"]), name
