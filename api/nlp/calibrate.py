"""Choosing the confidence under which a statement goes to P, on the dev split only.

A statement sent to P counts as a miss for its true category and level but as no
prediction for any other. Sending unsure statements to P cleans the categories but costs
the levels, where an unsure category is usually still in the right level; so the
threshold is the one that maximises the mean of category and level macro-F1 on dev (for
session 5's model 0.28, where category macro-F1 alone had chosen 0.38; for session 6's
0.26). Run as `python -m api.nlp.calibrate MODEL_DIR`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from api.nlp.metrics import macro_f1
from api.nlp.placement import place
from api.nlp.taxonomy import load_taxonomy

GRID = [round(step * 0.02, 2) for step in range(0, 46)]


def calibrate_threshold(gold: Sequence[str], scores: Sequence[Mapping[str, float]]) -> float:
    """The threshold on the grid with the best mean of category and level macro-F1
    (the lowest among equals)."""
    taxonomy = load_taxonomy()
    gold_levels = [taxonomy.level_of(c) for c in gold]

    def score_at(threshold: float) -> float:
        placed = [place(s, threshold) for s in scores]
        levels = [taxonomy.level_of(c) for c in placed]
        categories_f1 = macro_f1(gold, placed, taxonomy.category_ids)
        return (categories_f1 + macro_f1(gold_levels, levels, taxonomy.levels)) / 2

    return max(GRID, key=lambda t: (round(score_at(t), 6), -t))


def main(argv: list[str]) -> None:
    from api.nlp.classifier import CALIBRATION_FILE
    from api.nlp.corpus import in_split, read_corpus
    from api.nlp.scoring import spacy_category_scores

    model_dir = Path(argv[0])
    dev = in_split(read_corpus(), "dev")
    scores = spacy_category_scores(model_dir, [s.text for s in dev])
    threshold = calibrate_threshold([s.category for s in dev], scores)
    (model_dir / CALIBRATION_FILE).write_text(
        json.dumps({"threshold": threshold, "split": "dev", "statements": len(dev)}) + "\n"
    )
    print(f"calibrate: P threshold {threshold} (dev, {len(dev)} statements)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
