"""IGLO x JD-R coding of statements with the trained spaCy pipeline.

The model directory holds the spaCy pipeline and `calibration.json`, written by the
calibration step from the dev split: the confidence under which a statement goes to P.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import api.nlp.components  # noqa: F401 - registers the scoped_textcat factory
from api.nlp.corpus import joint_label, level_label
from api.nlp.placement import placement
from api.nlp.scrub import scrub
from api.nlp.taxonomy import POLARITIES, load_taxonomy
from api.paths import PROJECT_ROOT

DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "iglo"
CALIBRATION_FILE = "calibration.json"


class ModelMissing(RuntimeError):
    """The classifier has not been trained (run `make classifier`)."""


@dataclass(frozen=True)
class Coding:
    text: str
    category: str
    level: str
    polarity: str
    confidence: float
    scores: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Classifier:
    nlp: Language
    threshold: float
    version: str

    def code_docs(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Coding]:
        """Code texts that are already scrubbed."""
        taxonomy = load_taxonomy()
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            scores = {c: round(v, 6) for c, v in category_scores(doc.cats).items()}
            category, confidence = placement(scores, self.threshold)
            polarities = polarity_scores(doc.cats)
            polarity = max(POLARITIES, key=polarities.__getitem__)
            yield Coding(
                text=doc.text,
                category=category,
                level=taxonomy.level_of(category),
                polarity=polarity,
                confidence=round(confidence, 6),
                scores=scores,
            )

    def code(self, texts: Iterable[str]) -> Iterator[Coding]:
        """Scrub, then code: personal data never reaches the model or the output."""
        return self.code_docs(scrub(text).text for text in texts)


PAIR_WEIGHT = 0.5
LEVEL_WEIGHT = 0.3


def category_scores(cats: Mapping[str, float]) -> dict[str, float]:
    """The 12 category scores a statement is placed by: the three classifiers that know
    the category voting together. A category's own score is mixed with the pair
    classifier's two scores for it (weight PAIR_WEIGHT); each level's total is mixed with
    the level classifier's score for it (weight LEVEL_WEIGHT) and shared out among the
    level's categories in proportion. On dev (chosen over a grid of both weights) this
    raised English categories from 0.839 to 0.864 and English levels from 0.880 to 0.909,
    Norwegian within half a point (README, Classifier). A model without the pair or level
    classifier gets its category scores unchanged."""
    taxonomy = load_taxonomy()
    level_of = taxonomy.level_by_category
    mixed = {c: _with_pairs(cats, c) for c in taxonomy.category_ids}
    level_totals = dict.fromkeys(taxonomy.levels, 0.0)
    for category, score in mixed.items():
        level_totals[level_of[category]] += score
    level_scores = {
        level: (1 - LEVEL_WEIGHT) * total + LEVEL_WEIGHT * cats.get(level_label(level), total)
        for level, total in level_totals.items()
    }
    scores = {}
    for category, score in mixed.items():
        level = level_of[category]
        total = level_totals[level]
        scores[category] = float(score / total * level_scores[level]) if total > 0 else 0.0
    return scores


def _with_pairs(cats: Mapping[str, float], category: str) -> float:
    pairs = [cats.get(label) for label in _pair_labels(category)]
    if any(score is None for score in pairs):
        return float(cats[category])
    return (1 - PAIR_WEIGHT) * cats[category] + PAIR_WEIGHT * sum(pairs)


@lru_cache(maxsize=64)
def _pair_labels(category: str) -> tuple[str, ...]:
    return tuple(joint_label(category, polarity) for polarity in POLARITIES)


def polarity_scores(cats: Mapping[str, float]) -> dict[str, float]:
    """Per polarity, the mean of the polarity classifier's score and the pair classifier's
    scores for it summed over the categories: the pair classifier learns what is a demand
    within each category, which the polarity classifier alone misses (see config.cfg).
    A model without the pair classifier gets the polarity classifier's scores."""
    pair_totals = dict.fromkeys(POLARITIES, 0.0)
    with_pairs = False
    for label, score in cats.items():
        _, slash, polarity = label.rpartition("/")
        if slash and polarity in pair_totals:
            pair_totals[polarity] += score
            with_pairs = True
    if not with_pairs:
        return {polarity: cats[polarity] for polarity in POLARITIES}
    return {polarity: (cats[polarity] + pair_totals[polarity]) / 2 for polarity in POLARITIES}


def polarity_score(cats: Mapping[str, float], polarity: str) -> float:
    return polarity_scores(cats)[polarity]


def read_threshold(model_dir: Path) -> float:
    path = model_dir / CALIBRATION_FILE
    if not path.exists():
        return 0.0
    return float(json.loads(path.read_text(encoding="utf-8"))["threshold"])


@lru_cache
def load_classifier(model_dir: Path = DEFAULT_MODEL_DIR) -> Classifier:
    if not (model_dir / "meta.json").exists():
        raise ModelMissing(f"no trained classifier in {model_dir}: run `make classifier`")
    nlp = spacy.load(model_dir)
    version = f"{nlp.meta.get('name', 'iglo')}-{nlp.meta.get('version', '0')}"
    return Classifier(nlp=nlp, threshold=read_threshold(model_dir), version=version)
