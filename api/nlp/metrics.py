"""Classification metrics for the evaluation report (plain Python, no model code)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

RESAMPLES = 1000


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def per_label_scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> list[LabelScore]:
    """Precision, recall and F1 per label. A prediction outside `labels` (such as P) counts
    as a miss for the gold label and as no prediction for any label."""
    pairs = list(zip(gold, predicted, strict=True))
    hits = Counter(g for g, p in pairs if g == p)
    predicted_as = Counter(p for _, p in pairs)
    support = Counter(g for g, _ in pairs)
    scores = []
    for label in labels:
        precision = hits[label] / predicted_as[label] if predicted_as[label] else 0.0
        recall = hits[label] / support[label] if support[label] else 0.0
        scores.append(LabelScore(label, precision, recall, _f1(precision, recall), support[label]))
    return scores


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = [s for s in per_label_scores(gold, predicted, labels) if s.support]
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    pairs = list(zip(gold, predicted, strict=True))
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(gold, predicted, strict=True))


def bootstrap_intervals(
    metrics: Callable[[Sequence[int]], Mapping[str, float]],
    size: int,
    resamples: int = RESAMPLES,
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """The 95 % bootstrap interval of each figure `metrics` computes over `size` items:
    `metrics` is given the indices of each resample (drawn with replacement, fixed seed,
    so the report is the same every run). Without it a difference of half a point between
    two models, or between a model and its target, reads as more certain than a test
    split of a few hundred statements per language allows."""
    if size == 0:
        return {}
    rng = random.Random(seed)
    samples = [metrics(rng.choices(range(size), k=size)) for _ in range(resamples)]
    return {name: _central_95(sorted(s[name] for s in samples)) for name in samples[0]}


def _central_95(ordered: Sequence[float]) -> tuple[float, float]:
    return ordered[int(0.025 * len(ordered))], ordered[int(0.975 * len(ordered)) - 1]
