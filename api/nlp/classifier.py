"""IGLO x JD-R coding of statements with the trained spaCy pipeline.

The model directory holds the spaCy pipeline and `calibration.json`, written by the
calibration step from the dev split: the confidence under which a statement goes to P.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import api.nlp.components  # noqa: F401 - registers the scoped_textcat factory
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
            scores = {c: round(float(doc.cats[c]), 6) for c in taxonomy.category_ids}
            category, confidence = placement(scores, self.threshold)
            polarity = max(POLARITIES, key=lambda p: polarity_score(doc.cats, p))
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


def polarity_score(cats: dict[str, float], polarity: str) -> float:
    """The mean of the polarity classifier's score and the pair classifier's scores for
    this polarity summed over the categories: the pair classifier learns what is a demand
    within each category, which the polarity classifier alone misses (see config.cfg)."""
    pairs = [score for label, score in cats.items() if label.endswith(f"/{polarity}")]
    if not pairs:
        return cats[polarity]
    return (cats[polarity] + sum(pairs)) / 2


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
