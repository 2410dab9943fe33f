"""The baseline the spaCy model must beat: TF-IDF (words and character n-grams) with
logistic regression, trained on the same train split."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union


def train_baseline(texts: Sequence[str], labels: Sequence[str]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(max_iter=3000, C=10.0))
    return model.fit(list(texts), list(labels))


def probabilities(model: Pipeline, texts: Sequence[str]) -> list[dict[str, float]]:
    classes = list(model.classes_)
    return [
        dict(zip(classes, map(float, row), strict=True)) for row in model.predict_proba(list(texts))
    ]
