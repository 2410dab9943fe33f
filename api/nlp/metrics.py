"""Classification metrics for the evaluation report (plain Python, no model code)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


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
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        predicted_as = sum(1 for _, p in pairs if p == label)
        support = sum(1 for g, _ in pairs if g == label)
        precision = tp / predicted_as if predicted_as else 0.0
        recall = tp / support if support else 0.0
        scores.append(LabelScore(label, precision, recall, _f1(precision, recall), support))
    return scores


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = [s for s in per_label_scores(gold, predicted, labels) if s.support]
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    pairs = list(zip(gold, predicted, strict=True))
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(gold, predicted, strict=True))
