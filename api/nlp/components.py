"""A text categoriser that looks only at its own labels and scores under its own name.

Medvirk trains two exclusive classifiers on the same documents: one over the 12 IGLO
categories and one over the two JD-R polarities. Each document therefore carries two
positive labels in `doc.cats`, one per classifier, which spaCy's stock exclusive textcat
rejects because it checks all of `doc.cats`; and both would report their dev scores as
`cats_macro_f`, the second overwriting the first. This subclass checks only the labels it
owns and reports `<component>_macro_f` etc.; training, loss and prediction are spaCy's own.
(No `from __future__ import annotations` here: spaCy's config system reads the factory's
real type hints.)
"""

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.pipeline.textcat import TextCategorizer
from spacy.scorer import Scorer
from spacy.training import Example
from thinc.api import Model


class ScopedTextCategorizer(TextCategorizer):
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
