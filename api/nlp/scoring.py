"""Raw scores from the spaCy model through the production path (scrub, then classify),
for calibration and evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from api.nlp.classifier import load_classifier


def spacy_scores(model_dir: Path, texts: Sequence[str]) -> tuple[list[dict[str, float]], list[str]]:
    """Per text: the 12 category probabilities, and the predicted polarity."""
    codings = list(load_classifier(model_dir).code(texts))
    return [c.scores for c in codings], [c.polarity for c in codings]


def spacy_category_scores(model_dir: Path, texts: Sequence[str]) -> list[dict[str, float]]:
    return spacy_scores(model_dir, texts)[0]
