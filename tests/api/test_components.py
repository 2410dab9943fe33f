"""The classifier's own spaCy parts: n-gram features, the scoped textcat, the report."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.training import Example

from api.nlp.components import after_contrast, batch_features, negation_scope
from api.nlp.corpus import Statement
from api.nlp.evaluate import ModelPredictions, category_margin, evaluate
from api.nlp.metrics import macro_f1
from api.nlp.taxonomy import load_taxonomy

SIZES = (2, 3, 4, 5)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("xx")


def test_features_are_unit_length_per_document_and_independent_of_the_batch(nlp) -> None:
    docs = [nlp("Vi har for mye overtid"), nlp("ab cd"), nlp("Too much overtime, too much")]

    keys, weights, lengths = batch_features(docs, SIZES, 2)
    alone_keys, alone_weights, _ = batch_features(docs[2:], SIZES, 2)

    bounds = numpy.concatenate([[0], numpy.cumsum(lengths)])
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        assert (weights[start:end] ** 2).sum() == pytest.approx(1.0, abs=1e-5)
    assert lengths[1] == 15  # 2 words + 1 bigram; 6 + 4 + 2 + 0 character n-grams
    assert numpy.array_equal(keys[bounds[2] :], alone_keys)
    assert numpy.allclose(weights[bounds[2] :], alone_weights)


def test_negation_and_contrast_marks_stop_at_the_end_of_a_document(nlp) -> None:
    negators = frozenset({"never", "ikke"})
    docs = [nlp("we never"), nlp("feedback every week but"), nlp("good people"), nlp("")]

    keys, _, lengths = batch_features(docs, SIZES, 2, negators, contrast=True)

    bounds = numpy.concatenate([[0], numpy.cumsum(lengths)])
    for doc, start, end in zip(docs, bounds[:-1], bounds[1:], strict=True):
        alone, _, _ = batch_features([doc], SIZES, 2, negators, contrast=True)
        assert numpy.array_equal(keys[start:end], alone)


def test_repeated_ngrams_weigh_more_but_sublinearly(nlp) -> None:
    keys, weights, _ = batch_features([nlp("much much much more")], SIZES, 1)
    much = nlp.vocab.strings["much"]
    more = nlp.vocab.strings["more"]

    ratio = weights[list(keys).index(much)] / weights[list(keys).index(more)]

    assert ratio == pytest.approx(1 + numpy.log(3))


def test_the_scope_of_a_negation_runs_to_punctuation_or_but(nlp) -> None:
    negators = frozenset({"ikke", "never", "no"})

    def scoped(text: str) -> list[str]:
        doc = nlp(text)
        return [token.text for token in doc if negation_scope(doc, negators)[token.i]]

    assert scoped("Lederen gir ikke tilbakemelding, men kollegaene gjør") == ["tilbakemelding"]
    assert scoped("never any feedback but plenty of praise") == ["any", "feedback"]
    assert scoped("They don't listen. We cope") == ["listen"]
    assert scoped("Good feedback every week") == []


def test_the_words_after_the_last_but_get_a_second_key(nlp) -> None:
    def after(text: str) -> list[str]:
        doc = nlp(text)
        return [token.text for token in doc if after_contrast(doc)[token.i]]

    assert after("I love my pupils, but drowning in paperwork") == ["drowning", "in", "paperwork"]
    assert after("Travelt, men sjefen er flink, men ingen lytter") == ["ingen", "lytter"]
    assert after("Good feedback every week") == []

    text = "heavy work but nice people"
    plain, _, _ = batch_features([nlp(text)], SIZES, 1)
    marked, _, _ = batch_features([nlp(text)], SIZES, 1, contrast=True)
    assert set(plain) < set(marked)
    assert len(marked) == len(plain) + 2  # "nice" and "people" once more


def test_negated_words_get_keys_of_their_own(nlp) -> None:
    negators = frozenset({"never"})
    plain, _, _ = batch_features([nlp("feedback")], SIZES, 1, negators)
    negated, _, _ = batch_features([nlp("never feedback")], SIZES, 1, negators)
    unmarked, _, _ = batch_features([nlp("never feedback")], SIZES, 1)

    feedback = nlp.vocab.strings["feedback"]
    assert feedback in plain and feedback in unmarked
    assert feedback not in negated
    assert len(negated) == len(unmarked)


def test_the_scoped_textcat_allows_one_positive_label_per_classifier(nlp) -> None:
    import api.nlp.components  # noqa: F401

    pipeline = spacy.blank("xx")
    first = pipeline.add_pipe("scoped_textcat", name="textcat_a", config={"model": _bow_model()})
    pipeline.add_pipe("scoped_textcat", name="textcat_b", config={"model": _bow_model()})
    for label in ("x", "y"):
        first.add_label(label)
    both = {"x": 1.0, "y": 0.0, "demand": 1.0}
    two_own = {"x": 1.0, "y": 1.0}

    first._validate_categories([Example.from_dict(pipeline.make_doc("t"), {"cats": both})])
    with pytest.raises(ValueError, match="textcat_a: more than one positive"):
        first._validate_categories([Example.from_dict(pipeline.make_doc("t"), {"cats": two_own})])


def _bow_model() -> dict:
    return {
        "@architectures": "medvirk.TextCatCharBOW.v1",
        "exclusive_classes": True,
        "char_sizes": [2, 3],
        "word_ngrams": 1,
        "length": 1024,
    }


def test_the_report_counts_per_language_and_level() -> None:
    ids = load_taxonomy().category_ids
    statements = [
        Statement("a", "nb", ids[0], "demand"),
        Statement("b", "nb", ids[1], "resource"),
        Statement("c", "en", ids[4], "demand"),
    ]
    predictions = ModelPredictions("m", 0.0, [ids[0], ids[0], "P"], ["demand", "demand", "demand"])

    report = evaluate(statements, predictions)

    assert report["nb"]["statements"] == 2 and report["en"]["statements"] == 1
    assert report["nb"]["level_macro_f1"] == 1.0  # both individual
    assert report["en"]["unplaced"] == 1
    assert report["all"]["polarity_accuracy"] == pytest.approx(2 / 3)
    assert report["nb"]["intervals"]["level_macro_f1"] == (1.0, 1.0)
    low, high = report["all"]["intervals"]["polarity_accuracy"]
    assert low < 2 / 3 < high


def test_the_margin_over_the_baseline_is_paired_and_has_an_interval() -> None:
    ids = load_taxonomy().category_ids
    statements = [Statement(f"s{n}", "nb", ids[n % 12], "demand") for n in range(120)]
    right = [s.category for s in statements]
    half_wrong = [c if n % 2 else ids[(n + 1) % 12] for n, c in enumerate(right)]
    polarities = ["demand"] * len(statements)
    perfect = ModelPredictions("perfect", 0.0, right, polarities)
    weaker = ModelPredictions("weaker", 0.0, half_wrong, polarities)

    ahead = category_margin(statements, perfect, weaker)
    level = category_margin(statements, weaker, weaker)

    assert ahead["points"] == pytest.approx(100 * (1 - macro_f1(right, half_wrong, ids)))
    assert 0 < ahead["interval"][0] < ahead["points"] < ahead["interval"][1]
    assert level == {"points": 0.0, "interval": [0.0, 0.0]}
