"""Placing a statement from its 12 category scores: the level first, then the category
within it, or P when the model is unsure.

The level is the one with the highest summed score of its categories, and the category
the best one inside that level. Choosing the best category outright lets three weak
organisation categories lose to one stronger leader category although the statement is
more likely about the organisation; on dev the level-first choice raised English level
macro-F1 from 0.858 to 0.887 and English category macro-F1 from 0.824 to 0.836, with
Norwegian within a point (README, Classifier). The classifier, the calibration and the
evaluation (for the spaCy model and the baseline alike) all place statements here.
"""

from __future__ import annotations

from collections.abc import Mapping

from api.nlp.taxonomy import UNPLACED, load_taxonomy


def best_level(scores: Mapping[str, float]) -> str:
    level_of = load_taxonomy().level_by_category
    totals: dict[str, float] = {}
    for category, score in scores.items():
        level = level_of[category]
        totals[level] = totals.get(level, 0.0) + score
    return max(totals, key=totals.__getitem__)


def best_category(scores: Mapping[str, float]) -> str:
    """The highest-scoring category of the highest-scoring level."""
    level_of = load_taxonomy().level_by_category
    level = best_level(scores)
    within = [category for category in scores if level_of[category] == level]
    return max(within, key=scores.__getitem__)


def placement(scores: Mapping[str, float], threshold: float) -> tuple[str, float]:
    """The best category, or P when its own score (the confidence) is under the
    threshold; with that confidence."""
    category = best_category(scores)
    confidence = scores[category]
    return (category if confidence >= threshold else UNPLACED), confidence


def place(scores: Mapping[str, float], threshold: float) -> str:
    return placement(scores, threshold)[0]
