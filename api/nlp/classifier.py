"""IGLO x JD-R coding of statements with the trained spaCy pipeline.

The model directory holds the spaCy pipeline and `calibration.json`, written by the
calibration step from the dev split: the confidence under which a statement goes to P.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language

import api.nlp.components  # noqa: F401 - registers the scoped_textcat factory
from api.nlp.corpus import joint_label, level_label
from api.nlp.placement import placement
from api.nlp.scrub import scrub
from api.nlp.taxonomy import POLARITIES, Taxonomy, load_taxonomy
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
        texts = iter(texts)
        while batch := list(islice(texts, batch_size)):
            docs = self.nlp.pipe(batch, batch_size=batch_size)
            for text, doc in zip(batch, docs, strict=True):
                yield self._coding(text, doc.cats, taxonomy)

    def _coding(self, text: str, cats: Mapping[str, float], taxonomy: Taxonomy) -> Coding:
        scores = {c: round(v, 6) for c, v in category_scores(cats).items()}
        category, confidence = placement(scores, self.threshold)
        polarities = polarity_scores(cats)
        return Coding(
            text=text,
            category=category,
            level=taxonomy.level_of(category),
            polarity=max(POLARITIES, key=polarities.__getitem__),
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
    layout = _layout()
    if _has_pairs(cats):
        mixed = [
            (1 - PAIR_WEIGHT) * cats[category] + PAIR_WEIGHT * (cats[demand] + cats[resource])
            for category, _, (demand, resource) in layout
        ]
    else:
        mixed = [float(cats[category]) for category, _, _ in layout]
    level_totals = dict.fromkeys(load_taxonomy().levels, 0.0)
    for (_, level, _), score in zip(layout, mixed, strict=True):
        level_totals[level] += score
    level_scores = {
        level: (1 - LEVEL_WEIGHT) * total + LEVEL_WEIGHT * cats.get(level_label(level), total)
        for level, total in level_totals.items()
    }
    scores = {}
    for (category, level, _), score in zip(layout, mixed, strict=True):
        total = level_totals[level]
        scores[category] = float(score / total * level_scores[level]) if total > 0 else 0.0
    return scores


def _has_pairs(cats: Mapping[str, float]) -> bool:
    """Whether the model has the pair classifier (it scores all 24 pairs or none)."""
    return _layout()[0][2][0] in cats


@lru_cache(maxsize=1)
def _layout() -> tuple[tuple[str, str, tuple[str, str]], ...]:
    """(category, its level, its demand and resource pair labels) for every category, in
    taxonomy order."""
    taxonomy = load_taxonomy()
    demand, resource = POLARITIES
    return tuple(
        (c, taxonomy.level_of(c), (joint_label(c, demand), joint_label(c, resource)))
        for c in taxonomy.category_ids
    )


def polarity_scores(cats: Mapping[str, float]) -> dict[str, float]:
    """Per polarity, the mean of the polarity classifier's score and the pair classifier's
    scores for it summed over the categories: the pair classifier learns what is a demand
    within each category, which the polarity classifier alone misses (see config.cfg).
    A model without the pair classifier gets the polarity classifier's scores."""
    if not _has_pairs(cats):
        return {polarity: cats[polarity] for polarity in POLARITIES}
    demand, resource = POLARITIES
    demands = resources = 0.0
    for _, _, (demand_pair, resource_pair) in _layout():
        demands += cats[demand_pair]
        resources += cats[resource_pair]
    return {demand: (cats[demand] + demands) / 2, resource: (cats[resource] + resources) / 2}


def polarity_score(cats: Mapping[str, float], polarity: str) -> float:
    return polarity_scores(cats)[polarity]


def read_threshold(model_dir: Path) -> float:
    path = model_dir / CALIBRATION_FILE
    if not path.exists():
        return 0.0
    return float(json.loads(path.read_text(encoding="utf-8"))["threshold"])


def load_classifier(model_dir: Path = DEFAULT_MODEL_DIR) -> Classifier:
    """The classifier in `model_dir`, loaded once per trained model: `make classifier`
    swaps a retrained model in while the API runs, and the next call loads that one."""
    try:
        trained_at = (model_dir / "meta.json").stat().st_mtime_ns
    except FileNotFoundError:
        raise ModelMissing(f"no trained classifier in {model_dir}: run `make classifier`") from None
    return _load_classifier(model_dir, trained_at)


@lru_cache(maxsize=2)
def _load_classifier(model_dir: Path, trained_at: int) -> Classifier:
    nlp = spacy.load(model_dir)
    version = f"{nlp.meta.get('name', 'iglo')}-{nlp.meta.get('version', '0')}"
    return Classifier(nlp=nlp, threshold=read_threshold(model_dir), version=version)
